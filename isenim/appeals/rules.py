"""The two rules of intake, as pure functions of yes/no answers: the main cause and the presumed-victim
screening. Why each rule is what it is, with sources: docs/appeals.md.

Both take a mapping of field name -> bool (a form's cleaned data, a model's values, a test's table) and
read only the names defined here; a missing name counts as "no".
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from isenim.appeals.choices import Cause

# Facts asked on the form, in the order a person tells them (recruitment, the way, the work, the return).
CAUSE_FACTS = {
    "fact_job_deception": _("Was promised a different job than the one that was really there"),
    "fact_debt": _("Took on a debt or an advance to the employer or recruiter"),
    "fact_documents_taken": _("Passport or other documents were taken away"),
    "fact_no_contract": _("Worked without a written contract"),
    "fact_irregular": _("Crossed the border or stayed irregularly"),
    "fact_deported": _("Was deported or expelled"),
    "fact_no_legal_knowledge": _("Knew neither the country's laws nor where to turn for help"),
    "fact_family_lost_contact": _("A family member abroad stopped keeping in touch"),
    "fact_other": _("Something else happened"),
}

# The ordered rule: the first line whose facts include one answered "yes" gives the main cause.
# Coercion by others first, in the order it happens to a migrant (recruitment, then control at work),
# then what left the person unprotected, then not knowing the rules; see docs/appeals.md.
CAUSE_RULES: tuple[tuple[Cause, tuple[str, ...]], ...] = (
    (Cause.JOB_DECEPTION, ("fact_job_deception",)),
    (Cause.DEBT_BONDAGE, ("fact_debt",)),
    (Cause.DOCUMENTS_CONFISCATED, ("fact_documents_taken",)),
    (Cause.NO_CONTRACT, ("fact_no_contract",)),
    (Cause.IRREGULAR_STATUS, ("fact_irregular", "fact_deported")),
    (Cause.NO_LEGAL_KNOWLEDGE, ("fact_no_legal_knowledge",)),
    (Cause.OTHER, ("fact_other",)),
)


def main_cause(facts: Mapping[str, bool]) -> Cause:
    """Exactly one cause for every appeal: the first rule that applies, else "not established"."""
    for cause, any_of in CAUSE_RULES:
        if any(facts.get(name) for name in any_of):
            return cause
    return Cause.UNKNOWN


# Screening questions, after the ILO indicators of forced labour (2012) and UNODC's indicators.
SCREENING_QUESTIONS = {
    "ind_not_free_to_leave": _("Was not free to leave the work or the place where they lived"),
    "ind_threats_violence": _("Was threatened or hurt, or their family was threatened"),
    "ind_forced_acts": _("Was forced to do things against their will"),
    "ind_deceived": _("Was deceived about the work, the pay or the conditions"),
    "ind_documents_withheld": _("Their documents were kept from them"),
    "ind_wages_withheld": _("Wages were withheld or not paid"),
    "ind_debt_control": _("A debt was used to keep them working"),
    "ind_isolated": _("Was isolated or locked in"),
    "ind_excessive_hours": _("Had to work excessive hours"),
    "ind_degrading_conditions": _("Lived or worked in degrading or dangerous conditions"),
}
# Any one of these is enough: each is itself the coercion (or the lack of consent) that makes labour forced.
DECISIVE_INDICATORS = ("ind_not_free_to_leave", "ind_threats_violence", "ind_forced_acts")
SUPPORTING_INDICATORS = tuple(name for name in SCREENING_QUESTIONS if name not in DECISIVE_INDICATORS)
SUPPORTING_NEEDED = 2


def is_presumed_victim(answers: Mapping[str, bool]) -> bool:
    """Presumed victim: any decisive indicator, or at least two of the supporting ones."""
    if any(answers.get(name) for name in DECISIVE_INDICATORS):
        return True
    return sum(bool(answers.get(name)) for name in SUPPORTING_INDICATORS) >= SUPPORTING_NEEDED
