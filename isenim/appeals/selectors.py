"""Every read of appeals, narrowed to what the user may see; reads of people record access events.

Need to know (docs/protection.md, "Who sees what"): the director reads every appeal; every other
caseworker the appeals they registered, own (assigned to them) or decided (recorded the outcome of), the
appeals of the people of their teams' cases, and, for those who assign appeals (case managers), every
appeal still open. Whoever reads an appeal reads its appellant's record (``appeal_people``, registered
with ``people.reach``). Anything else answers 404, like a missing appeal."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.appeals.choices import AdviceKind, Outcome, TriageState
from isenim.appeals.models import OPEN_STATES, Appeal
from isenim.core.access import (
    ROLE_PERMISSIONS,
    Perm,
    can,
    cases_for,
    require,
    sees_every_person,
    sees_open_appeals,
)
from isenim.core.audit import action_label, record_access
from isenim.core.models import AuditEvent
from isenim.geo.models import AdminUnit, Country
from isenim.people.matching import Probe, full_name
from isenim.people.models import Person
from isenim.people.reach import readable_ids, union
from isenim.people.search import is_likely_duplicate, search_people

NAME_SEARCH_MIN_SCORE = 0.6  # below this, a longer name shares only one of its words with the query
CANDIDATE_LIMIT = 8
MIN_NAME_LETTERS = 3
APPEAL_CODE = re.compile(r"APL-[\d-]*", re.IGNORECASE)
PERSON_CODE = re.compile(r"ISN-[\d-]*", re.IGNORECASE)


def _related(appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
    return appeals.select_related(
        "person", "destination", "home_district", "home_assembly", "registered_by", "assigned_to"
    )


def _handled(user) -> list[QuerySet[Appeal]]:
    """The appeals ``user`` handled or triages, as plain queries each walking one index: registered by
    them, assigned to them, decided by them, and every open appeal for those who assign."""
    parts = [
        Appeal.objects.filter(registered_by=user),
        Appeal.objects.filter(assigned_to=user),
        Appeal.objects.filter(outcome_by=user),
    ]
    if sees_open_appeals(user):
        parts.append(Appeal.objects.filter(state__in=OPEN_STATES))
    return parts


def appeals_for(user) -> QuerySet[Appeal]:
    """The appeals ``user`` may read (need to know), as a queryset every appeal selector starts from."""
    require(user, Perm.VIEW_APPEALS)
    if sees_every_person(user):
        return _related(Appeal.objects.all())
    parts = _handled(user)
    if can(user, Perm.VIEW_CASES):
        # A case team reads the appeals of its person: the case page links to the appeal it came from,
        # and a later appeal of the same person is news for the team.
        parts.append(Appeal.objects.filter(person_id__in=cases_for(user).order_by().values("person_id")))
    reach = union([part.order_by().values_list("pk", flat=True) for part in parts])
    return _related(Appeal.objects.filter(pk__in=reach))


def names_on_page(user, appeals: list[Appeal]) -> dict[int, str]:
    """The appellants' names of ``user``'s own appeals among a list page's rows, by appeal id: an appeal
    assigned to ``user``, or whose person has a case whose team ``user`` sits on. Every other row keeps
    the code only, the director's included. Only these rows' names are decrypted, and each name shown is
    a view of the person in the access log (docs/decisions.md, "Names in the lists")."""
    ids = [appeal.pk for appeal in appeals if appeal.person_id and not appeal.anonymous]
    if not ids:
        return {}
    # The case team through the ORM's relations (Person.cases → Case.members): nothing of cases imported.
    own = set(
        Appeal.objects.filter(pk__in=ids)
        .filter(Q(assigned_to=user) | Q(person__cases__members__user=user))
        .values_list("pk", flat=True)
    )
    names = {appeal.pk: appeal.person.display_name() for appeal in appeals if appeal.pk in own}
    record_names_shown(user, [appeal.person for appeal in appeals if appeal.pk in own], "appeal list")
    return names


def record_names_shown(user, people: list[Person], detail: str) -> None:
    """One view in the access log per person whose name a list page shows, written at once (three queries
    whatever the number of rows: the chain's head, its update, one insert)."""
    if not people:
        return
    from django.db import transaction

    from isenim.core.audit_chain import link_new
    from isenim.core.models import AccessEvent

    events = [
        AccessEvent(actor=user, kind="view", target_type="people.person", target_id=str(p.pk), detail=detail)
        for p in people
    ]
    with transaction.atomic(savepoint=False):
        link_new(events)
        AccessEvent.objects.bulk_create(events)


def appeal_people(user, among: set[int] | None) -> list[QuerySet]:
    """The appellants of the appeals ``user`` handled or triages (``people.reach`` asks; the people of the
    user's cases it finds itself), each part narrowed to ``among`` when given."""
    if not can(user, Perm.VIEW_APPEALS) or sees_every_person(user):
        return []
    parts = []
    for part in _handled(user):
        part = part.exclude(person=None)
        if among is not None:
            part = part.filter(person_id__in=among)
        parts.append(part.order_by().values_list("person_id", flat=True))
    return parts


def appeal_open(user, code: str) -> Appeal:
    """One appeal by its code, for reading: a view is recorded. Missing and forbidden are the same 404."""
    appeal = appeals_for(user).filter(code=code).first()
    if appeal is None:
        raise Http404
    record_access(actor=user, kind="view", target=appeal)
    if appeal.person_id:
        # The page shows the appellant's name: that is a view of the person too.
        record_access(actor=user, kind="view", target=appeal.person, detail=f"appeal {appeal.code}")
    return appeal


def appeal_for_edit(user, code: str) -> Appeal:
    """One appeal for correcting; the form shows its narrative, so this is a view too."""
    appeal = appeals_for(user).filter(code=code).first()
    if appeal is None:
        raise Http404
    record_access(actor=user, kind="view", target=appeal, detail="correction form")
    return appeal


def filter_appeals(user, filters: dict) -> QuerySet[Appeal]:
    """Appeals matching the list's filters (cleaned form data); ``q`` is a code or a name in any script."""
    appeals = appeals_for(user)
    for name in ("category", "channel", "cause"):
        if filters.get(name):
            appeals = appeals.filter(**{name: filters[name]})
    if filters.get("district"):
        appeals = appeals.filter(home_district=filters["district"])
    if filters.get("destination"):
        appeals = appeals.filter(destination_id=filters["destination"])
    if filters.get("presumed") in ("yes", "no"):
        appeals = appeals.filter(presumed_victim=filters["presumed"] == "yes")
    appeals = appeals.received_between(filters.get("date_from"), filters.get("date_to"))
    if filters.get("outcome"):
        appeals = appeals.filter(outcome=filters["outcome"])
    appeals = _triage(user, appeals, filters.get("triage") or "")
    query = (filters.get("q") or "").strip()
    if query:
        appeals = _search(user, appeals, query)
    return appeals


# The list's triage filter: what waits for whom. Every choice but "closed" shows the most urgent first.
TRIAGE_FILTERS = ("unassigned", "overdue", "open", "mine", "closed")


def _triage(user, appeals: QuerySet[Appeal], choice: str) -> QuerySet[Appeal]:
    if choice == "unassigned":
        return appeals.unassigned().most_urgent_first()
    if choice == "overdue":
        return appeals.overdue(timezone.localdate()).most_urgent_first()
    if choice == "open":
        return appeals.open().most_urgent_first()
    if choice == "mine":
        return appeals.open().filter(assigned_to=user).most_urgent_first()
    if choice == "closed":
        return appeals.filter(state=TriageState.CLOSED)
    return appeals


def _search(user, appeals: QuerySet[Appeal], query: str) -> QuerySet[Appeal]:
    if APPEAL_CODE.fullmatch(query):
        return appeals.filter(code__icontains=query.upper())
    if PERSON_CODE.fullmatch(query):
        return appeals.filter(person__code__icontains=query.upper())
    # A name: find the people (keyed hashes, any script), then their appeals (among those the user may
    # read: the list shows codes only). The query itself is a name and is never written to the access log.
    matches = [m for m in search_people(Probe(name=query), limit=50) if m.score >= NAME_SEARCH_MIN_SCORE]
    record_access(
        actor=user,
        kind="search",
        target_type="people.person",
        detail=f"appeal list: name search, {len(matches)} people",
    )
    return appeals.filter(person_id__in=[m.person.pk for m in matches])


@dataclass
class Candidate:
    """A person who may be the one now appealing, as the intake form shows them."""

    person: Person
    score: float
    same_district: bool
    # Whether the user may read this person (need to know): if not, the form shows only that the record
    # exists, by its code, and offers no link to it.
    readable: bool = True

    @property
    def strong(self) -> bool:
        # from this score on, a new record needs "This is a different person"
        return is_likely_duplicate(self.score)

    @property
    def name(self) -> str:
        return self.person.display_name()


def person_candidates(
    user,
    *,
    last_name: str = "",
    first_name: str = "",
    middle_name: str = "",
    birth_date: str = "",
    approximate_birth_year: int | None = None,
    district_id: int | None = None,
) -> list[Candidate]:
    """People already in the registry who may be the appellant, best first: ranked by the cross-script
    name key, then a shared birth date, then a near year of birth (from a stated age) and the same home
    district. The whole registry is searched (so that nobody is registered twice); people the user may not
    read come back with ``readable`` False."""
    require(user, Perm.VIEW_PEOPLE)
    name = full_name(last_name.strip(), first_name.strip(), middle_name.strip())
    if sum(c.isalpha() for c in name) < MIN_NAME_LETTERS:
        return []
    # The search ranks people of the same district higher (search.SAME_DISTRICT), and finds them among
    # many namesakes elsewhere.
    probe = Probe(
        name=name,
        birth_date=birth_date or "",
        district_id=district_id or None,
        approximate_birth_year=approximate_birth_year,
    )
    matches = search_people(probe, limit=CANDIDATE_LIMIT)
    readable = readable_ids(user, [match.person.pk for match in matches])
    candidates = []
    for match in matches:
        same = bool(district_id) and match.person.home_district_id == district_id
        candidates.append(
            Candidate(
                person=match.person,
                score=round(match.score, 2),
                same_district=same,
                readable=match.person.pk in readable,
            )
        )
    record_access(
        actor=user,
        kind="search",
        target_type="people.person",
        detail=f"appeal intake: {len(candidates)} candidates",
    )
    return candidates


def person_by_code(user, code: str) -> Person | None:
    """A person the intake form links to: only one the user may read (linking an appeal to a record would
    otherwise open the record to whoever registered the appeal); None for any other code."""
    require(user, Perm.VIEW_PEOPLE)
    person = Person.objects.filter(code=code, merged_into=None).select_related("home_district").first()
    if person is None or not readable_ids(user, [person.pk]):
        return None
    return person


def districts() -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(level__in=(AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY)).order_by(
        "code"
    )


def assemblies(district_id: int | None = None) -> QuerySet[AdminUnit]:
    units = AdminUnit.objects.filter(level=AdminUnit.Level.ASSEMBLY).select_related("parent")
    if district_id:
        units = units.filter(parent_id=district_id)
    return units.order_by("parent__code", "name_kaa")


def countries_by_name() -> list[Country]:
    from isenim.geo.ordering import by_reader

    return by_reader(Country.objects.all())  # the usual destinations first, then the reader's alphabet


def destinations_in_use(user) -> list[Country]:
    """The countries appeals point at, for the list's filter (a short list, not all 249)."""
    used = appeals_for(user).exclude(destination=None).values("destination")
    from isenim.geo.ordering import by_reader

    return by_reader(Country.objects.filter(pk__in=used))


# Triage -----------------------------------------------------------------------------------------------

# Each triage list shows at most this many appeals, the most urgent first (the full list is one click away).
TRIAGE_LIST_CAP = 25


def appeal_handlers():
    """Active staff who may own an appeal (their role works on cases), for the assignment forms."""
    roles = [str(role) for role in ROLE_PERMISSIONS[Perm.HANDLE_APPEALS]]
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=roles)
        .order_by("role", "first_name", "username")
    )


