"""Referrals in the API: a partner's users read their agency's referrals (the packet carries
only the fields the person consented to share with it) and answer them; a manager revokes."""


from django.http import HttpRequest

from corridor.access.api_permissions import permits
from corridor.cases import selectors, services
from corridor.cases.api import router
from corridor.cases.api.schemas import ERRORS, CaseReferralOut
from corridor.cases.models import ReferralStatus
from corridor.core.audit import audit_record
from corridor.core.errors import NotFound
from corridor.core.ids import DbId
from corridor.core.models import AuditAction
from corridor.partners import sharing
from corridor.partners.api_schemas import PartnerAnswerIn, PartnerReferralOut, RevokeIn


def _out(referral) -> dict:
    packet = sharing.referral_packet(person=referral.person, partner_id=referral.partner_id)
    return {"id": referral.pk, "status": referral.status, "reason": referral.reason,
            "sent_on": referral.sent_on, "answered_on": referral.answered_on,
            "response_days": referral.response_days, "answer": referral.answer,
            "version": referral.version,
            "packet": {"person_id": packet.person_id, "fields": list(packet.fields),
                       "values": {k: v if isinstance(v, int) else str(v)
                                  for k, v in packet.values.items()}}}


def _open_referral(request, referral_id: int):
    referral = (services.referrals_for_partner_user(request.user)
                .exclude(status=ReferralStatus.REVOKED).filter(pk=referral_id).first())
    if referral is None:
        raise NotFound("No such referral")
    return referral


@router.get("/partners/shared/referrals/{referral_id}",
            response={200: PartnerReferralOut, **ERRORS},
            summary="A referral to my agency, with its consented packet",
            auth=permits("partners.view"))
def partner_referral(request: HttpRequest, referral_id: DbId):
    referral = _open_referral(request, referral_id)
    body = _out(referral)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=referral,
                 office_id=referral.person.office_id, summary="Referral packet viewed by partner",
                 changes={"fields": body["packet"]["fields"], "people": [referral.person_id]},
                 offices=[referral.person.office_id])
    return body


@router.post("/partners/shared/referrals/{referral_id}/answer",
             response={200: PartnerReferralOut, **ERRORS},
             summary="Accept, reject (with the reason) or mark done a referral to my agency",
             auth=permits("partners.view"))
def partner_referral_answer(request: HttpRequest, referral_id: DbId, payload: PartnerAnswerIn):
    referral = _open_referral(request, referral_id)
    referral = services.referral_answer_by_partner(
        actor=request.user, referral=referral, status=payload.status, answer=payload.answer,
        expected_version=payload.version)
    return _out(referral)


@router.post("/cases/{case_id}/referrals/{referral_id}/revoke",
             response={200: CaseReferralOut, **ERRORS},
             summary="A manager revokes a referral (with the reason)", auth=permits("cases.view"))
def referral_revoke(request: HttpRequest, case_id: DbId, referral_id: DbId, payload: RevokeIn):
    referral = selectors.referral_get_for_user(user=request.user, case_id=case_id,
                                               referral_id=referral_id)
    return services.referral_revoke(actor=request.user, referral=referral,
                                    reason=payload.reason, expected_version=payload.version)
