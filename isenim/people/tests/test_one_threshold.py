"""The duplicate check's threshold is one rule: the intake, the person forms and the import agree on it."""

from types import SimpleNamespace

from isenim.appeals.selectors import Candidate
from isenim.people import importing
from isenim.people.search import IMPORT_DUPLICATE, LIKELY_DUPLICATE, Match
from isenim.people.selectors import likely_duplicates


def test_the_intake_and_the_person_form_flag_the_same_candidates():
    person = SimpleNamespace(code="ISN-2026-00001")
    for score in (LIKELY_DUPLICATE - 0.001, LIKELY_DUPLICATE, LIKELY_DUPLICATE + 0.2):
        match = Match(person=person, score=score)
        intake = Candidate(person=person, score=score, same_district=False)
        assert intake.strong == bool(likely_duplicates([match])) == (score >= LIKELY_DUPLICATE)


def test_the_import_holds_back_rows_from_its_own_documented_threshold():
    assert importing.DUPLICATE_SCORE == IMPORT_DUPLICATE > LIKELY_DUPLICATE
