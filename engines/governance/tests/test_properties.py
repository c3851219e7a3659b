"""Properties of every vote and election against the rules, on random electorates and ballots."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from engines.governance import SIMPLE, TWO_THIRDS, Ballot, decide, decide_counts, elect
from engines.governance.tests.strategies import VOTE_VALUES, elections, votes

SETTINGS = settings(max_examples=200, deadline=None, database=None)


@SETTINGS
@given(vote=votes())
def test_adopting_needs_quorum_and_a_vote_cast(vote) -> None:
    result = decide(vote)
    if result.adopted:
        assert result.quorum
        assert result.votes_cast >= 1
    # Quorum, written differently: twice the present members with voting rights exceed them all.
    entitled = [m for m in vote.members if m not in vote.suspended]
    present = [m for m in entitled if m in vote.present]
    assert result.quorum == (2 * len(present) > len(entitled))


@SETTINGS
@given(vote=votes())
def test_required_is_the_fewest_yes_votes_that_adopt(vote) -> None:
    result = decide(vote)
    cast = result.votes_cast
    share = Fraction(1, 2) if vote.majority == SIMPLE else Fraction(2, 3)

    def enough(yes: int) -> bool:  # from the words: more than half; at least two thirds
        return yes > share * cast if vote.majority == SIMPLE else yes >= share * cast

    assert enough(result.required)
    assert result.required == 0 or not enough(result.required - 1)
    assert result.adopted == (result.quorum and cast >= 1 and enough(result.yes))
    assert (result.yes + result.no, result.abstentions) == (cast, sum(
        1 for b in vote.ballots if b.vote == "abstain" and b.member not in vote.suspended))


@SETTINGS
@given(vote=votes(), data=st.data())
def test_abstentions_never_change_a_simple_majority_between_yes_and_no(vote, data) -> None:
    vote = dataclasses.replace(vote, majority=SIMPLE)
    voted = {b.member for b in vote.ballots}
    silent = [m for m in vote.present if m in vote.members and m not in voted]
    abstaining = data.draw(st.lists(st.sampled_from(silent), unique=True) if silent else st.just([]))
    more = dataclasses.replace(vote, ballots=vote.ballots + tuple(Ballot(m, "abstain") for m in abstaining))
    fewer = dataclasses.replace(vote, ballots=tuple(b for b in vote.ballots if b.vote != "abstain"))
    first = decide(vote)
    for other in (decide(more), decide(fewer)):
        assert (other.adopted, other.yes, other.no, other.required) == (
            first.adopted, first.yes, first.no, first.required)


@SETTINGS
@given(vote=votes(), data=st.data())
def test_a_suspended_members_ballot_never_changes_a_result(vote, data) -> None:
    voted = {b.member for b in vote.ballots}
    silent = [m for m in vote.present if m in vote.suspended and m in vote.members and m not in voted]
    if not silent:
        return
    member = data.draw(st.sampled_from(silent))
    extra = Ballot(member, data.draw(st.sampled_from(VOTE_VALUES)))
    position = data.draw(st.integers(0, len(vote.ballots)))
    ballots = (*vote.ballots[:position], extra, *vote.ballots[position:])
    before, after = decide(vote).to_json(), decide(dataclasses.replace(vote, ballots=ballots)).to_json()
    assert {**after, "excluded": None} == {**before, "excluded": None}
    assert {"member": member, "reason": vote.suspended[member]} in after["excluded"]


@SETTINGS
@given(vote=votes(), order=st.randoms(use_true_random=False))
def test_the_order_of_the_ballots_does_not_matter(vote, order) -> None:
    shuffled = list(vote.ballots)
    order.shuffle(shuffled)
    first, second = decide(vote), decide(dataclasses.replace(vote, ballots=tuple(shuffled)))
    assert dataclasses.replace(first, excluded=()) == dataclasses.replace(second, excluded=())
    assert sorted(first.excluded, key=str) == sorted(second.excluded, key=str)


@SETTINGS
@given(election=elections())
def test_every_round_follows_the_rules(election) -> None:
    result = elect(election)
    standing = list(election.candidates)
    for number, counted in enumerate(result.rounds, start=1):
        assert counted.round == number
        assert list(counted.counts) == standing  # only those still standing, in the candidates' order
        assert sum(counted.counts.values()) == counted.votes_cast
        assert counted.required == election.majority.required(counted.votes_cast)
        meeting = [c for c, n in counted.counts.items() if counted.votes_cast and n >= counted.required]
        assert len(meeting) <= 1  # a majority of either kind has room for one
        assert counted.elected == (meeting[0] if meeting else None)
        if counted.eliminated_after is not None:
            assert number >= 3 and len(standing) > 2 and counted.elected is None
            loser = counted.counts[counted.eliminated_after]
            # Elimination never removes the leader: the eliminated has fewer votes than every other.
            assert all(n > loser for c, n in counted.counts.items() if c != counted.eliminated_after)
            standing.remove(counted.eliminated_after)
        elif counted.tied_lowest:
            fewest = min(counted.counts.values())
            assert list(counted.tied_lowest) == [c for c, n in counted.counts.items() if n == fewest]
            assert len(counted.tied_lowest) >= 2 and max(counted.counts.values()) >= fewest
        else:
            assert counted.elected is not None or number < 3 or len(standing) <= 2
    if result.elected is not None:
        assert result.rounds[-1].elected == result.elected  # counting stops at the elected
    assert [r.elected for r in result.rounds[:-1]] == [None] * (len(result.rounds) - 1)


@SETTINGS
@given(election=elections(), data=st.data())
def test_a_suspended_members_election_ballot_never_changes_a_result(election, data) -> None:
    if not election.rounds:
        return
    index = data.draw(st.integers(0, len(election.rounds) - 1))
    voted = {b.member for b in election.rounds[index]}
    silent = [m for m in election.present if m in election.suspended and m in election.members
              and m not in voted]
    if not silent:
        return
    result = elect(election)
    standing = list(result.rounds[index].counts)
    extra = Ballot(data.draw(st.sampled_from(silent)), data.draw(st.sampled_from([*standing, "abstain"])))
    rounds = list(election.rounds)
    rounds[index] = (*rounds[index], extra)
    assert elect(dataclasses.replace(election, rounds=tuple(rounds))).to_json() == result.to_json()


@SETTINGS
@given(election=elections())
def test_an_election_round_requires_what_a_vote_of_as_many_votes_cast_requires(election) -> None:
    for counted in elect(election).rounds:
        majority = election.majority
        assert counted.required == (counted.votes_cast // 2 + 1 if majority == SIMPLE
                                    else -(-2 * counted.votes_cast // 3))
        assert majority in (SIMPLE, TWO_THIRDS)


@SETTINGS
@given(vote=votes())
def test_a_show_of_hands_gives_what_the_ballots_give(vote) -> None:
    by_ballot = decide(vote)
    by_hands = decide_counts(vote.electorate, vote.majority, by_ballot.yes, by_ballot.no,
                             by_ballot.abstentions)
    assert dataclasses.replace(by_hands, excluded=by_ballot.excluded) == by_ballot
