"""Governance: votes and elections decided from the rules, the rules themselves as data.

Pure Python, no Django. `decide(vote)` gives a motion's result (quorum, yes, no, abstentions,
votes cast, the yes votes required, adopted, excluded ballots); `elect(election)` counts a
single-seat election over repeated ballots with elimination from the third round. Both raise
VoteRefused listing every problem. `load_rule_set()` reads a shipped constitution.

    decision = decide(Vote(members, suspended, present, TWO_THIRDS, ballots))
    decision.adopted, decision.required, decision.to_json()
"""

from engines.governance.ballots import ABSTAIN, NO, YES, Ballot, Electorate, Exclusion
from engines.governance.election import Election, ElectionResult, Round, count_election, elect
from engines.governance.errors import Problem, RuleSetError, VoteRefused
from engines.governance.reading import read_election, read_vote
from engines.governance.rules import (
    DEFAULT_RULE_SET,
    MAJORITIES,
    QUORUM,
    SHIPPED,
    SIMPLE,
    TWO_THIRDS,
    ArrearsRule,
    ExecutiveCommittee,
    Majority,
    RuleSet,
    Threshold,
    load_rule_set,
    rule_set_from_dict,
    rule_set_to_dict,
)
from engines.governance.tally import Decision, Vote, decide, decide_counts

__all__ = [
    "ABSTAIN",
    "DEFAULT_RULE_SET",
    "MAJORITIES",
    "NO",
    "QUORUM",
    "SHIPPED",
    "SIMPLE",
    "TWO_THIRDS",
    "YES",
    "ArrearsRule",
    "Ballot",
    "Decision",
    "Election",
    "ElectionResult",
    "Electorate",
    "Exclusion",
    "ExecutiveCommittee",
    "Majority",
    "Problem",
    "Round",
    "RuleSet",
    "RuleSetError",
    "Threshold",
    "Vote",
    "VoteRefused",
    "count_election",
    "decide",
    "decide_counts",
    "elect",
    "load_rule_set",
    "read_election",
    "read_vote",
    "rule_set_from_dict",
    "rule_set_to_dict",
]
