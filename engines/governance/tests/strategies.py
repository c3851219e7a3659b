"""Hypothesis strategies: random electorates, votes, and elections played round by round."""

from __future__ import annotations

from hypothesis import strategies as st

from engines.governance import MAJORITIES, Ballot, Election, Vote, elect
from engines.governance.ballots import ABSTAIN

VOTE_VALUES = ("yes", "no", "abstain")


@st.composite
def electorates(draw: st.DrawFn) -> tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]:
    """(members, suspended, present): suspensions and observers (`OBS…`, present without a vote)."""
    size = draw(st.integers(5, 14) | st.integers(0, 4))
    members = tuple(f"M{i:02d}" for i in range(size))
    # Drawn from a seeded Random: hypothesis alone favours "nobody present, nobody suspended".
    chance = draw(st.randoms(use_true_random=True))
    share_present, share_suspended = chance.choice((0.5, 0.75, 1.0)), chance.choice((0, 0.15, 0.4))
    suspended = {m: f"arrears of {m}" for m in members if chance.random() < share_suspended}
    present = [m for m in members if chance.random() < share_present]
    present += [f"OBS{i}" for i in range(chance.randint(0, 2))]
    chance.shuffle(present)
    return members, suspended, tuple(present)


@st.composite
def votes(draw: st.DrawFn) -> Vote:
    members, suspended, present = draw(electorates())
    voters = [m for m in present if m in members and draw(st.booleans() | st.just(True))]
    ballots = tuple(Ballot(m, draw(st.sampled_from(VOTE_VALUES))) for m in voters)
    return Vote(members, suspended, present, MAJORITIES[draw(st.sampled_from(sorted(MAJORITIES)))], ballots)


@st.composite
def elections(draw: st.DrawFn) -> Election:
    """An election whose every ballot is valid: each round's ballots are drawn among the candidates
    still standing after the rounds before it, and no round follows the one that elects."""
    members, suspended, present = draw(electorates())
    voters = [m for m in present if m in members]
    # Mostly three or more candidates over three or more rounds, so that eliminations happen.
    candidates = tuple(f"C{i}" for i in range(draw(st.integers(3, 5) | st.integers(1, 2))))
    majority = MAJORITIES[draw(st.sampled_from(sorted(MAJORITIES)))]
    election = Election(members, suspended, present, majority, candidates, ())
    spread = draw(st.randoms(use_true_random=True))
    preferences = {m: spread.sample(candidates, len(candidates)) for m in voters}
    if draw(st.booleans()):
        # A divided Council: first preferences dealt out in turn, so no majority comes easily.
        for turn, member in enumerate(voters):
            first = candidates[turn % len(candidates)]
            preferences[member] = [first, *(c for c in preferences[member] if c != first)]
    for _ in range(draw(st.integers(3, 8) | st.integers(0, 2))):
        so_far = elect(election)
        if so_far.elected is not None:
            break
        # Most voters keep to their order of preference (the first of it still standing), so a
        # round that elects nobody is often followed by another, and eliminations happen; some
        # change their mind, abstain or stay away, so ties for first and for fewest happen too.
        choices = [*so_far.standing, ABSTAIN]
        ballots = []
        for member in voters:
            luck = spread.random()
            if luck < 0.75:
                ballots.append(Ballot(member, next(c for c in preferences[member] if c in so_far.standing)))
            elif luck < 0.95:
                ballots.append(Ballot(member, spread.choice(choices)))
        ballots = tuple(ballots)
        election = Election(members, suspended, present, majority, candidates, (*election.rounds, ballots))
    return election
