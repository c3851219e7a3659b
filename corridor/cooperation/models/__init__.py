"""Technical cooperation (training.py) and the return of qualified nationals (returns.py)."""

from corridor.cooperation.models.returns import (
    FollowUp,
    FollowUpOutcome,
    NeedStatus,
    Placement,
    ReturnCandidate,
    SkillNeed,
)
from corridor.cooperation.models.training import (
    Attendance,
    Certificate,
    CertificateStatus,
    Course,
    Evaluation,
    ExpertMission,
    GovernmentRequest,
    Participant,
    RequestStatus,
    TrainingSession,
)

__all__ = [
    "Attendance", "Certificate", "CertificateStatus", "Course", "Evaluation", "ExpertMission",
    "FollowUp", "FollowUpOutcome", "GovernmentRequest", "NeedStatus", "Participant", "Placement",
    "RequestStatus", "ReturnCandidate", "SkillNeed", "TrainingSession",
]
