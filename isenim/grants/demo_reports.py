"""The demo's donor reports of the state-grant project (``seed_reports``, called by ``grants.demo`` after
the logframe): the first two quarters that have ended submitted (their values frozen), in Karakalpak and in
Russian, and the next quarter's report in progress (a draft, its narrative half written). The files are
made at once (no worker needed on a developer's machine). Every sentence of the narratives is invented.
Runs once: nothing is added when the project already has a report.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from isenim.grants.models import GrantProject, Report, ReportingPeriod
from isenim.grants.services.reports import build_files, narrative_save, report_create, report_submit

NARRATIVES = {
    "kaa": {
        "activities": (
            "Мойнақ районының мәҳәлле ҳәм аўыл пуқаралар жыйынларында турғынлар менен ушырасыўлар "
            "өткерилди: мийнет мигрантларының ҳуқықлары, адам саўдасының белгилери, қәўипсиз миграция."
        ),
        "results": (
            "Ушырасыўларға қатнасқан турғынлар буклетлер алды; бир неше шаңарақ орайға мүрәжат етти."
        ),
        "problems": "Қыс айларында жоллар жабылып, Үшсай ҳәм Мәдели аўылларына барыў қыйын болды.",
        "plans": "Арал ҳәм Жайҳун пуқаралар жыйынларында ушырасыўлар өткериў.",
    },
    "ru": {
        "activities": (
            "Проведены встречи с жителями махаллинских и аульных сходов граждан Муйнакского района: права "
            "трудовых мигрантов, признаки торговли людьми, безопасная миграция."
        ),
        "results": "Участники встреч получили буклеты; несколько семей обратились в центр.",
        "problems": "Весной часть встреч перенесена из-за полевых работ.",
        "plans": "Встречи в сходах граждан Арал и Жайхун; ярмарка вакансий для выпускников колледжей.",
    },
}


def seed_reports(project: GrantProject) -> int:
    """Two submitted quarterly reports and one in progress; returns how many reports were made."""
    if Report.objects.filter(project=project).exists():
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=("director", "mande"))}
    if len(users) < 2:
        return 0
    director, mande = users["director"], users["mande"]
    today = timezone.localdate()
    started = list(
        ReportingPeriod.objects.filter(
            project=project, kind=project.reporting, starts_on__lte=today
        ).order_by("starts_on")
    )
    ended = [period for period in started if period.ends_on < today]
    made = 0
    for period, language in zip(ended[:2], ("kaa", "ru"), strict=False):
        report = report_create(actor=mande, project=project, period=period, language=language)
        narrative_save(actor=mande, report=report, narrative=NARRATIVES[language])
        report = build_files(report)
        report = report_submit(actor=director, report=report)
        build_files(report)  # the files of the submission, from the frozen values
        made += 1
    following = started[len(ended[:2])] if len(started) > len(ended[:2]) else None
    if following is not None:
        report = report_create(actor=mande, project=project, period=following, language="kaa")
        draft = dict(NARRATIVES["kaa"])
        draft["problems"] = draft["plans"] = ""
        narrative_save(actor=mande, report=report, narrative=draft)
        build_files(report)
        made += 1
    return made
