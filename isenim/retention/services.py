"""Retention periods, the list of records due, anonymisation after the director confirms, and requests to
erase (docs/retention.md). Every change is audited with codes and counts only, never a name or a text."""

import calendar
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.appeals.models import Appeal
from isenim.cases.choices import Status
from isenim.cases.models import Case, CaseDocument
from isenim.core.audit import record_event
from isenim.core.errors import Refusal
from isenim.guide.models import Consultation
from isenim.people.models import FamilyLink, Person, PersonIndex
from isenim.retention.models import DEFAULT_MONTHS, Anonymisation, ErasureRequest, Kind, RetentionPeriod
from isenim.retention.wipe import Tally, destroy_files_on_commit, wipe, wipe_rows

CASE, APPEAL, CONSULTATION = "cases.case", "appeals.appeal", "guide.consultation"
RECORD_TYPE = {
    Kind.CLOSED_CASE: CASE,
    Kind.APPEAL_WITHOUT_CASE: APPEAL,
    Kind.CASE_DOCUMENTS: CASE,
    Kind.CONSULTATION: CONSULTATION,
}
# Kinds that anonymise the whole record (the others wipe a part of it: the files, the offer as told).
WHOLE = (Kind.CLOSED_CASE, Kind.APPEAL_WITHOUT_CASE, Anonymisation.ERASURE)


class RetentionRefusal(Refusal):
    pass


# --- Periods ---------------------------------------------------------------------------------------------


def periods() -> dict[str, int]:
    """Months kept for every kind: the director's number, or the default."""
    chosen = dict(RetentionPeriod.objects.values_list("kind", "months"))
    return {kind: chosen.get(kind, DEFAULT_MONTHS[kind]) for kind in Kind.values}


def longest_period() -> int:
    return max(periods().values())


@transaction.atomic
def periods_update(*, actor, months: dict[str, int]) -> dict[str, int]:
    """Set the months of each kind; one audit event lists the kinds changed (before and after)."""
    before = periods()
    changed = {kind: value for kind, value in months.items() if kind in before and before[kind] != value}
    for kind, value in changed.items():
        RetentionPeriod.objects.update_or_create(kind=kind, defaults={"months": value, "updated_by": actor})
    if changed:
        record_event(
            actor=actor,
            action="retention.periods",
            target_type="retention",
            before={kind: before[kind] for kind in changed},
            after=changed,
        )
    return periods()


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def cutoff(kind: str, today: date | None = None) -> date:
    """Records dated on or before this day are past their period."""
    return months_before(today or timezone.localdate(), periods()[kind])


# --- What is due -----------------------------------------------------------------------------------------


def _taken(record_type: str, kinds):
    """Records of ``record_type`` with a confirmed or done anonymisation of one of ``kinds``."""
    return Anonymisation.objects.filter(record_type=record_type, kind__in=kinds).exclude(
        state=Anonymisation.State.CANCELLED
    )


def past_period(kind: str, today: date | None = None):
    """Every record of ``kind`` past its period, whether confirmed or not (the check made again before
    anonymising: a case reopened since it was confirmed is no longer due)."""
    limit = cutoff(kind, today)
    if kind == Kind.CLOSED_CASE:
        return Case.objects.filter(status=Status.CLOSED, closed_on__lte=limit)
    if kind == Kind.APPEAL_WITHOUT_CASE:
        return Appeal.objects.filter(state="closed", cases__isnull=True).filter(
            Q(outcome_at__date__lte=limit) | Q(outcome_at__isnull=True, received_on__lte=limit)
        )
    if kind == Kind.CASE_DOCUMENTS:
        closed = Case.objects.filter(status=Status.CLOSED, closed_on__lte=limit)
        return closed.filter(pk__in=CaseDocument.objects.values("case_id"))
    if kind == Kind.CONSULTATION:
        return Consultation.objects.filter(consulted_on__lte=limit).filter(
            ~Q(sealed_job_offered="") | ~Q(sealed_offered_by="")
        )
    raise ValueError(kind)


