"""Every refusal of the contract, listed together, by the engine and by `corridor-vote`: exit 2,
every problem on stderr naming its round, ballot and member, and nothing on standard output."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from engines.governance import Majority, VoteRefused, decide, elect
from engines.governance.cli import main
from engines.governance.tests.helpers import election, election_json, vote, vote_json, write_json


def refused(capsys, path: Path, command: str) -> list[str]:
    assert main([command, str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    header, *problems = err.splitlines()
    assert header == f"corridor-vote {command}: refused, {len(problems)} problem(s):"
    return [p.removeprefix(f"{path}: ") for p in problems]


def test_a_vote_lists_every_problem_of_its_ballots() -> None:
    with pytest.raises(VoteRefused) as raised:
        decide(vote("A B C D", "A B C", [("A", "yes"), ("ZZ", "yes"), ("D", "no"), ("A", "no"),
                                          ("B", "maybe"), ("C", "Yes")], suspended={"C": "arrears"}))
    assert [str(p) for p in raised.value.problems] == [
        "ballot 2, member 'ZZ': is not a member",
        "ballot 3, member 'D': is not present",
        "ballot 4, member 'A': has already voted (ballot 1)",
        "ballot 5, member 'B': votes 'maybe', which is not 'yes', 'no' or 'abstain'",
        # A suspended member's bad ballot is refused like any other, not excluded.
        "ballot 6, member 'C': votes 'Yes', which is not 'yes', 'no' or 'abstain'",
    ]


def test_an_election_lists_every_problem_of_every_round() -> None:
    # Rounds 1, 2: X 1, Y 1, Z 2 of 4 cast, 3 needed. Round 3: X 2, Y 1, Z 3 of 6, 4 needed: Y,
    # the fewest, is eliminated. Round 4 counts C, D, E (the rest refused): Z 3 of 3 is elected.
    split = [("A", "X"), ("B", "Y"), ("C", "Z"), ("D", "Z")]
    third = [("A", "X"), ("B", "Y"), ("C", "Z"), ("D", "Z"), ("E", "X"), ("F", "Z")]
    fourth = [("A", "Y"), ("B", "Q"), ("G", "X"), ("C", "Z"), ("C", "Z"), ("D", "Z"), ("E", "Z")]
    fifth = [("A", "X")]
    with pytest.raises(VoteRefused) as raised:
        elect(election("A B C D E F G", "A B C D E F", "X Y Z", [split, split, third, fourth, fifth]))
    assert [str(p) for p in raised.value.problems] == [
        "round 4, ballot 1, member 'A': votes for 'Y', eliminated after round 3",
        "round 4, ballot 2, member 'B': votes for 'Q', who is not a candidate",
        "round 4, ballot 3, member 'G': is not present",
        "round 4, ballot 5, member 'C': has already voted (ballot 4)",
        "round 5: comes after the election: 'Z' was elected in round 4",
    ]


def test_candidates_seats_and_electorate_must_make_sense() -> None:
    bad = dataclasses.replace(election("A A B", "B B", "X X abstain", []), seats=3)
    with pytest.raises(VoteRefused) as raised:
        elect(bad)
    assert [str(p) for p in raised.value.problems] == [
        "members: names 'A' twice",
        "present: names 'B' twice",
        "seats: 3: only single-seat elections are counted (1)",
        "candidates: names 'X' twice",
        "candidates: 'abstain' cannot be a candidate's name",
    ]


def test_a_majority_below_half_given_to_the_engine_is_refused() -> None:
    third = Majority(Fraction(1, 3), more_than=False, name="third")
    loose = dataclasses.replace(vote("A B", "A B", []), majority=third)
    with pytest.raises(VoteRefused, match="majority: at least 1/3 is below half"):
        decide(loose)


def test_the_command_refuses_a_vote_with_every_problem(capsys, tmp_path: Path) -> None:
    data = vote_json(["FRA", "DEU", "ITA"], ["FRA", "DEU"],
                     [("FRA", "yes"), ("GBR", "no"), ("ITA", "no"), ("FRA", "no"), ("DEU", "oui")])
    data["ballots"].append({"vote": "yes"})
    data["ballots"].append("yes")
    assert refused(capsys, write_json(tmp_path / "VOTE.json", data), "decide") == [
        "ballot 6: the member None is not a code (text)",
        'ballot 7: is not {"member": code, "vote": ...}',
        "ballot 2, member 'GBR': is not a member",
        "ballot 3, member 'ITA': is not present",
        "ballot 4, member 'FRA': has already voted (ballot 1)",
        "ballot 5, member 'DEU': votes 'oui', which is not 'yes', 'no' or 'abstain'",
    ]


def test_the_command_refuses_malformed_fields(capsys, tmp_path: Path) -> None:
    data = {"members": "FRA DEU", "suspended": {"ITA": 3}, "present": ["FRA", 7], "majority": "relative",
            "ballots": {}}
    assert refused(capsys, write_json(tmp_path / "VOTE.json", data), "decide") == [
        "members: is missing or not a list of codes",
        "suspended, 'ITA': the reason 3 is not text",
        "present: holds 7, which is not a code (text)",
        "majority: 'relative' is not 'simple' or 'two_thirds'",
        "ballots: is not a list of ballots",
    ]
    election_data = {"members": ["A"], "present": ["A"], "majority": "simple", "candidates": ["X"],
                     "seats": "one", "rounds": [[{"member": "A", "vote": 1}], "none"]}
    assert refused(capsys, write_json(tmp_path / "ELECTION.json", election_data), "elect") == [
        "seats: 'one' is not a whole number",
        "round 1, ballot 1, member 'A': the vote 1 is not text",
        "round 2: is not a list of ballots",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "is not valid JSON: Expecting property name enclosed in double quotes: "
              "line 1 column 2 (char 1)"),
        ("[]", "is not a JSON object"),
        ("", "is not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    ],
)
def test_the_command_refuses_what_is_not_a_json_object(capsys, tmp_path: Path, text, expected) -> None:
    path = tmp_path / "VOTE.json"
    path.write_text(text, encoding="utf-8")
    assert main(["decide", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[1] == f"{path} {expected}"


def test_a_missing_or_binary_file_is_refused(capsys, tmp_path: Path) -> None:
    assert main(["elect", str(tmp_path / "absent.json")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "cannot be read: No such file or directory" in err
    binary = tmp_path / "VOTE.json"
    binary.write_bytes(b"\xff\xfe{")
    assert main(["decide", str(binary)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "is not UTF-8 text" in err


def test_a_malformed_command_line_exits_2(capsys) -> None:
    for argv in ([], ["count", "x.json"], ["decide"]):
        with pytest.raises(SystemExit) as raised:
            main(argv)
        assert raised.value.code == 2
        assert capsys.readouterr().out == ""


def _script() -> Path:
    script = Path(sys.executable).parent / "corridor-vote"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    return script


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(_script()), *map(str, args)], capture_output=True, text=True, timeout=60,
                          check=False)


def test_the_installed_script_refuses_each_of_the_contracts_cases(tmp_path: Path) -> None:
    members = ["A", "B", "C", "D"]
    cases = {
        "a non-member": ("decide", vote_json(members, members, [("Z", "yes")]), "is not a member"),
        "a member not present": ("decide", vote_json(members, ["A", "B", "C"], [("D", "yes")]),
                                 "is not present"),
        "a second ballot": ("decide", vote_json(members, members, [("A", "yes"), ("A", "yes")]),
                            "has already voted (ballot 1)"),
        "an unknown vote": ("decide", vote_json(members, members, [("A", "perhaps")]), "votes 'perhaps'"),
        "an unknown candidate": ("elect", election_json(members, members, ["X", "Y"], [[("A", "W")]]),
                                 "votes for 'W', who is not a candidate"),
        "an eliminated candidate": (
            "elect",
            election_json(members, members, ["X", "Y", "Z"],
                          [[("A", "X"), ("B", "X"), ("C", "Y"), ("D", "Y")]] * 3 + [[("A", "Z")]]),
            "round 4, ballot 1, member 'A': votes for 'Z', eliminated after round 3"),
        "a round after the election": (
            "elect", election_json(members, members, ["X", "Y"], [[("A", "X"), ("B", "X"), ("C", "X")],
                                                                  [("A", "Y")]]),
            "round 2: comes after the election: 'X' was elected in round 1"),
        "malformed JSON": ("decide", None, "is not valid JSON"),
    }
    for name, (command, data, expected) in cases.items():
        path = tmp_path / f"{name}.json"
        if data is None:
            path.write_text("{'members': []}", encoding="utf-8")
        else:
            write_json(path, data)
        done = _run(command, path)
        assert done.returncode == 2, (name, done.stdout, done.stderr)
        assert done.stdout == "", name
        assert expected in done.stderr, (name, done.stderr)


def test_the_installed_script_prints_the_result(tmp_path: Path) -> None:
    data = vote_json(["FRA", "DEU", "GRC"], ["FRA", "DEU", "GRC"], [("FRA", "yes"), ("GRC", "no")],
                     suspended={"GRC": "arriérés de 1994 et 1995"})
    done = _run("decide", write_json(tmp_path / "VOTE.json", data))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == {"quorum": True, "yes": 1, "no": 0, "abstentions": 0, "votes_cast": 1,
                                       "required": 1, "adopted": True,
                                       "excluded": [{"member": "GRC", "reason": "arriérés de 1994 et 1995"}]}
    rounds = [[("FRA", "X"), ("DEU", "Y")]] * 3
    done = _run("elect", write_json(tmp_path / "ELECTION.json",
                                    election_json(["FRA", "DEU"], ["FRA", "DEU"], ["X", "Y"], rounds)))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["elected"] is None
    assert [list(r) for r in printed["rounds"]] == [
        ["round", "counts", "votes_cast", "required", "elected", "eliminated_after"]] * 3


def test_what_the_contract_leaves_out_is_not_refused(capsys, tmp_path: Path) -> None:
    """`suspended` left out or null, `seats` left out, fields the contract does not name, and
    observers among the present are all accepted."""
    data = {"members": ["A", "B", "C"], "present": ["A", "B", "OBSERVER"], "majority": "simple",
            "ballots": [{"member": "A", "vote": "yes", "receipt": "K7Q2"}], "session": "MC/1868"}
    assert main(["decide", str(write_json(tmp_path / "VOTE.json", data))]) == 0
    assert json.loads(capsys.readouterr().out)["adopted"] is True  # 2 of 3 present: quorum
    election_data = {"members": ["A", "B"], "suspended": None, "present": ["A", "B"], "majority": "simple",
                     "candidates": ["X"], "rounds": [[{"member": "A", "vote": "X"}]]}
    assert main(["elect", str(write_json(tmp_path / "ELECTION.json", election_data))]) == 0
    assert json.loads(capsys.readouterr().out)["elected"] == "X"


def test_odd_text_neither_crashes_nor_prints_half_a_result(capsys, tmp_path: Path) -> None:
    deep = tmp_path / "VOTE.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["decide", str(deep)]) == 2
    assert capsys.readouterr().out == ""
    # A lone surrogate is valid JSON text but has no UTF-8: the result is printed escaped.
    data = vote_json(["A", "B"], ["A", "B"], [("B", "no")], suspended={"B": "arri\ud800r"})
    path = tmp_path / "ODD.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # json.dumps escapes it as \ud800
    assert main(["decide", str(path)]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["excluded"] == [{"member": "B", "reason": "arri\ud800r"}]
