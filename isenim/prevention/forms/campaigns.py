"""The campaign form, the placement form and their lists' filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from isenim.core.forms import DateInput, parse_id
from isenim.geo.models import AdminUnit
from isenim.geo.places import DISTRICT_LEVELS, by_name
from isenim.prevention.choices import CampaignKind, PlacementKind, ReviewState, TargetGroup
from isenim.prevention.models import Campaign, Edition, Placement
from isenim.prevention.services.campaigns import MAX_TARGET, CampaignData
from isenim.prevention.services.placements import (
    MAX_AIRINGS,
    MAX_COST_UZS,
    MAX_STATED_REACH,
    MAX_VEHICLES,
    PlacementData,
)
from isenim.reintegration.models import FundingSource


class SafeChoiceField(forms.ModelChoiceField):
    """A record's key from the browser: one no table can hold finds nothing (never a database error)."""

    def __init__(self, *args, empty_label="—", **kwargs):
        super().__init__(*args, empty_label=empty_label, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Django would look twenty digits up in "pk IN (…)", where SQLite fails instead of finding nothing.
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class UnitMultipleChoiceField(SafeMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name()


class AssemblyChoiceField(SafeMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        district = obj.parent.name() if obj.parent_id else ""
        return f"{obj.name()} — {district}" if district else obj.name()


class UnitChoiceField(SafeChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name()


class FundingChoiceField(SafeChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CampaignChoiceField(SafeChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.starts_on:%Y-%m-%d} – {obj.ends_on:%Y-%m-%d})"


def _districts():
    return AdminUnit.objects.filter(level__in=DISTRICT_LEVELS)


def _ordered_choices(field: forms.ModelChoiceField) -> None:
    """Units in the alphabetical order of their names in the reader's language (not by code)."""
    units = by_name(field.queryset)
    empty = [("", field.empty_label or "—")] if not isinstance(field, forms.ModelMultipleChoiceField) else []
    field.choices = empty + [(unit.pk, field.label_from_instance(unit)) for unit in units]


def _funding(current=None):
    rows = FundingSource.objects.filter(active=True)
    if current is not None:
        rows = FundingSource.objects.filter(active=True) | FundingSource.objects.filter(pk=current.pk)
    return rows.order_by("name")


TARGET_HELP = _("Leave empty for no target.")


def _target(label):
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=MAX_TARGET, help_text=TARGET_HELP
    )


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    parent = CampaignChoiceField(
        label=_("Part of campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        help_text=_("A sub-campaign runs within its parent's dates."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    description = forms.CharField(
        label=_("Aims and message"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_districts = UnitMultipleChoiceField(
        label=_("Target districts"),
        queryset=AdminUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_assemblies = AssemblyChoiceField(
        label=_("Target citizens' assemblies"),
        queryset=AdminUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only assemblies inside the chosen districts."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    funding_source = FundingChoiceField(
        label=_("Funding source or grant budget line"), queryset=FundingSource.objects.none(), required=False
    )
    target_materials = _target(_("Target: materials handed out"))
    target_people = _target(_("Target: people reached"))
    target_actions = _target(_("Target: actions held"))
    target_placements = _target(_("Target: placements aired"))

    def __init__(self, *args, instance: Campaign | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "kind": instance.kind,
                "parent": instance.parent_id,
                "starts_on": instance.starts_on,
                "ends_on": instance.ends_on,
                "description": instance.description,
                "target_districts": list(instance.target_districts.values_list("pk", flat=True)),
                "target_assemblies": list(instance.target_assemblies.values_list("pk", flat=True)),
                "target_groups": instance.target_groups,
                "funding_source": instance.funding_source_id,
                "target_materials": instance.target_materials,
                "target_people": instance.target_people,
                "target_actions": instance.target_actions,
                "target_placements": instance.target_placements,
            }
        super().__init__(*args, **kwargs)
        parents = Campaign.objects.order_by("-starts_on", "name")
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["target_districts"].queryset = _districts()
        _ordered_choices(self.fields["target_districts"])
        assemblies = AdminUnit.objects.filter(level=AdminUnit.Level.ASSEMBLY).select_related("parent")
        self.fields["target_assemblies"].queryset = assemblies
        self.fields["target_assemblies"].choices = [
            (unit.pk, self.fields["target_assemblies"].label_from_instance(unit))
            for unit in sorted(
                assemblies, key=lambda unit: (unit.parent.name() if unit.parent_id else "", unit.name())
            )
        ]
        self.fields["funding_source"].queryset = _funding(instance.funding_source if instance else None)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        districts = data.get("target_districts")
        assemblies = data.get("target_assemblies")
        if districts is not None and assemblies:
            chosen = {district.pk for district in districts}
            outside = [assembly for assembly in assemblies if assembly.parent_id not in chosen]
            if outside:
                self.add_error(
                    "target_assemblies",
                    _(
                        "Not in any of the chosen districts: %(units)s. "
                        "Choose their district too, or leave them out."
                    )
                    % {"units": ", ".join(unit.name() for unit in outside)},
                )
        return data

    def to_data(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            name=data["name"],
            kind=data["kind"],
            parent=data["parent"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            description=data["description"],
            target_districts=list(data["target_districts"]),
            target_assemblies=list(data["target_assemblies"]),
            target_groups=list(data["target_groups"]),
            funding_source=data["funding_source"],
            target_materials=data["target_materials"],
            target_people=data["target_people"],
            target_actions=data["target_actions"],
            target_placements=data["target_placements"],
        )


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *CampaignKind.choices], required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("running", _("Running now")),
            ("coming", _("Coming")),
            ("past", _("Ended")),
        ],
    )
    district = UnitChoiceField(
        label=_("District"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("Any")
    )
    group = forms.ChoiceField(
        label=_("Target group"), choices=[("", _("Any")), *TargetGroup.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _districts()
        _ordered_choices(self.fields["district"])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class EditionChoiceField(SafeChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


def _optional_number(label, most, help_text=""):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=most, help_text=help_text)


class PlacementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlacementKind.choices)
    campaign = CampaignChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False)
    operator = forms.CharField(
        label=_("Channel or operator"),
        max_length=200,
        help_text=_("e.g. Karakalpakstan TV, the Nukus city bus company"),
    )
    programme_or_route = forms.CharField(
        label=_("Programme or route"),
        max_length=200,
        required=False,
        help_text=_("e.g. the evening news; bus 12"),
    )
    edition = EditionChoiceField(
        label=_("Material (video spot or poster)"),
        queryset=Edition.objects.none(),
        required=False,
        help_text=_("An approved edition."),
    )
    district = UnitChoiceField(label=_("District"), queryset=AdminUnit.objects.none(), required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    airings = _optional_number(_("Airings"), MAX_AIRINGS, _("How many times the spot is aired."))
    vehicles = _optional_number(_("Vehicles or screens"), MAX_VEHICLES)
    cost_uzs = forms.IntegerField(label=_("Cost, UZS"), min_value=0, max_value=MAX_COST_UZS, initial=0)
    funding_source = FundingChoiceField(
        label=_("Paid from"), queryset=FundingSource.objects.none(), required=False
    )
    stated_reach = _optional_number(
        _("Reach the operator states (an estimate)"),
        MAX_STATED_REACH,
        _("The operator's own estimate: shown as such, never added to the people counted at actions."),
    )

    def __init__(self, *args, instance: Placement | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": instance.kind,
                "campaign": instance.campaign_id,
                "operator": instance.operator,
                "programme_or_route": instance.programme_or_route,
                "edition": instance.edition_id,
                "district": instance.district_id,
                "starts_on": instance.starts_on,
                "ends_on": instance.ends_on,
                "airings": instance.airings,
                "vehicles": instance.vehicles,
                "cost_uzs": instance.cost_uzs,
                "funding_source": instance.funding_source_id,
                "stated_reach": instance.stated_reach,
            }
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-starts_on", "name")
        editions = Edition.objects.exclude(state=ReviewState.DRAFT)
        if instance is not None and instance.edition_id:
            editions = editions | Edition.objects.filter(pk=instance.edition_id)
        self.fields["edition"].queryset = editions.select_related("material").order_by(
            "material__title", "language", "-version"
        )
        self.fields["district"].queryset = _districts()
        _ordered_choices(self.fields["district"])
        self.fields["funding_source"].queryset = _funding(instance.funding_source if instance else None)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The placement cannot end before it starts."))
        return data

    def to_data(self) -> PlacementData:
        data = self.cleaned_data
        return PlacementData(
            kind=data["kind"],
            campaign=data["campaign"],
            operator=data["operator"],
            programme_or_route=data["programme_or_route"],
            edition=data["edition"],
            district=data["district"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            airings=data["airings"],
            vehicles=data["vehicles"],
            cost_uzs=data["cost_uzs"] or 0,
            funding_source=data["funding_source"],
            stated_reach=data["stated_reach"],
        )


class PlacementFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *PlacementKind.choices], required=False
    )
    campaign = CampaignChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False, empty_label=_("Any")
    )
    district = UnitChoiceField(
        label=_("District"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("Any")
    )
    q = forms.CharField(label=_("Channel, operator or route contains"), required=False, max_length=100)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("running", _("Running now")),
            ("coming", _("Coming")),
            ("past", _("Ended")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-starts_on", "name")
        self.fields["district"].queryset = _districts()
        _ordered_choices(self.fields["district"])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}