def due(kind: str, today: date | None = None):
    """Records of ``kind`` past their period and not yet confirmed or anonymised."""
    record_type = RECORD_TYPE[kind]
    taken = [kind, *WHOLE] if kind in (Kind.CASE_DOCUMENTS, Kind.CONSULTATION) else list(WHOLE)
    queryset = past_period(kind, today).exclude(pk__in=_taken(record_type, taken).values("record_id"))
    if kind == Kind.CONSULTATION:  # a consultation of an anonymised case went with its case
        queryset = queryset.exclude(case_id__in=_taken(CASE, WHOLE).values("record_id"))
    return queryset.distinct()


def due_counts(today: date | None = None) -> dict[str, int]:
    return {kind: due(kind, today).count() for kind in Kind.values}


def waiting():
    return Anonymisation.objects.filter(state=Anonymisation.State.CONFIRMED)


@transaction.atomic
def confirm(*, actor, kind: str, ids: list[int], today: date | None = None) -> int:
    """The director confirms these records of ``kind`` for anonymisation; ids no longer due are skipped."""
    chosen = list(due(kind, today).filter(pk__in=ids).values_list("pk", flat=True))
    Anonymisation.objects.bulk_create(
        Anonymisation(kind=kind, record_type=RECORD_TYPE[kind], record_id=pk, confirmed_by=actor)
        for pk in chosen
    )
    if chosen:
        record_event(
            actor=actor,
            action="retention.confirm",
            target_type="retention",
            after={"kind": kind, "rows": len(chosen)},
        )
    return len(chosen)


# --- Anonymising -----------------------------------------------------------------------------------------


def _done(record_type: str):
    return _taken(record_type, WHOLE).filter(state=Anonymisation.State.DONE).values("record_id")


def _mark_done(*, kind, record_type, pk, actor, detail, request=None) -> None:
    row = Anonymisation.objects.filter(kind=kind, record_type=record_type, record_id=pk).exclude(
        state=Anonymisation.State.CANCELLED
    )
    now = timezone.now()
    if not row.update(state=Anonymisation.State.DONE, done_at=now, detail=detail):
        Anonymisation.objects.create(
            kind=kind,
            record_type=record_type,
            record_id=pk,
            state=Anonymisation.State.DONE,
            confirmed_by=actor,
            done_at=now,
            detail=detail,
            request=request,
        )


def _is_done(record_type: str, pk: int) -> bool:
    return _done(record_type).filter(record_id=pk).exists()


def anonymise_case(case: Case, *, kind: str, actor, request=None) -> Tally:
    """Wipe a case, everything under it and the appeal it came from (when no other live case keeps that
    appeal); then the person, unless another of their records is still live."""
    tally = wipe(Case._meta.label, [case.pk])
    _mark_done(kind=kind, record_type=CASE, pk=case.pk, actor=actor, detail=tally.as_dict(), request=request)
    if case.appeal_id and not _is_done(APPEAL, case.appeal_id):
        others = Case.objects.filter(appeal_id=case.appeal_id).exclude(pk__in=_done(CASE))
        if not others.exists():
            part = wipe(Appeal._meta.label, [case.appeal_id])
            _mark_done(
                kind=kind,
                record_type=APPEAL,
                pk=case.appeal_id,
                actor=actor,
                detail=part.as_dict(),
                request=request,
            )
            tally.add(part)
    tally.add(release_person(case.person))
    return tally


def anonymise_appeal(appeal: Appeal, *, kind: str, actor, request=None) -> Tally:
    tally = wipe(Appeal._meta.label, [appeal.pk])
    _mark_done(
        kind=kind, record_type=APPEAL, pk=appeal.pk, actor=actor, detail=tally.as_dict(), request=request
    )
    if appeal.person_id:
        tally.add(release_person(appeal.person))
    return tally


