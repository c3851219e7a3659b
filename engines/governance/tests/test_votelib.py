"""The engine's tallies against an independent library, votelib, where the two overlap.

votelib knows thresholds of the votes cast and plurality with ties, not our rounds, quorum or
suspensions; so the ballots are counted here without the engine (a Counter of the ballots that
are neither abstentions nor a suspended member's), and votelib says whether that count passes
each majority, who leads and who has fewest. Two thirds is asked the other way round: yes has at
least two thirds exactly when no has not more than one third (votelib's `accept_equal` compares
a count with the fraction, so "at least" is not what it checks for a relative threshold).
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from hypothesis import given, settings
from votelib.convert import InvertedSimpleVotes
from votelib.evaluate.core import Plurality, Tie
from votelib.evaluate.threshold import RelativeThreshold

from engines.governance import SIMPLE, decide, elect
from engines.governance.tests.strategies import elections, votes

SETTINGS = settings(max_examples=300, deadline=None, database=None)
MORE_THAN_HALF = RelativeThreshold(Fraction(1, 2), accept_equal=False)
MORE_THAN_A_THIRD = RelativeThreshold(Fraction(1, 3), accept_equal=False)


def passes(counts: dict[str, int], chosen: str, majority) -> bool:
    """Whether `chosen` has the majority of the votes cast in `counts`, by votelib."""
    if sum(counts.values()) == 0:
        return False  # votelib divides by the votes cast; with none nothing passes
    if majority == SIMPLE:
        return chosen in MORE_THAN_HALF.evaluate(counts)
    rest = {chosen: counts[chosen], "the others": sum(counts.values()) - counts[chosen]}
    return "the others" not in MORE_THAN_A_THIRD.evaluate(rest)


@SETTINGS
@given(vote=votes())
def test_a_motion_passes_as_votelib_says(vote) -> None:
    counted = Counter(b.vote for b in vote.ballots if b.member not in vote.suspended)
    result = decide(vote)
    assert (result.yes, result.no, result.abstentions) == (counted["yes"], counted["no"], counted["abstain"])
    tally = {"yes": counted["yes"], "no": counted["no"]}
    assert result.adopted == (result.quorum and passes(tally, "yes", vote.majority))


@SETTINGS
@given(election=elections())
def test_each_round_elects_and_eliminates_as_votelib_says(election) -> None:
    result = elect(election)
    for ballots, counted in zip(election.rounds, result.rounds, strict=True):
        recount = Counter(b.vote for b in ballots if b.member not in election.suspended)
        del recount["abstain"]
        counts = {c: recount[c] for c in counted.counts}
        assert counted.counts == counts
        assert counted.votes_cast == recount.total()  # no vote for anyone not standing
        winners = [c for c in counts if passes(counts, c, election.majority)]
        assert counted.elected == (winners[0] if winners else None)
        assert len(winners) <= 1
        if counted.elected is not None:
            # The elected leads, alone, by votelib's plurality.
            assert Plurality().evaluate(counts, 1) == [counted.elected]
        due = counted.round >= 3 and len(counts) > 2 and counted.elected is None
        if not due:
            assert (counted.eliminated_after, counted.tied_lowest) == (None, ())
        else:
            # The fewest is the plurality of the votes turned negative.
            (lowest,) = Plurality().evaluate(InvertedSimpleVotes().convert(counts), 1)
            if isinstance(lowest, Tie):
                assert counted.eliminated_after is None
                assert set(counted.tied_lowest) == set(lowest)
            else:
                assert (counted.eliminated_after, counted.tied_lowest) == (lowest, ())
