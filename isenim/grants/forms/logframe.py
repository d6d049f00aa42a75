"""Forms of the logframe: a row, an indicator's sheet, its targets per period, a value by hand (or the
correction of a frozen computed value), and the results table's filters."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from isenim.appeals.choices import Category
from isenim.cases.models import ServiceType
from isenim.core.measures import measure_choices, measure_named
from isenim.grants.choices import Direction, Disaggregation, Unit
from isenim.grants.forms.projects import grant_staff
from isenim.grants.services.logframe import MOST_TEXT, IndicatorData
from isenim.prevention.forms.actions import KeyChoiceField

BLANK = [("", "—")]
AMOUNT = {"max_digits": 14, "decimal_places": 2, "min_value": 0, "max_value": Decimal("999999999999")}


class NodeForm(forms.Form):
    code = forms.CharField(
        label=_("Number"),
        max_length=20,
        required=False,
        help_text=_("Left empty: the next number (e.g. 1.2)."),
    )
    text = forms.CharField(
        label=_("Statement"), max_length=MOST_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffChoiceField(KeyChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name()} · {obj.get_role_display()}"


class IndicatorForm(forms.Form):
    code = forms.CharField(label=_("Number"), max_length=20, help_text=_("e.g. 1.1.a"))
    name = forms.CharField(label=_("Indicator"), max_length=300)
    definition = forms.CharField(
        label=_("Definition"), max_length=MOST_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    cumulative = forms.BooleanField(
        label=_("Cumulative: the periods' values add up to the life-of-project value"), required=False
    )
    baseline = forms.DecimalField(label=_("Baseline"), initial=0, **AMOUNT)
    life_target = forms.DecimalField(label=_("Target for the life of the project"), **AMOUNT)
    disaggregation = forms.MultipleChoiceField(
        label=_("Disaggregated by"),
        choices=Disaggregation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    means_of_verification = forms.CharField(
        label=_("Means of verification"),
        max_length=MOST_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reported_by = StaffChoiceField(label=_("Who reports"), queryset=None, required=False)
    measure = forms.ChoiceField(
        label=_("Computed by Isenim from"),
        required=False,
        help_text=_("Empty: the values are entered by hand with evidence and approved by a second person."),
    )
    category = forms.ChoiceField(
        label=_("Appeal category (appeals)"), choices=BLANK + Category.choices, required=False
    )
    service_type = forms.ChoiceField(label=_("Service (services delivered)"), required=False)
    threshold = forms.DecimalField(
        label=_("Sustainability score above (follow-ups), 0 to 1"),
        required=False,
        max_digits=3,
        decimal_places=2,
        min_value=0,
        max_value=1,
    )
    to_date = forms.BooleanField(
        label=_("Count from the project's start to the end of each period (e.g. assemblies covered so far)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_by"].queryset = grant_staff()
        self.fields["measure"].choices = BLANK + [(code, label) for code, label in measure_choices()]
        self.fields["service_type"].choices = BLANK + [
            (kind.code, str(kind)) for kind in ServiceType.objects.order_by("group", "code")
        ]

    @staticmethod
    def initial_from(indicator) -> dict:
        params = indicator.measure_params or {}
        return {
            "code": indicator.code,
            "name": indicator.name,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "cumulative": indicator.cumulative,
            "baseline": indicator.baseline,
            "life_target": indicator.life_target,
            "disaggregation": indicator.disaggregation,
            "means_of_verification": indicator.means_of_verification,
            "reported_by": indicator.reported_by_id,
            "measure": indicator.measure if measure_named(indicator.measure) else "",
            "category": params.get("category", ""),
            "service_type": params.get("service_type", ""),
            "threshold": params.get("threshold"),
            "to_date": bool(params.get("to_date")),
        }

    def to_data(self) -> IndicatorData:
        data = self.cleaned_data
        measure = measure_named(data["measure"]) if data["measure"] else None
        params = {}
        if measure is not None:
            for name in ("category", "service_type", "threshold"):
                if name in measure.param_names and data.get(name) not in ("", None):
                    params[name] = str(data[name])
            if data.get("to_date"):
                params["to_date"] = True
        return IndicatorData(
            code=data["code"],
            name=data["name"],
            definition=data["definition"],
            unit=data["unit"],
            direction=data["direction"],
            cumulative=data["cumulative"],
            baseline=data["baseline"],
            life_target=data["life_target"],
            disaggregation=list(data["disaggregation"]),
            means_of_verification=data["means_of_verification"],
            reported_by=data["reported_by"],
            measure=data["measure"] or "",
            measure_params=params,
        )


class TargetsForm(forms.Form):
    """One field per reporting period of the project (``target_<period id>``); empty: no target."""

    def __init__(self, *args, periods=(), initial_targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = list(periods)
        for period in self.periods:
            self.fields[f"target_{period.pk}"] = forms.DecimalField(
                label=period.label, required=False, initial=(initial_targets or {}).get(period.pk), **AMOUNT
            )

    def targets(self) -> dict:
        return {period: self.cleaned_data.get(f"target_{period.pk}") for period in self.periods}


class PeriodField(KeyChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.label} ({obj.starts_on:%d.%m.%Y} – {obj.ends_on:%d.%m.%Y})"


class ValueForm(forms.Form):
    """A value by hand with its evidence; the reason is required in a frozen period."""

    period = PeriodField(label=_("Period"), queryset=None)
    value = forms.DecimalField(label=_("Value"), **AMOUNT)
    evidence = forms.FileField(
        label=_("Evidence (a file or a photo)"),
        help_text=_("PDF, an office document or a photo; its type is read from the file itself."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        required=False,
        help_text=_("Required when the period's report was already submitted."),
    )

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods


class CorrectionForm(forms.Form):
    """A computed value of a frozen period computed again, kept as a revision with its reason."""

    period = PeriodField(label=_("Period"), queryset=None)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)

    def __init__(self, *args, periods=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods


class ResultsFilterForm(forms.Form):
    outcome = forms.TypedChoiceField(label=_("Outcome"), required=False, coerce=int, empty_value=None)
    disaggregation = forms.ChoiceField(
        label=_("Broken down by"), choices=[("", _("No breakdown")), *Disaggregation.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Periods"), required=False)

    def __init__(self, *args, outcomes=(), kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("Every outcome"))] + [
            (node.pk, f"{node.code} {node.text[:60]}") for node in outcomes
        ]
        self.fields["kind"].choices = [(kind, label) for kind, label in kinds]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"outcome": None, "disaggregation": "", "kind": ""}
        return {
            "outcome": self.cleaned_data["outcome"],
            "disaggregation": self.cleaned_data["disaggregation"],
            "kind": self.cleaned_data["kind"],
        }
