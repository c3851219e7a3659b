"""Votes and elections worked out by hand: each expected figure is derived in the comment."""

from __future__ import annotations

import pytest

from engines.governance import SIMPLE, TWO_THIRDS, Electorate, VoteRefused, decide, decide_counts, elect
from engines.governance.tests.helpers import election, round_of, vote

TEN = "A B C D E F G H I J"


def test_a_simple_majority_is_more_than_half_of_the_votes_cast() -> None:
    # 6 of 10 present: quorum (6 > 5). 3 yes, 2 no, 1 abstains: 5 cast, 5 // 2 + 1 = 3 needed.
    result = decide(vote(TEN, "A B C D E F", [("A", "yes"), ("B", "yes"), ("C", "yes"), ("D", "no"),
                                               ("E", "no"), ("F", "abstain")]))
    assert result.to_json() == {"quorum": True, "yes": 3, "no": 2, "abstentions": 1, "votes_cast": 5,
                                "required": 3, "adopted": True, "excluded": []}


def test_a_tie_does_not_adopt() -> None:
    # 2 yes, 2 no: 4 cast, 4 // 2 + 1 = 3 needed; 2 is not enough.
    result = decide(vote(TEN, "A B C D E F", [("A", "yes"), ("B", "yes"), ("C", "no"), ("D", "no")]))
    assert (result.votes_cast, result.required, result.adopted) == (4, 3, False)


@pytest.mark.parametrize(
    ("yes", "no", "required", "adopted"),
    [
        (2, 1, 2, True),    # 3 cast: ceil(2) = 2, exactly two thirds adopts
        (3, 2, 4, False),   # 5 cast: ceil(10/3) = 4
        (4, 2, 4, True),    # 6 cast: ceil(4) = 4
        (5, 3, 6, False),   # 8 cast: ceil(16/3) = 6
        (1, 0, 1, True),    # 1 cast: ceil(2/3) = 1
    ],
)
def test_two_thirds_is_at_least_two_thirds_of_the_votes_cast(yes, no, required, adopted) -> None:
    codes = [f"M{i}" for i in range(yes + no)]
    pairs = [(c, "yes") for c in codes[:yes]] + [(c, "no") for c in codes[yes:]]
    result = decide(vote(" ".join(codes), " ".join(codes), pairs, majority="two_thirds"))
    assert (result.votes_cast, result.required, result.adopted) == (yes + no, required, adopted)


def test_without_quorum_nothing_is_adopted_even_unanimously() -> None:
    # 5 of 10 present is half, not more than half.
    result = decide(vote(TEN, "A B C D E", [(m, "yes") for m in "ABCDE"]))
    assert (result.quorum, result.yes, result.required, result.adopted) == (False, 5, 3, False)


def test_suspended_members_neither_count_for_quorum_nor_have_their_ballots_counted() -> None:
    # 10 members, A–D suspended: 6 with voting rights (E–J). Present: A–D and E, F, G: only E, F,
    # G count, 3 of 6, not more than half. A's ballot is excluded with its reason.
    suspended = {m: "arrears of the two preceding years" for m in "ABCD"}
    result = decide(vote(TEN, "A B C D E F G", [("A", "yes"), ("E", "yes"), ("F", "no")],
                         suspended=suspended))
    assert result.quorum is False
    assert (result.yes, result.no, result.votes_cast) == (1, 1, 2)
    assert result.to_json()["excluded"] == [{"member": "A", "reason": "arrears of the two preceding years"}]
    assert (result.entitled, result.present_entitled) == (6, 3)
    # One more member with voting rights present: 4 of 6, quorum.
    assert decide(vote(TEN, "A B C D E F G H", [], suspended=suspended)).quorum is True


def test_observers_present_do_not_count() -> None:
    # VAT and PSE attend without a vote: 2 of 4 members present is not more than half.
    assert decide(vote("A B C D", "A B VAT PSE", [])).quorum is False


