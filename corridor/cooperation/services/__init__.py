"""Writes of technical cooperation (training.py, certificates.py) and of the return of qualified
nationals (returns.py): each checks the policy, names its actor and is audited in the same
transaction; a refusal writes nothing."""

from corridor.cooperation.services.certificates import (
    certificate_renew,
    certificate_revoke,
    certificates_issue,
)
from corridor.cooperation.services.returns import (
    candidate_register,
    follow_up_record,
    need_create,
    placement_record,
)
from corridor.cooperation.services.training import (
    attendance_record,
    course_create,
    evaluation_add,
    mission_create,
    mission_report_attach,
    participant_add,
    request_assess,
    request_create,
    request_decide,
    scores_record,
    session_add,
)

__all__ = [
    "attendance_record", "candidate_register", "certificate_renew", "certificate_revoke",
    "certificates_issue", "course_create", "evaluation_add", "follow_up_record",
    "mission_create", "mission_report_attach", "need_create", "participant_add",
    "placement_record", "request_assess", "request_create", "request_decide", "scores_record",
    "session_add",
]
