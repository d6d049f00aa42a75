"""Forms of outreach actions: the action itself, its list's filters, the tally entered from the printed
sheet, and the materials taken to it (or brought back)."""

from datetime import date, datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.core.forms import DateInput, parse_id
from isenim.geo.forms import offer_places
from isenim.geo.models import AdminUnit
from isenim.geo.places import check_place, districts
from isenim.prevention.choices import PRINTED_KINDS, TALLY_FIELDS, AgeBand, PlaceType, ReviewState, Sex
from isenim.prevention.models import Campaign, Edition, OutreachAction
from isenim.prevention.services.actions import (
    MATERIAL_LINES,
    MOST_CONSULTATIONS,
    MOST_PEOPLE,
    PLAUSIBLE_CROWD,
    ActionData,
)
from isenim.prevention.services.stock import MAX_MOVEMENT

BLANK = [("", "—")]
# The dates an action or a movement can have: the centre's work, not year 1 or 9999 (a typing mistake that
# would also overflow the time zone's conversion).
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def sane_date(value: date | None) -> None:
    if value and value < EARLIEST:
        raise ValidationError(_("This date is too far in the past."), code="past")
    if value and value > LATEST:
        raise ValidationError(_("This date is too far in the future."), code="future")


class KeyChoiceField(forms.ModelChoiceField):
    """A record's key from the browser: one no table can hold finds nothing (never a database error)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class UnitField(KeyChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name()


class StaffField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name()} · {obj.get_role_display()}"

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class EditionField(KeyChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(edition)s (%(on_hand)s in stock)") % {"edition": obj, "on_hand": obj.on_hand}


def active_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(role="")
        .order_by("first_name", "last_name", "username")
    )


def _campaigns():
    return Campaign.objects.order_by("-starts_on", "name")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActionForm(forms.Form):
    campaign = KeyChoiceField(label=_("Campaign"), queryset=_campaigns(), required=False, empty_label="—")
    place_type = forms.ChoiceField(label=_("Type of place"), choices=BLANK + PlaceType.choices)
    place_name = forms.CharField(
        label=_("Place"),
        max_length=200,
        help_text=_("E.g. the central bazaar of Nukus, the railway station of Takhiatash."),
    )
    district = UnitField(
        label=_("District"),
        queryset=AdminUnit.objects.filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY]),
        empty_label="—",
    )
    assembly = UnitField(
        label=_("Citizens' assembly"),
        queryset=AdminUnit.objects.filter(level=AdminUnit.Level.ASSEMBLY),
        required=False,
        empty_label="—",
    )
    day = forms.DateField(label=_("Date"), widget=DateInput(), validators=[sane_date])
    starts = forms.TimeField(label=_("Starts at"), widget=_time_input())
    ends = forms.TimeField(label=_("Ends at"), widget=_time_input(), required=False)
    staff = StaffField(
        label=_("Staff present"),
        queryset=active_staff(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns()
        self.fields["staff"].queryset = active_staff()
        offer_places(self)

    def clean(self):
        data = super().clean()
        district, assembly = data.get("district"), data.get("assembly")
        if district is not None and "assembly" in data:
            try:
                check_place(district.pk, getattr(assembly, "pk", None))
            except ValidationError as error:
                self.add_error("assembly", error)
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The action cannot end before it starts."))
        return data

    def _at(self, moment: time | None) -> datetime | None:
        if moment is None:
            return None
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], moment))

    def to_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            place_type=data["place_type"],
            place_name=data["place_name"],
            district_id=data["district"].pk,
            assembly_id=data["assembly"].pk if data["assembly"] else None,
            starts_at=self._at(data["starts"]),
            ends_at=self._at(data["ends"]),
            campaign=data["campaign"],
            staff=list(data["staff"]),
        )

    @staticmethod
    def initial_from(action: OutreachAction) -> dict:
        starts = timezone.localtime(action.starts_at)
        return {
            "campaign": action.campaign_id,
            "place_type": action.place_type,
            "place_name": action.place_name,
            "district": action.district_id,
            "assembly": action.assembly_id,
            "day": starts.date(),
            "starts": starts.time().replace(second=0, microsecond=0),
            "ends": timezone.localtime(action.ends_at).time().replace(second=0, microsecond=0)
            if action.ends_at
            else None,
            "staff": list(action.staff.values_list("pk", flat=True)),
        }


class ActionFilterForm(forms.Form):
    """The list's filters (GET). Invalid values are ignored and shown as errors."""

    campaign = KeyChoiceField(label=_("Campaign"), queryset=_campaigns(), required=False, empty_label="—")
    place_type = forms.ChoiceField(
        label=_("Type of place"), choices=BLANK + PlaceType.choices, required=False
    )
    district = UnitField(
        label=_("District"),
        queryset=AdminUnit.objects.filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY]),
        required=False,
        empty_label="—",
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput(), required=False, validators=[sane_date])
    date_to = forms.DateField(label=_("Until"), widget=DateInput(), required=False, validators=[sane_date])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = _campaigns()
        self.fields["district"].choices = [*BLANK, *((unit.pk, unit.name()) for unit in districts())]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


