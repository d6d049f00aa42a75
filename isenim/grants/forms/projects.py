"""Forms of grant projects: the project (facts, staff, budget lines, topics) and its target communities."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from isenim.core.access import ROLE_PERMISSIONS, Perm
from isenim.core.forms import DateInput
from isenim.geo.models import AdminUnit
from isenim.geo.places import districts
from isenim.grants.choices import PeriodKind
from isenim.grants.models import GrantProject
from isenim.grants.services.projects import (
    MOST_BUDGET_UZS,
    MOST_DUE_DAYS,
    MOST_POPULATION,
    MOST_TOPICS,
    CommunityRow,
    ProjectData,
)
from isenim.prevention.forms.actions import KeyChoiceField, StaffField, UnitField, active_staff, sane_date
from isenim.reintegration.models import FundingSource

BLANK = [("", "—")]
BUDGET_LINES = 8


class SourceField(KeyChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.amount_uzs:,} UZS".replace(",", "\u202f")


def grant_staff():
    roles = [str(role) for role in ROLE_PERMISSIONS[Perm.VIEW_GRANTS]]
    return active_staff().filter(role__in=roles)


class ProjectForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short, in Latin letters, digits and dashes, e.g. state-grant-2019."),
    )
    title = forms.CharField(label=_("Project title"), max_length=300)
    donor = forms.CharField(label=_("Donor"), max_length=300)
    programme = forms.CharField(label=_("Programme"), max_length=300, required=False)
    contract_number = forms.CharField(label=_("Contract number"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput(), validators=[sane_date])
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), validators=[sane_date])
    budget_uzs = forms.IntegerField(
        label=_("Budget, UZS"),
        min_value=0,
        max_value=MOST_BUDGET_UZS,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
    )
    aims = forms.CharField(
        label=_("Aims, in the centre's words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    reporting = forms.ChoiceField(label=_("Reports to the donor every"), choices=PeriodKind.choices)
    report_due_days = forms.IntegerField(
        label=_("Report due, days after the period ends"),
        min_value=0,
        max_value=MOST_DUE_DAYS,
        initial=15,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
    )
    staff = StaffField(
        label=_("Staff responsible"),
        queryset=grant_staff(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.CharField(
        label=_("Topics of the meetings"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=8000,
        help_text=_("One per line, e.g. legal knowledge, signs of trafficking, safe migration."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = grant_staff()
        sources = FundingSource.objects.order_by("-active", "-starts_on", "name")
        for index in range(BUDGET_LINES):
            self.fields[f"line_code_{index}"] = forms.CharField(
                label=_("Line"), max_length=20, required=False
            )
            self.fields[f"line_source_{index}"] = SourceField(
                label=_("Funding source"), queryset=sources, required=False, empty_label="—"
            )

    def line_fields(self):
        return [(self[f"line_code_{i}"], self[f"line_source_{i}"]) for i in range(BUDGET_LINES)]

    def clean_topics(self):
        names = [line.strip() for line in self.cleaned_data["topics"].splitlines() if line.strip()]
        if len(names) > MOST_TOPICS:
            raise ValidationError(_("At most %(most)s topics.") % {"most": MOST_TOPICS})
        if any(len(name) > 200 for name in names):
            raise ValidationError(_("Keep each topic under 200 characters."))
        return names

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The project cannot end before it starts."))
        lines = []
        for index in range(BUDGET_LINES):
            code, source = data.get(f"line_code_{index}", ""), data.get(f"line_source_{index}")
            if f"line_source_{index}" in self.errors:
                continue
            if not code and source is None:
                continue
            if source is None:
                self.add_error(f"line_source_{index}", _("Choose the funding source of this line."))
            elif not code:
                self.add_error(f"line_code_{index}", _("Give the line's number."))
            else:
                lines.append((code, source))
        data["lines"] = lines
        return data

    def to_data(self) -> ProjectData:
        data = self.cleaned_data
        return ProjectData(
            code=data["code"],
            title=data["title"],
            donor=data["donor"],
            programme=data["programme"],
            contract_number=data["contract_number"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            budget_uzs=data["budget_uzs"],
            aims=data["aims"],
            reporting=data["reporting"],
            report_due_days=data["report_due_days"],
            staff=list(data["staff"]),
            budget_lines=data["lines"],
            topics=data["topics"],
        )

    @staticmethod
    def initial_from(project: GrantProject) -> dict:
        initial = {
            "code": project.code,
            "title": project.title,
            "donor": project.donor,
            "programme": project.programme,
            "contract_number": project.contract_number,
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "budget_uzs": project.budget_uzs,
            "aims": project.aims,
            "reporting": project.reporting,
            "report_due_days": project.report_due_days,
            "staff": list(project.staff.values_list("pk", flat=True)),
            "topics": "\n".join(project.topics.values_list("name", flat=True)),
        }
        for index, line in enumerate(project.budget_lines.order_by("code")[:BUDGET_LINES]):
            initial[f"line_code_{index}"] = line.code
            initial[f"line_source_{index}"] = line.funding_source_id
        return initial


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MOST_POPULATION,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
    )


class CommunitiesForm(forms.Form):
    """The project's target assemblies, district by district (a tick per assembly), with the population and
    households of each where known."""

    district = UnitField(
        label=_("District"),
        queryset=AdminUnit.objects.filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY]),
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, assemblies=(), current=None, **kwargs):
        """``assemblies``: the assemblies offered (those of the chosen district and the current targets);
        ``current``: {assembly_id: TargetCommunity}."""
        super().__init__(*args, **kwargs)
        current = current or {}
        self.fields["district"].choices = [*BLANK, *((unit.pk, unit.name()) for unit in districts())]
        self.assemblies = list(assemblies)
        for unit in self.assemblies:
            row = current.get(unit.pk)
            self.fields[f"on_{unit.pk}"] = forms.BooleanField(
                label=unit.name(), required=False, initial=row is not None
            )
            self.fields[f"population_{unit.pk}"] = _count(_("Population"))
            self.fields[f"households_{unit.pk}"] = _count(_("Households"))
            # Cells of a table: no label shown, one read out.
            self.fields[f"population_{unit.pk}"].widget.attrs["aria-label"] = (
                f"{unit.name()}: {_('Population')}"
            )
            self.fields[f"households_{unit.pk}"].widget.attrs["aria-label"] = (
                f"{unit.name()}: {_('Households')}"
            )
            if row is not None:
                self.fields[f"population_{unit.pk}"].initial = row.population
                self.fields[f"households_{unit.pk}"].initial = row.households

    def rows(self):
        return [
            {
                "unit": unit,
                "on": self[f"on_{unit.pk}"],
                "population": self[f"population_{unit.pk}"],
                "households": self[f"households_{unit.pk}"],
            }
            for unit in self.assemblies
        ]

    def to_rows(self) -> list[CommunityRow]:
        data = self.cleaned_data
        return [
            CommunityRow(unit, data.get(f"population_{unit.pk}"), data.get(f"households_{unit.pk}"))
            for unit in self.assemblies
            if data.get(f"on_{unit.pk}")
        ]