def appeals_to_assign(user, codes: list[str]) -> list[Appeal]:
    """The appeals ticked on the list, by code (unknown codes are left out)."""
    require(user, Perm.ASSIGN_APPEALS)
    return list(appeals_for(user).filter(code__in=codes).order_by("code"))


def appeal_for_outcome(user, code: str) -> Appeal:
    """An appeal for its outcome form (the form shows no personal data: no access event)."""
    require(user, Perm.HANDLE_APPEALS)
    appeal = appeals_for(user).filter(code=code).first()
    if appeal is None:
        raise Http404
    return appeal


def appeal_by_code(user, code: str) -> Appeal | None:
    """Another appeal named on a form (the original of a duplicate), whoever may read it: the outcome
    keeps only its code and nothing of it is shown, so a case manager can close a repeat of an appeal
    handled by someone else (need to know: docs/decisions.md)."""
    require(user, Perm.VIEW_APPEALS)
    return Appeal.objects.filter(code=code.strip().upper()).first()


def assigned_appeals(user) -> list[Appeal]:
    """Open appeals assigned to ``user``, the most urgent first ("My work")."""
    require(user, Perm.HANDLE_APPEALS)
    # An appeal assigned to the user is within their reach by definition: no need to say the rule again
    # (and "My work" stays one walk of the owner's open appeals).
    appeals = _related(Appeal.objects.filter(assigned_to=user)).open()
    return list(appeals.most_urgent_first()[:TRIAGE_LIST_CAP])


