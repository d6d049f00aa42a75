"""Building blocks of the measure tests of every app (``isenim/<app>/tests/test_measures.py``): residents of
Moynaq's citizens' assemblies with a case, and a scope over them."""

from datetime import date

from django.utils import timezone

from isenim.core.access import CASE_TEAM_ROLES, Role
from isenim.core.measures import Scope
from isenim.grants.tests.helpers import moynaq

TALLY = "23050009"  # Таллы-өзек
MOYNAQ = "23050008"  # Мойнақ
ARAL = "23050001"  # Арал (not in the scope below)


def assemblies():
    units = moynaq()
    return units[TALLY], units[MOYNAQ], units[ARAL]


def scope_of(*units, starts_on=None, ends_on=None, **params) -> Scope:
    today = timezone.localdate()
    return Scope(
        starts_on=starts_on or date(today.year, 1, 1),
        ends_on=ends_on or today,
        assemblies=frozenset(unit.pk for unit in units),
        params=params,
    )


def resident_case(staff, assembly, *, sex="F", last_name="Жумабаева"):
    """A person living in ``assembly`` with an open case whose team holds the case team of ``staff``."""
    from isenim.cases.services.cases import CaseData, case_open
    from isenim.people.services import PersonData, person_create

    director = staff[Role.DIRECTOR]
    person = person_create(
        actor=director,
        data=PersonData(
            identity={"last_name": last_name},
            sex=sex,
            home_district_id=assembly.parent_id,
            home_assembly_id=assembly.pk,
        ),
    )
    team = [user for role, user in staff.items() if role in CASE_TEAM_ROLES]
    data = CaseData(
        priority="normal",
        risk="medium",
        manager=staff[Role.CASE_MANAGER],
        opened_on=date(timezone.localdate().year, 1, 1),
    )
    return case_open(actor=director, person=person, data=data, team=team)