def _with_merged(person: Person) -> list[int]:
    """The person and every record merged into them (merges chain)."""
    ids, frontier = [person.pk], [person.pk]
    while frontier:
        frontier = list(Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def live_records(person: Person) -> bool:
    """Has the person a case or an appeal not anonymised (open, or closed and still within its period)?"""
    ids = _with_merged(person)
    cases = Case.objects.filter(person_id__in=ids).exclude(pk__in=_done(CASE))
    appeals = Appeal.objects.filter(person_id__in=ids).exclude(pk__in=_done(APPEAL))
    return cases.exists() or appeals.exists()


def release_person(person: Person, *, force: bool = False) -> Tally:
    """Cut the records' link to who the person is, once no live record of theirs is left (or at once, for
    an erasure): the sealed identity, the look-up hashes, family links, signed consent forms and free text
    go; sex, year of birth and place stay, so the anonymised records are still counted."""
    if not force and live_records(person):
        return Tally()
    ids = _with_merged(person)
    tally = wipe_rows(Person, Person.objects.filter(pk__in=ids))
    PersonIndex.objects.filter(person_id__in=ids).delete()
    tally.rows_deleted += FamilyLink.objects.filter(Q(person_id__in=ids) | Q(relative_id__in=ids)).delete()[0]
    return tally


def anonymise_consultation(consultation: Consultation, *, actor) -> Tally:
    tally = wipe(Consultation._meta.label, [consultation.pk])
    _mark_done(
        kind=Kind.CONSULTATION,
        record_type=CONSULTATION,
        pk=consultation.pk,
        actor=actor,
        detail=tally.as_dict(),
    )
    return tally


def destroy_case_documents(case: Case, *, actor) -> Tally:
    tally = wipe(
        CaseDocument._meta.label, CaseDocument.objects.filter(case=case).values_list("pk", flat=True)
    )
    _mark_done(kind=Kind.CASE_DOCUMENTS, record_type=CASE, pk=case.pk, actor=actor, detail=tally.as_dict())
    return tally


def _apply_one(row: Anonymisation, *, today: date | None = None) -> str:
    """Anonymise one confirmed record if it is still due; returns the row's new state."""
    kind, actor = row.kind, row.confirmed_by
    record = past_period(kind, today).filter(pk=row.record_id).first()
    if record is None:
        row.state = Anonymisation.State.CANCELLED
        row.save(update_fields=["state"])
        record_event(
            actor=None,
            action="retention.cancelled",
            target_type=row.record_type,
            after={"kind": kind, "rows": 1},
        )
        return row.state
    if kind == Kind.CLOSED_CASE:
        tally = anonymise_case(record, kind=kind, actor=actor)
    elif kind == Kind.APPEAL_WITHOUT_CASE:
        tally = anonymise_appeal(record, kind=kind, actor=actor)
    elif kind == Kind.CASE_DOCUMENTS:
        tally = destroy_case_documents(record, actor=actor)
    else:
        tally = anonymise_consultation(record, actor=actor)
    destroy_files_on_commit(tally.doomed)
    event = AnonymisedEvent(row, tally)
    record_event(actor=None, action="retention.anonymise", target_type=row.record_type, after=event.after)
    return Anonymisation.State.DONE


class AnonymisedEvent:
    """What the audit says of one record anonymised: its kind, its id and counts — never its content."""

    def __init__(self, row: Anonymisation, tally: Tally):
        self.after = {"kind": row.kind, "record": row.record_id, "confirmed_by": row.confirmed_by_id}
        self.after.update(tally.as_dict())


def apply_confirmed(*, limit: int | None = None, today: date | None = None) -> dict[str, int]:
    """Anonymise what the director confirmed (the timer's ``isenim retention --apply-confirmed``). Each
    record in its own transaction: a run stopped half-way is finished by the next, and a record done
    twice is harmless (there is nothing left to wipe)."""
    counts = {Anonymisation.State.DONE: 0, Anonymisation.State.CANCELLED: 0}
    pending = list(waiting().order_by("pk").values_list("pk", flat=True)[:limit])
    for pk in pending:
        with transaction.atomic():
            row = (
                Anonymisation.objects.select_for_update()
                .filter(pk=pk, state=Anonymisation.State.CONFIRMED)
                .first()
            )
            if row is None:
                continue
            counts[_apply_one(row, today=today)] += 1
    return {"done": counts[Anonymisation.State.DONE], "cancelled": counts[Anonymisation.State.CANCELLED]}


# --- Requests to erase -----------------------------------------------------------------------------------


@transaction.atomic
def request_record(*, actor, person: Person, received_on: date) -> ErasureRequest:
    if ErasureRequest.objects.filter(person=person, state=ErasureRequest.State.PENDING).exists():
        raise RetentionRefusal(_("A request to erase this record already waits for a decision."))
    request = ErasureRequest.objects.create(person=person, received_on=received_on, recorded_by=actor)
    record_event(
        actor=actor, action="retention.erasure_recorded", target=request, after={"person": person.pk}
    )
    return request


def open_records(person: Person) -> dict[str, int]:
    ids = _with_merged(person)
    return {
        "cases": Case.objects.filter(person_id__in=ids).active().count(),
        "appeals": Appeal.objects.filter(person_id__in=ids).open().count(),
    }


@transaction.atomic
def request_decide(
    *, actor, request: ErasureRequest, grant: bool, ground: str, reason: str
) -> ErasureRequest:
    """Grant (erase now) or refuse a request; who, when, on what ground and why are kept."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ErasureRequest.State.PENDING:
        raise RetentionRefusal(_("This request was decided already."))
    allowed = ErasureRequest.GRANT_GROUNDS if grant else ErasureRequest.REFUSAL_GROUNDS
    if ground not in allowed:
        raise RetentionRefusal(_("Choose a ground that fits the decision."))
    if (not grant or ground == ErasureRequest.Ground.OTHER) and not reason.strip():
        raise RetentionRefusal(_("Say why: a refusal, or a ground of “other”, needs a reason."))
    erased: dict[str, int] = {}
    if grant:
        still_open = open_records(request.person)
        if any(still_open.values()):
            raise RetentionRefusal(
                _(
                    "The person has an open case or appeal: close it first (or refuse the request and say "
                    "why). Open cases: %(cases)d; open appeals: %(appeals)d."
                )
                % still_open
            )
        erased = _erase(request, actor=actor)
    request.state = ErasureRequest.State.GRANTED if grant else ErasureRequest.State.REFUSED
    request.ground = ground
    request.reason = reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.erased = erased
    request.save()
    record_event(
        actor=actor,
        action="retention.erasure_granted" if grant else "retention.erasure_refused",
        target=request,
        after={"ground": ground, "reason": "sealed" if reason.strip() else "", **erased},
    )
    return request


def _erase(request: ErasureRequest, *, actor) -> dict[str, int]:
    ids = _with_merged(request.person)
    tally = Tally()
    for case in Case.objects.filter(person_id__in=ids).exclude(pk__in=_done(CASE)).select_related("person"):
        tally.add(anonymise_case(case, kind=Anonymisation.ERASURE, actor=actor, request=request))
    for appeal in Appeal.objects.filter(person_id__in=ids).exclude(pk__in=_done(APPEAL)):
        tally.add(anonymise_appeal(appeal, kind=Anonymisation.ERASURE, actor=actor, request=request))
    tally.add(release_person(request.person, force=True))
    destroy_files_on_commit(tally.doomed)
    rows = Anonymisation.objects.filter(request=request)
    return {
        "cases": rows.filter(record_type=CASE).count(),
        "appeals": rows.filter(record_type=APPEAL).count(),
        "files": tally.files,
        "texts": tally.texts,
    }
