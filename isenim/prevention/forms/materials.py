"""Forms of the materials catalogue and of the store (print runs, movements, the ledger's filters). They
check shapes; the services check the rules (and say so in the same words whoever calls them)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.core.forms import DateInput, parse_id
from isenim.prevention.choices import EditionLanguage, MaterialKind, MovementKind, ReviewState
from isenim.prevention.models import Campaign, Edition
from isenim.prevention.services.materials import MAX_DESCRIPTION, MAX_THRESHOLD, MAX_TITLE
from isenim.prevention.services.stock import (
    MANUAL_KINDS,
    MAX_MOVEMENT,
    MAX_NOTE,
    MAX_TEXT,
    MAX_UNIT_COST_UZS,
)
from isenim.reintegration.models import FundingSource


class KeyChoiceField(forms.ModelChoiceField):
    """A record's key from the browser: one no table can hold finds nothing (never a database error)."""

    def __init__(self, *args, label_from=str, **kwargs):
        self._label_from = label_from
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj) -> str:
        return self._label_from(obj)


def _campaign_field(label):
    return KeyChoiceField(
        label=label,
        queryset=Campaign.objects.order_by("-starts_on", "name"),
        required=False,
        empty_label="—",
        label_from=lambda campaign: f"{campaign.name} ({campaign.starts_on:%Y})",
    )


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it says and for whom; the texts themselves are in each edition's design file."),
    )
    campaign = _campaign_field(_("Made for campaign"))


class MaterialFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("every kind")), *MaterialKind.choices], required=False
    )
    campaign = _campaign_field(_("Campaign"))
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("every language")), *EditionLanguage.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("Review"), choices=[("", _("any state")), *ReviewState.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].empty_label = _("every campaign")


def _threshold_field():
    return forms.IntegerField(
        label=_("Warn when stock falls below"),
        min_value=0,
        max_value=MAX_THRESHOLD,
        initial=0,
        required=False,
        help_text=_("Copies; 0 for no warning. The balance itself is never typed: it is the ledger's sum."),
    )


class DesignFileField(forms.FileField):
    widget = forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.mp4,.webm"})


class EditionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language and script"), choices=EditionLanguage.choices)
    low_stock_threshold = _threshold_field()
    design = DesignFileField(label=_("Design file"))

    def __init__(self, *args, printed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if printed:
            self.fields["design"].help_text = _("PDF, PNG or JPEG, as sent to the printer. Stored encrypted.")
        else:
            self.fields["design"].help_text = _("The spot as MP4 or WebM. Stored encrypted.")
            del self.fields["low_stock_threshold"]


class EditionEditForm(forms.Form):
    low_stock_threshold = _threshold_field()
    design = DesignFileField(label=_("A new design file"), required=False)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        if edition.state != ReviewState.DRAFT:
            del self.fields["design"]
        else:
            self.fields["design"].help_text = _("Leave empty to keep the current file.")
        if edition.material.kind == MaterialKind.VIDEO_SPOT:
            del self.fields["low_stock_threshold"]


# --- The store -------------------------------------------------------------------------------------------


class PrintRunForm(forms.Form):
    printed_on = forms.DateField(label=_("Printed on"), widget=DateInput, initial=timezone.localdate)
    printer = forms.CharField(label=_("Printer"), max_length=MAX_TEXT)
    quantity = forms.IntegerField(label=_("Copies printed"), min_value=1, max_value=MAX_MOVEMENT)
    unit_cost_uzs = forms.IntegerField(
        label=_("Cost of one copy, UZS"), min_value=0, max_value=MAX_UNIT_COST_UZS
    )
    funding_source = KeyChoiceField(
        label=_("Paid from"),
        queryset=FundingSource.objects.order_by("name"),
        required=False,
        empty_label="—",
        label_from=lambda source: source.name,
    )


class StockMoveForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happens"), choices=[(kind.value, kind.label) for kind in MANUAL_KINDS]
    )
    quantity = forms.IntegerField(label=_("Copies"), min_value=1, max_value=MAX_MOVEMENT)
    moved_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    distribution_point = forms.CharField(
        label=_("Distribution point"),
        max_length=MAX_TEXT,
        required=False,
        help_text=_(
            "Where the copies are left (or came back from): a hospital, a mahalla office, a college…"
        ),
    )
    note = forms.CharField(
        label=_("Note or reason"),
        max_length=MAX_NOTE,
        required=False,
        help_text=_("Required for a write-off: why (damaged, outdated, lost…)."),
    )


class LedgerFilterForm(forms.Form):
    edition = KeyChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.select_related("material").order_by(
            "material__title", "language", "-version"
        ),
        required=False,
        empty_label=_("every edition"),
    )
    kind = forms.ChoiceField(
        label=_("Movement"), choices=[("", _("every movement")), *MovementKind.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput, required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput, required=False)
