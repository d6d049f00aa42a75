"""Needs assessments: a score per domain (1 critical … 4 good) with sealed observations."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isenim.cases.choices import Domain, Score
from isenim.cases.guards import lock_open_case
from isenim.cases.models import Assessment, Case, DomainScore
from isenim.cases.services import CaseRuleError
from isenim.core.audit import record_event


@dataclass(frozen=True)
class DomainEntry:
    score: int
    observations: str = ""


@transaction.atomic
def assessment_record(*, actor, case: Case, assessed_on: date, entries: dict[str, DomainEntry]) -> Assessment:
    """Record one assessment of ``case`` by ``actor``. ``entries`` holds the scored domains only; a domain
    left out is simply not assessed this time. At least one domain must be scored."""
    case = lock_open_case(case)
    if not entries:
        raise CaseRuleError(_("Score at least one domain."))
    unknown = set(entries) - set(Domain.values)
    if unknown:
        raise CaseRuleError(_("Unknown domain: %(domain)s.") % {"domain": ", ".join(sorted(unknown))})
    if any(entry.score not in Score.values for entry in entries.values()):
        raise CaseRuleError(_("A score is from 1 (critical) to 4 (good)."))
    if assessed_on > timezone.localdate():
        raise CaseRuleError(_("The assessment date cannot be in the future."))
    if assessed_on < case.opened_on:
        raise CaseRuleError(_("The assessment date cannot be before the case was opened."))
    assessment = Assessment.objects.create(case=case, assessed_on=assessed_on, assessed_by=actor)
    for domain in Domain.values:  # in the fixed order of the domains
        if domain not in entries:
            continue
        score = DomainScore(assessment=assessment, domain=domain, score=entries[domain].score)
        score.observations = entries[domain].observations
        score.save()
    record_event(
        actor=actor,
        action="assessment.record",
        target=assessment,
        after={
            "case": case.pk,
            "assessed_on": assessed_on.isoformat(),
            "scores_by_domain": {
                domain: entries[domain].score for domain in Domain.values if domain in entries
            },
            # Observations are personal: the trail says which domains have some, never what they say.
            "observations": "sealed" if any(entry.observations.strip() for entry in entries.values()) else "",
        },
    )
    return assessment
