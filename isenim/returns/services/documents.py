"""Document restoration: one application per document, its status moves, and the handover.

preparing → submitted → issued | refused. A document handed over to the person marks it "restored" in the
person's identity-document checklist (cases.services.documents.identity_document_set), in the same
transaction, so the checklist and the application always agree.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.choices import IdentityDocumentStatus, IdentityDocumentType
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Case
from isenim.cases.services import CaseRuleError
from isenim.cases.services.documents import identity_document_set
from isenim.core.audit import SEALED, record_event
from isenim.returns.models import (
    APPLICATION_DOC_TYPES,
    APPLICATION_TRANSITIONS,
    ApplicationStatus,
    DocumentApplication,
)

MAX_NUMBER_LENGTH = 40


def _not_future(day: date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise CaseRuleError(_("The date cannot be in the future."))


@transaction.atomic
def application_add(
    *, actor, case: Case, doc_type: str, mission=None, applied_on: date | None = None
) -> DocumentApplication:
    """Start an application (status "being prepared"; "submitted" when ``applied_on`` is given)."""
    case = lock_open_case(case, _("The case is closed: reopen it to record a document application."))
    if doc_type not in dict(APPLICATION_DOC_TYPES):
        raise CaseRuleError(_("Choose a document from the list."))
    _not_future(applied_on)
    status = ApplicationStatus.SUBMITTED if applied_on else ApplicationStatus.PREPARING
    application = DocumentApplication.objects.create(
        case=case,
        doc_type=doc_type,
        mission=mission,
        applied_on=applied_on,
        status=status,
        status_on=applied_on or timezone.localdate(),
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="document_application.add",
        target=application,
        after={
            "case": case.number,
            "doc_type": doc_type,
            "mission": mission.pk if mission else None,
            "applied_on": applied_on.isoformat() if applied_on else None,
            "status": status,
        },
    )
    return application


@dataclass
class MoveData:
    to_status: str
    on: date
    number: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    mission: object = None


def _check_move(application: DocumentApplication, data: MoveData) -> None:
    if data.to_status not in ApplicationStatus.values:
        raise CaseRuleError(_("Choose a status from the list."))
    if data.to_status not in APPLICATION_TRANSITIONS[application.status]:
        raise CaseRuleError(
            _("An application that is “%(now)s” cannot become “%(to)s”.")
            % {
                "now": application.get_status_display(),
                "to": ApplicationStatus(data.to_status).label,
            }
        )
    _not_future(data.on)
    if data.to_status == ApplicationStatus.SUBMITTED and (data.mission or application.mission) is None:
        raise CaseRuleError(_("Say to which mission the application was submitted."))
    if application.applied_on and data.on < application.applied_on:
        raise CaseRuleError(_("The date cannot be before the application was submitted."))
    if data.to_status != ApplicationStatus.ISSUED:
        return
    if len(data.number.strip()) > MAX_NUMBER_LENGTH:
        raise CaseRuleError(_("The document number is too long."))
    if data.valid_from and data.valid_until and data.valid_from > data.valid_until:
        raise CaseRuleError(_("The document cannot expire before it becomes valid."))
    if application.is_return_certificate and data.valid_until is None:
        raise CaseRuleError(_("A certificate of return is valid for a short time: give its expiry date."))


@transaction.atomic
def application_move(*, actor, application: DocumentApplication, data: MoveData) -> DocumentApplication:
    """Move an application to its next status; "issued" records the number (sealed) and validity."""
    lock_open_case(application.case_id, _("The case is closed: reopen it to change the application."))
    application = (
        DocumentApplication.objects.select_for_update().select_related("case").get(pk=application.pk)
    )
    _check_move(application, data)
    before = {"status": application.status}
    application.status = data.to_status
    application.status_on = data.on
    after = {"case": application.case.number, "status": data.to_status, "on": data.on.isoformat()}
    if data.to_status == ApplicationStatus.SUBMITTED:
        application.applied_on = data.on
        if data.mission is not None:
            application.mission = data.mission
        after["mission"] = application.mission_id
    if data.to_status == ApplicationStatus.ISSUED:
        application.number = data.number
        application.valid_from = data.valid_from
        application.valid_until = data.valid_until
        after.update(
            document_number=SEALED if data.number.strip() else "",
            valid_from=data.valid_from.isoformat() if data.valid_from else None,
            valid_until=data.valid_until.isoformat() if data.valid_until else None,
        )
    application.save()
    record_event(
        actor=actor,
        action="document_application.update",
        target=application,
        before=before,
        after=after,
    )
    return application


@transaction.atomic
def application_hand_over(*, actor, application: DocumentApplication, on: date) -> DocumentApplication:
    """The issued document is given to the person: recorded, and the identity checklist says "restored"."""
    case = lock_open_case(application.case_id, _("The case is closed: reopen it to record the handover."))
    application = DocumentApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.ISSUED:
        raise CaseRuleError(_("Only an issued document can be handed over."))
    if application.handed_over_on is not None:
        raise CaseRuleError(_("This document has already been handed over."))
    _not_future(on)
    if application.status_on and on < application.status_on:
        raise CaseRuleError(_("The document cannot be handed over before it was issued."))
    application.handed_over_on = on
    application.save(update_fields=["handed_over_on", "updated_at"])
    record_event(
        actor=actor,
        action="document_application.update",
        target=application,
        before={"handed_over_on": None},
        after={"case": case.number, "handed_over_on": on.isoformat()},
    )
    identity_document_set(
        actor=actor,
        case=case,
        doc_type=IdentityDocumentType(application.doc_type).value,
        status=IdentityDocumentStatus.RESTORED,
    )
    return application