def _count_field(label, most: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=most,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
        error_messages={"min_value": _("A count cannot be negative.")},
    )


class TallyForm(forms.Form):
    """The eight cells of the printed sheet (sex × age band) and the consultations given."""

    confirm_large = forms.BooleanField(label=_("Yes, the count is right"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for sex in Sex:
            for band in AgeBand:
                name = f"{sex.value}_{band.value}"
                label = f"{sex.label}, {band.label}"
                self.fields[name] = _count_field(label, MOST_PEOPLE)
                self.fields[name].widget.attrs["aria-label"] = label  # a cell of the grid: no label shown
        self.fields["consultations"] = _count_field(_("Consultations given"), MOST_CONSULTATIONS)
        self.order_fields([*TALLY_FIELDS, "consultations", "confirm_large"])
        self.too_large = False

    def rows(self):
        """The grid as on the sheet: one row per sex, one cell per age band."""
        return [
            {"sex": sex.label, "cells": [self[f"{sex.value}_{band.value}"] for band in AgeBand]}
            for sex in Sex
        ]

    def bands(self):
        return [band.label for band in AgeBand]

    def clean(self):
        data = super().clean()
        if any(name in self.errors for name in TALLY_FIELDS):
            return data
        total = sum(data.get(name) or 0 for name in TALLY_FIELDS)
        if total > MOST_PEOPLE:
            self.add_error(
                None,
                _("%(total)s people is more than any action reaches; check the count.") % {"total": total},
            )
        elif total > PLAUSIBLE_CROWD and not data.get("confirm_large"):
            self.too_large = True
            self.add_error(
                "confirm_large",
                _(
                    "%(total)s people is more than one action usually reaches (%(plausible)s). Check the "
                    "sheet; if the count is right, tick this box and save again."
                )
                % {"total": total, "plausible": PLAUSIBLE_CROWD},
            )
        data["total"] = total
        return data

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in TALLY_FIELDS}

    @staticmethod
    def initial_from(action: OutreachAction) -> dict:
        return {**action.tally(), "consultations": action.consultations}


def _editions_to_draw():
    return (
        Edition.objects.exclude(state=ReviewState.DRAFT)
        .filter(material__kind__in=[str(kind) for kind in PRINTED_KINDS])
        .select_related("material")
        .order_by("material__title", "language", "-version")
    )


class MaterialsForm(forms.Form):
    """Several editions and their quantities, taken to the action, or brought back unused."""

    TAKE = "take"
    RETURN = "return"
    direction = forms.ChoiceField(
        label=_("What happened"),
        choices=[(TAKE, _("Taken from stock to the action")), (RETURN, _("Unused copies brought back"))],
        initial=TAKE,
        widget=forms.RadioSelect,
    )
    moved_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[sane_date])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editions = _editions_to_draw()
        for index in range(MATERIAL_LINES):
            self.fields[f"edition_{index}"] = EditionField(
                label=_("Material"), queryset=editions, required=False, empty_label="—"
            )
            self.fields[f"quantity_{index}"] = forms.IntegerField(
                label=_("Quantity"),
                min_value=1,
                max_value=MAX_MOVEMENT,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "step": 1}),
                error_messages={"min_value": _("The quantity must be more than zero.")},
            )

    def line_fields(self):
        return [(self[f"edition_{i}"], self[f"quantity_{i}"]) for i in range(MATERIAL_LINES)]

    def clean(self):
        data = super().clean()
        lines = []
        seen = set()
        for index in range(MATERIAL_LINES):
            edition, quantity = data.get(f"edition_{index}"), data.get(f"quantity_{index}")
            if f"edition_{index}" in self.errors or f"quantity_{index}" in self.errors:
                continue
            if edition is None and quantity is None:
                continue
            if edition is None:
                self.add_error(f"edition_{index}", _("Choose the material for this quantity."))
            elif quantity is None:
                self.add_error(f"quantity_{index}", _("Give the quantity of this material."))
            elif edition.pk in seen:
                self.add_error(f"edition_{index}", _("This material is already on another line."))
            else:
                seen.add(edition.pk)
                lines.append((edition, quantity))
        if not lines and not self.errors:
            self.add_error(None, _("Choose at least one material and its quantity."))
        data["lines"] = lines
        return data