@dataclass
class TriageSummary:
    today: date
    unassigned: int
    overdue_count: int
    overdue: list[Appeal]  # the most urgent first, capped


def triage_summary(user, *, with_overdue: bool = True) -> TriageSummary:
    """What waits for an owner and what is overdue (the intake list's header, the director's dashboard);
    the overdue appeals themselves, the most urgent first, when ``with_overdue``."""
    appeals = appeals_for(user)
    today = timezone.localdate()
    overdue = appeals.overdue(today)
    return TriageSummary(
        today=today,
        unassigned=appeals.unassigned().count(),
        overdue_count=overdue.count(),
        overdue=list(overdue.most_urgent_first()[:TRIAGE_LIST_CAP]) if with_overdue else [],
    )


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    what: str
    detail: str


def appeal_history(appeal: Appeal) -> list[HistoryEntry]:
    """The appeal's own events from the audit log, oldest first: registration, corrections, assignments,
    its outcome. Only the appeal's own rows are read, and only what the appeal page shows anyway: not the
    number of a case opened from it (the person's cases are listed by the case policy, not here)."""
    events = list(
        AuditEvent.objects.filter(target_type=Appeal._meta.label_lower, target_id=str(appeal.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    usernames = {event.after.get("assigned_to") for event in events} - {None, ""}
    names = {
        user.username: user.display_name() for user in get_user_model().objects.filter(username__in=usernames)
    }
    return [
        HistoryEntry(
            at=event.at,
            who=event.actor.display_name() if event.actor else _("Public form"),
            what=action_label(event.action),
            detail=_history_detail(event, names),
        )
        for event in events
    ]


def _history_detail(event: AuditEvent, names: dict[str, str]) -> str:
    after = event.after
    if event.action == "appeal.assign":
        return names.get(after.get("assigned_to", ""), after.get("assigned_to", ""))
    if event.action == "appeal.person_added":
        return after.get("person", "")
    if event.action != "appeal.outcome":
        return ""
    parts = [str(Outcome(after["outcome"]).label)] if after.get("outcome") in Outcome.values else []
    if after.get("advice_kind") in AdviceKind.values:
        parts.append(str(AdviceKind(after["advice_kind"]).label))
    parts += [after[key] for key in ("referred_to", "duplicate_of") if after.get(key)]
    return " · ".join(parts)


def dashboard_panel(user) -> dict:
    """The dashboard's appeals panel (registered in core.registry by AppealsConfig.ready)."""
    return {
        "title": _("Appeals waiting"),
        "template": "appeals/_dashboard_panel.html",
        "summary": triage_summary(user),
    }
