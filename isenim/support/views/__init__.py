"""Pages of the support app; each module registers its section of the case page (cases.sections)."""

from django.shortcuts import redirect
from django.urls import reverse


def back_to_case(case, anchor: str):
    return redirect(reverse("cases:case_detail", kwargs={"number": case.number}) + f"#{anchor}")
