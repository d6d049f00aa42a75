"""The ordered cause rule and the presumed-victim screening, as tables (docs/appeals.md explains them)."""

import itertools

import pytest

from isenim.appeals.choices import Cause
from isenim.appeals.models import Appeal
from isenim.appeals.rules import (
    CAUSE_FACTS,
    CAUSE_RULES,
    DECISIVE_INDICATORS,
    SCREENING_QUESTIONS,
    SUPPORTING_INDICATORS,
    is_presumed_victim,
    main_cause,
)

CAUSE_TABLE = [
    # (facts answered "yes", main cause)
    ((), Cause.UNKNOWN),
    (("fact_family_lost_contact",), Cause.UNKNOWN),
    (("fact_other",), Cause.OTHER),
    (("fact_no_legal_knowledge",), Cause.NO_LEGAL_KNOWLEDGE),
    (("fact_no_legal_knowledge", "fact_other"), Cause.NO_LEGAL_KNOWLEDGE),
    (("fact_deported",), Cause.IRREGULAR_STATUS),
    (("fact_irregular", "fact_no_legal_knowledge"), Cause.IRREGULAR_STATUS),
    (("fact_no_contract", "fact_irregular", "fact_deported"), Cause.NO_CONTRACT),
    (("fact_documents_taken", "fact_no_contract"), Cause.DOCUMENTS_CONFISCATED),
    (("fact_debt", "fact_documents_taken"), Cause.DEBT_BONDAGE),
    # The seed's example: promised manual labour, a skilled job on arrival, the travel costs claimed back,
    # home across the border by other roads, no advice taken before leaving.
    (
        ("fact_job_deception", "fact_debt", "fact_irregular", "fact_no_legal_knowledge"),
        Cause.JOB_DECEPTION,
    ),
    (tuple(CAUSE_FACTS), Cause.JOB_DECEPTION),
]


@pytest.mark.parametrize(("facts", "cause"), CAUSE_TABLE)
def test_it_gives_the_first_cause_that_applies(facts, cause):
    assert main_cause(dict.fromkeys(facts, True)) == cause


def test_it_gives_every_combination_of_facts_exactly_one_cause():
    names = list(CAUSE_FACTS)
    for answers in itertools.product([False, True], repeat=len(names)):
        cause = main_cause(dict(zip(names, answers, strict=True)))
        assert cause in Cause.values


def test_it_reads_no_as_no_and_a_missing_answer_as_no():
    assert main_cause({"fact_job_deception": False, "fact_debt": True}) == Cause.DEBT_BONDAGE
    assert main_cause({}) == Cause.UNKNOWN


def test_it_has_a_rule_for_every_cause_and_a_fact_for_every_rule():
    ruled = [cause for cause, _facts in CAUSE_RULES]
    assert [*ruled, Cause.UNKNOWN] == list(Cause)  # the choices are listed in the rule's order
    used = {name for _cause, facts in CAUSE_RULES for name in facts}
    assert used <= set(CAUSE_FACTS)
    assert set(CAUSE_FACTS) - used == {"fact_family_lost_contact"}  # recorded, but not a cause


SCREENING_TABLE = [
    # (indicators answered "yes", presumed victim)
    ((), False),
    (("ind_not_free_to_leave",), True),
    (("ind_threats_violence",), True),
    (("ind_forced_acts",), True),
    (("ind_deceived",), False),
    (("ind_documents_withheld",), False),
    (("ind_excessive_hours",), False),
    (("ind_deceived", "ind_wages_withheld"), True),
    (("ind_documents_withheld", "ind_debt_control"), True),
    (("ind_isolated", "ind_degrading_conditions"), True),
    (("ind_excessive_hours", "ind_forced_acts"), True),
]


@pytest.mark.parametrize(("answers", "presumed"), SCREENING_TABLE)
def test_it_presumes_a_victim_on_one_decisive_or_two_other_indicators(answers, presumed):
    assert is_presumed_victim(dict.fromkeys(answers, True)) is presumed


def test_it_presumes_on_any_decisive_indicator_and_any_pair_of_the_others():
    for name in DECISIVE_INDICATORS:
        assert is_presumed_victim({name: True})
    for name in SUPPORTING_INDICATORS:
        assert not is_presumed_victim({name: True})
    for first, second in itertools.combinations(SUPPORTING_INDICATORS, 2):
        assert is_presumed_victim({first: True, second: True})
    assert set(DECISIVE_INDICATORS) | set(SUPPORTING_INDICATORS) == set(SCREENING_QUESTIONS)


def test_it_stores_every_fact_and_answer_as_a_field_of_the_appeal():
    booleans = {f.name for f in Appeal._meta.get_fields() if f.get_internal_type() == "BooleanField"}
    assert booleans - {"anonymous", "presumed_victim"} == set(CAUSE_FACTS) | set(SCREENING_QUESTIONS)


def test_it_classifies_an_appeal_from_its_answers():
    appeal = Appeal(fact_no_contract=True, fact_deported=True, ind_deceived=True, ind_isolated=True)
    appeal.classify()
    assert appeal.cause == Cause.NO_CONTRACT
    assert appeal.presumed_victim is True
