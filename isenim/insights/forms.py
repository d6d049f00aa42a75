"""Forms of the analysis page: the analysis itself (a GET form whose query string is the analysis — the
same names ``PivotSpec.from_query`` reads, so the address can be shared) and the name of a saved view."""

from django import forms
from django.utils.translation import gettext_lazy as _

from isenim.insights.periods import COMPARISONS, PERIODS
from isenim.insights.pivot import FILTER_PREFIX, PERCENTS
from isenim.insights.services.saved_views import NAME_MAX

PERIOD_CHOICES = list(PERIODS.items())
COMPARE_CHOICES = [("", _("No comparison")), *COMPARISONS.items()]
PERCENT_CHOICES = list(PERCENTS.items())


def filter_field(dimension_name: str) -> str:
    return f"{FILTER_PREFIX}{dimension_name}"


class AnalysisForm(forms.Form):
    """What to count: built for the sources and dimensions the reader may use. It is only displayed and
    kept: ``PivotSpec.from_query`` reads the same query string and says what is wrong with it."""

    source = forms.ChoiceField(label=_("Data"), required=False)
    rows = forms.ChoiceField(label=_("Rows"), required=False)
    cols = forms.ChoiceField(label=_("Columns"), required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    compare = forms.ChoiceField(label=_("Compare"), choices=COMPARE_CHOICES, required=False)
    percent = forms.ChoiceField(label=_("Percentages"), choices=PERCENT_CHOICES, required=False)

    def __init__(self, data=None, *, sources, dimensions):
        super().__init__(data)
        self.fields["source"].choices = [(name, label) for name, label in sources]
        choices = [(d.name, d.label) for d in dimensions]
        self.fields["rows"].choices = choices
        self.fields["cols"].choices = [("", _("(none)")), *choices]
        self.filter_names = []
        for dimension in dimensions:
            values = list(dimension.values().items())
            if not values:
                continue
            name = filter_field(dimension.name)
            self.fields[name] = forms.MultipleChoiceField(
                label=dimension.label,
                required=False,
                choices=[(str(value), label) for value, label in values],
                widget=forms.SelectMultiple(attrs={"size": min(6, max(2, len(values)))}),
            )
            self.filter_names.append(name)

    @property
    def filter_fields(self):
        return [self[name] for name in self.filter_names]

    @property
    def filters_in_use(self) -> int:
        if not self.is_bound:
            return 0
        return sum(1 for name in self.filter_names if self.data.getlist(name))


class SavedViewNameForm(forms.Form):
    name = forms.CharField(label=_("Name of the analysis"), max_length=NAME_MAX)


class DeleteConfirmForm(forms.Form):
    """Deleting an official figure or a saved analysis asks for a ticked box (as anonymising records in
    retention does); without it nothing is deleted."""

    confirm = forms.BooleanField(
        label=_("Yes, delete it"),
        error_messages={"required": _("Tick this box to confirm. Nothing was deleted.")},
    )
