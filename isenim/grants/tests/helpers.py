"""Building blocks of the grants tests (every grants helper may use them): the reference data's Moynaq
district with its real assemblies, and the state-grant project with its 11 target communities."""

from datetime import date

from isenim.core.access import Role
from isenim.geo.models import AdminUnit
from isenim.grants.communities import STATE_GRANT_ASSEMBLIES
from isenim.grants.services.projects import CommunityRow, ProjectData, communities_set, project_create

TITLE = (
    "Арал бойы регионындағы мийнет мигрантларын дискриминация ҳәм мәжбүрий мийнеттен қорғаў бойынша "
    "профилактика"
)


def moynaq() -> dict[str, AdminUnit]:
    """The shipped reference data loaded (regions, districts, Moynaq's assemblies): {code: AdminUnit}."""
    from isenim.geo.services import reference_load

    if not AdminUnit.objects.filter(code="23050001").exists():
        reference_load()
    return {unit.code: unit for unit in AdminUnit.objects.filter(code__startswith="2305")}


def unit(code: str) -> AdminUnit:
    return AdminUnit.objects.get(code=code)


def sample_project(
    staff,
    *,
    code="state-grant",
    starts_on=None,
    ends_on=None,
    reporting="quarter",
    communities=True,
    topics=("Ҳуқықый билим", "Адам саўдасының белгилери", "Қәўипсиз миграция"),
):
    """The state-grant project (this year by default, quarterly reports), its 11 assemblies as targets."""
    today = date.today()
    director = staff[Role.DIRECTOR]
    project = project_create(
        actor=director,
        data=ProjectData(
            code=code,
            title=TITLE,
            donor="Олий Мажлис жанындағы ННТларды қоллап-қуўатлаў жәмийетлик фонды",
            starts_on=starts_on or date(today.year, 1, 1),
            ends_on=ends_on or date(today.year, 12, 31),
            budget_uzs=150_000_000,
            reporting=reporting,
            staff=[staff[Role.ME_OFFICER]],
            topics=list(topics),
        ),
    )
    if communities:
        units = moynaq()
        communities_set(
            actor=director,
            project=project,
            rows=[
                CommunityRow(units[code], population=2000 + i * 100)
                for i, code in enumerate(STATE_GRANT_ASSEMBLIES)
            ],
        )
    return project
