"""Movement planner: assign households to transports, most urgent first, least waiting second.

Plain Python behind frozen dataclasses; the Django app owns the adapter (docs/adr/0001).

    problem = validate(json.loads(text))   # raises ValidationError listing every problem
    result = plan(problem, method="cpsat", time_limit=25.0)
"""

from engines.planner.model import Plan, Problem, Transport, Traveller
from engines.planner.planning import DEFAULT_TIME_LIMIT, METHODS, plan
from engines.planner.validation import ValidationError, validate

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "METHODS",
    "Plan",
    "Problem",
    "Transport",
    "Traveller",
    "ValidationError",
    "plan",
    "validate",
]