def test_abstentions_only_adopt_nothing() -> None:
    # 0 cast: simple needs 0 // 2 + 1 = 1; two thirds ceil(0) = 0, but a vote must be cast.
    for majority, required in (("simple", 1), ("two_thirds", 0)):
        result = decide(vote("A B C", "A B C", [("A", "abstain"), ("B", "abstain")], majority=majority))
        shown = (result.quorum, result.votes_cast, result.required, result.adopted)
        assert shown == (True, 0, required, False)


def test_nobody_with_voting_rights_means_no_quorum() -> None:
    result = decide(vote("A B", "A B", [("A", "yes")], suspended={"A": "arrears", "B": "arrears"}))
    assert (result.quorum, result.yes, result.adopted) == (False, 0, False)
    assert [e.member for e in result.excluded] == ["A"]


def test_a_suspension_of_a_non_member_takes_no_vote_away() -> None:
    assert decide(vote("A B C", "A B", [], suspended={"ZZZ": "typo"})).quorum is True  # 2 of 3


MEMBERS = "A B C D E F G H I"


def test_elected_in_the_first_round_and_counting_stops() -> None:
    # 9 present, 8 cast (I abstains): more than half of 8 is 5; X has 5.
    first = round_of({"A": "X", "B": "X", "C": "X", "D": "X", "E": "X", "F": "Y", "G": "Y", "H": "Z",
                      "I": "abstain"})
    result = elect(election(MEMBERS, MEMBERS, "X Y Z", [first]))
    assert result.to_json() == {
        "rounds": [{"round": 1, "counts": {"X": 5, "Y": 2, "Z": 1}, "votes_cast": 8, "required": 5,
                    "elected": "X", "eliminated_after": None}],
        "elected": "X",
    }
    assert result.rounds[0].abstentions == 1


def test_the_fewest_is_eliminated_from_the_third_round_on() -> None:
    # Rounds 1–3 the same: X 4, Y 3, Z 2 of 9 cast, 5 needed. No elimination after rounds 1 and
    # 2; after round 3 Z (fewest) goes. Round 4: X 4, Y 5: Y elected.
    same = round_of({"A": "X", "B": "X", "C": "X", "D": "X", "E": "Y", "F": "Y", "G": "Y", "H": "Z",
                     "I": "Z"})
    fourth = round_of({"A": "X", "B": "X", "C": "X", "D": "X", "E": "Y", "F": "Y", "G": "Y", "H": "Y",
                       "I": "Y"})
    result = elect(election(MEMBERS, MEMBERS, "X Y Z", [same, same, same, fourth]))
    assert [r.eliminated_after for r in result.rounds] == [None, None, "Z", None]
    assert [r.elected for r in result.rounds] == [None, None, None, "Y"]
    assert result.rounds[3].counts == {"X": 4, "Y": 5}  # Z no longer stands
    assert result.elected == "Y"


def test_several_tied_for_fewest_none_is_eliminated_and_they_are_named() -> None:
    # Round 3: W 4, X 3, Y 1, Z 1 of 9: 5 needed; Y and Z tie for fewest: nobody goes.
    tied = round_of({"A": "W", "B": "W", "C": "W", "D": "W", "E": "X", "F": "X", "G": "X", "H": "Y",
                     "I": "Z"})
    result = elect(election(MEMBERS, MEMBERS, "W X Y Z", [tied, tied, tied, tied]))
    third = result.rounds[2].to_json()
    assert third["eliminated_after"] is None
    assert third["tied_lowest"] == ["Y", "Z"]
    assert "tied_lowest" not in result.rounds[1].to_json()  # round 2: no elimination was due
    assert result.rounds[3].counts == {"W": 4, "X": 3, "Y": 1, "Z": 1}
    assert result.elected is None


