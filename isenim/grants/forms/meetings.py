"""Forms of meetings with residents: the meeting, the list's filters, the attendance from the printed sheet,
and the materials handed out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from isenim.core.forms import DateInput, parse_id
from isenim.geo.forms import offer_places
from isenim.geo.models import AdminUnit
from isenim.grants.models import GrantProject, Meeting
from isenim.grants.services.meetings import (
    MAX_QUESTIONS,
    MAX_TEXT,
    MOST_PEOPLE,
    PLAUSIBLE_MEETING,
    MeetingData,
)
from isenim.prevention.choices import TALLY_FIELDS, AgeBand, Sex
from isenim.prevention.forms.actions import MaterialsForm as ActionMaterialsForm
from isenim.prevention.forms.actions import UnitField, sane_date

BLANK = [("", "—")]


class TopicsField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[sane_date])
    district = UnitField(
        label=_("District"),
        queryset=AdminUnit.objects.filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY]),
        empty_label="—",
    )
    assembly = UnitField(
        label=_("Citizens' assembly"),
        queryset=AdminUnit.objects.filter(level=AdminUnit.Level.ASSEMBLY),
        empty_label="—",
        help_text=_(
            "A meeting outside the project's target assemblies is saved, but does not count in coverage."
        ),
    )
    venue = forms.CharField(
        label=_("Venue"), max_length=MAX_TEXT, help_text=_("E.g. the assembly's office, the school hall.")
    )
    topics = TopicsField(
        label=_("Topics"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    facilitators = forms.CharField(label=_("Facilitators"), max_length=MAX_TEXT, required=False)
    partners = forms.CharField(
        label=_("Partners"),
        max_length=MAX_TEXT,
        required=False,
        help_text=_("E.g. the assembly's chair, the district employment office."),
    )
    questions_raised = forms.CharField(
        label=_("Questions raised"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_QUESTIONS,
        required=False,
        help_text=_("What residents asked about; write no names."),
    )

    def __init__(self, *args, project: GrantProject, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["topics"].queryset = project.topics.all()
        offer_places(self)

    def clean(self):
        data = super().clean()
        district, assembly = data.get("district"), data.get("assembly")
        if district is not None and assembly is not None and assembly.parent_id != district.pk:
            self.add_error("assembly", _("This citizens' assembly is not in the chosen district."))
        return data

    def to_data(self) -> MeetingData:
        data = self.cleaned_data
        return MeetingData(
            held_on=data["held_on"],
            assembly=data["assembly"],
            venue=data["venue"],
            topics=list(data["topics"]),
            facilitators=data["facilitators"],
            partners=data["partners"],
            questions_raised=data["questions_raised"],
        )

    @staticmethod
    def initial_from(meeting: Meeting) -> dict:
        return {
            "held_on": meeting.held_on,
            "district": meeting.assembly.parent_id,
            "assembly": meeting.assembly_id,
            "venue": meeting.venue,
            "topics": list(meeting.topics.values_list("pk", flat=True)),
            "facilitators": meeting.facilitators,
            "partners": meeting.partners,
            "questions_raised": meeting.questions_raised,
        }


class MeetingFilterForm(forms.Form):
    """The list's filters (GET); invalid values are ignored and shown as errors."""

    assembly = forms.TypedChoiceField(
        label=_("Citizens' assembly"), required=False, coerce=int, empty_value=None
    )
    topic = forms.TypedChoiceField(label=_("Topic"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False, validators=[sane_date])
    date_to = forms.DateField(label=_("Until"), widget=DateInput(), required=False, validators=[sane_date])

    def __init__(self, *args, project: GrantProject, assemblies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assembly"].choices = [*BLANK, *((unit.pk, unit.name()) for unit in assemblies)]
        self.fields["topic"].choices = [*BLANK, *project.topics.values_list("pk", "name")]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            key: value
            for key, value in {
                "starts_on": data.get("date_from"),
                "ends_on": data.get("date_to"),
                "assembly_id": data.get("assembly"),
                "topic_id": data.get("topic"),
            }.items()
            if value not in (None, "")
        }


def _count_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MOST_PEOPLE,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
        error_messages={"min_value": _("A count cannot be negative.")},
    )


class AttendanceForm(forms.Form):
    """The eight cells of the printed sheet (sex × age band) and the sheet's own total, which they must add
    up to."""

    confirm_large = forms.BooleanField(label=_("Yes, the count is right"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for sex in Sex:
            for band in AgeBand:
                name = f"{sex.value}_{band.value}"
                label = f"{sex.label}, {band.label}"
                self.fields[name] = _count_field(label)
                self.fields[name].widget.attrs["aria-label"] = label
        self.fields["total"] = _count_field(_("Total on the sheet"))
        self.fields["total"].help_text = _("The total written on the sheet: the cells must add up to it.")
        self.order_fields([*TALLY_FIELDS, "total", "confirm_large"])
        self.too_large = False

    def rows(self):
        return [
            {"sex": sex.label, "cells": [self[f"{sex.value}_{band.value}"] for band in AgeBand]}
            for sex in Sex
        ]

    def bands(self):
        return [band.label for band in AgeBand]

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name in [*TALLY_FIELDS, "total"]):
            return data
        added = sum(data.get(name) or 0 for name in TALLY_FIELDS)
        if data.get("total") is not None and added != data["total"]:
            self.add_error(
                "total",
                _("The cells add up to %(added)s, not %(total)s: check each cell against the sheet.")
                % {"added": added, "total": data["total"]},
            )
        elif added > PLAUSIBLE_MEETING and not data.get("confirm_large"):
            self.too_large = True
            self.add_error(
                "confirm_large",
                _(
                    "%(total)s people is more than a meeting with residents usually gathers (%(plausible)s). "
                    "Check the sheet; if the count is right, tick this box and save again."
                )
                % {"total": added, "plausible": PLAUSIBLE_MEETING},
            )
        return data

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in TALLY_FIELDS}

    @staticmethod
    def initial_from(meeting: Meeting) -> dict:
        return {
            **meeting.tally(),
            "total": meeting.attendance_total if meeting.attendance_entered_at else None,
        }


class MeetingMaterialsForm(ActionMaterialsForm):
    """Several editions and their quantities handed out at the meeting (drawn from the prevention stock)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["direction"]
        self.fields["moved_on"].label = _("Date handed out")
