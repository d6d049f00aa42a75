"""Pages of the case file; each module registers its section of the case page (cases.sections)."""

from django.shortcuts import redirect
from django.urls import reverse


def back_to_case(case, anchor: str):
    """Back to the case page, at the section the form belongs to."""
    return redirect(reverse("cases:case_detail", kwargs={"number": case.number}) + f"#{anchor}")