def test_with_two_standing_nobody_is_eliminated() -> None:
    # X 4, Y 4 (I abstains): 8 cast, 5 needed, round after round.
    even = round_of({"A": "X", "B": "X", "C": "X", "D": "X", "E": "Y", "F": "Y", "G": "Y", "H": "Y"})
    result = elect(election(MEMBERS, MEMBERS, "X Y", [even] * 4))
    assert [r.eliminated_after for r in result.rounds] == [None] * 4
    assert all("tied_lowest" not in r.to_json() for r in result.rounds)
    assert result.elected is None


def test_a_candidate_with_no_vote_is_the_fewest() -> None:
    # Round 3: X 5 of 9 would elect; make it 4 X, 4 Y, 1 abstains: 8 cast, 5 needed; Z has 0.
    third = round_of({"A": "X", "B": "X", "C": "X", "D": "X", "E": "Y", "F": "Y", "G": "Y", "H": "Y",
                      "I": "abstain"})
    result = elect(election(MEMBERS, MEMBERS, "X Y Z", [third] * 3))
    assert result.rounds[2].counts == {"X": 4, "Y": 4, "Z": 0}
    assert result.rounds[2].eliminated_after == "Z"
    assert result.standing == ("X", "Y")


def test_a_director_general_needs_two_thirds() -> None:
    # 9 cast: ceil(6) = 6. X 5 is a simple majority but not two thirds; then 6 elects.
    five = round_of({"A": "X", "B": "X", "C": "X", "D": "X", "E": "X", "F": "Y", "G": "Y", "H": "Y",
                     "I": "Y"})
    six = dict(five) | {"F": "X"}
    result = elect(election(MEMBERS, MEMBERS, "X Y", [five, list(six.items())], majority="two_thirds"))
    assert [(r.required, r.elected) for r in result.rounds] == [(6, None), (6, "X")]
    assert TWO_THIRDS.required(9) == 6


def test_an_empty_round_elects_nobody_and_ties_everyone_for_fewest() -> None:
    result = elect(election(MEMBERS, MEMBERS, "X Y Z", [[], [], []], majority="two_thirds"))
    third = result.rounds[2]
    assert (third.votes_cast, third.required, third.elected) == (0, 0, None)
    assert third.tied_lowest == ("X", "Y", "Z")


def test_a_suspended_members_election_ballot_is_excluded() -> None:
    # I is suspended: its ballot for Y does not count; X 5 of 8 cast elects (5 needed).
    first = round_of({"A": "X", "B": "X", "C": "X", "D": "X", "E": "X", "F": "Y", "G": "Y", "H": "Y",
                      "I": "Y"})
    result = elect(election(MEMBERS, MEMBERS, "X Y", [first], suspended={"I": "arrears"}))
    assert (result.rounds[0].counts, result.elected) == ({"X": 5, "Y": 3}, "X")
    assert [e.to_json() for e in result.rounds[0].excluded] == [{"member": "I", "reason": "arrears"}]


def test_no_round_yet_is_an_election_not_decided() -> None:
    assert elect(election(MEMBERS, MEMBERS, "X Y", [])).to_json() == {"rounds": [], "elected": None}


def test_a_show_of_hands_is_decided_from_its_counts() -> None:
    room = Electorate(tuple("ABCDE"), {"E": "arrears"}, tuple("ABCDE"))
    # 4 with voting rights, all present; 2 yes, 1 no, 1 abstains: 3 cast, 2 needed.
    assert decide_counts(room, SIMPLE, 2, 1, 1).to_json() == {
        "quorum": True, "yes": 2, "no": 1, "abstentions": 1, "votes_cast": 3, "required": 2,
        "adopted": True, "excluded": []}
    with pytest.raises(VoteRefused) as raised:
        decide_counts(room, SIMPLE, 3, 2, -1)
    assert [str(p) for p in raised.value.problems] == ["abstentions: -1 is not a count"]
    with pytest.raises(VoteRefused, match="5 hands, but only 4 members with voting rights are present"):
        decide_counts(room, SIMPLE, 3, 2, 0)
