"""Forms of the reintegration app. They check shapes; the services check the rules."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from isenim.cases.forms.services import DateInput, _NamesForm, not_in_future
from isenim.cases.services.documents import ALLOWED_NAMES, file_refusal, max_upload_bytes
from isenim.geo.models import NAME_LANGUAGES
from isenim.people.models import EducationLevel
from isenim.reintegration.choices import (
    INDICATORS,
    SCORE_CHOICES,
    Milestone,
    Remigration,
    TradeWorked,
)
from isenim.reintegration.models import FundingSource, ToolKitItem, Trade
from isenim.reintegration.pdf import ACT_LANGUAGES
from isenim.reintegration.services.aid import MAX_QUANTITY, MAX_UNIT_PRICE_UZS, ItemLine

NAME_FIELDS = [f"name_{lang}" for lang in NAME_LANGUAGES]
TEXT = {"rows": 3}


class _TradeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name()


class ProfileForm(forms.Form):
    education_level = forms.ChoiceField(
        label=_("Education"), choices=[("", "—"), *EducationLevel.choices], required=False
    )
    education_speciality = forms.CharField(
        label=_("Speciality or trade learnt"), max_length=120, required=False
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=4000, widget=forms.Textarea(attrs=TEXT)
    )
    work_history = forms.CharField(
        label=_("Work history (at home and abroad)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXT),
    )
    trade_wanted = forms.CharField(
        label=_("The trade the person wants"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    trade = _TradeChoice(
        label=_("Trade chosen"), queryset=Trade.objects.none(), required=False, empty_label="—"
    )
    trade_reason = forms.CharField(
        label=_("Why this trade"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Required when a trade is chosen: skills, local demand, the person's wish, health…"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = Trade.objects.filter(active=True).order_by("name_kaa")

    def clean(self):
        data = super().clean()
        if data.get("trade") and not (data.get("trade_reason") or "").strip():
            self.add_error("trade_reason", _("Say why this trade was chosen."))
        return data


class TradeForm(_NamesForm):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Latin letters, digits and hyphens."))

    def __init__(self, *args, instance: Trade | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {**self.initial_names(instance), "code": instance.code}
        super().__init__(*args, **kwargs)
        self.fields["active"].label = _("In use (offered when choosing a trade)")
        self.order_fields(["code", *NAME_FIELDS, "source", "verified", "active"])


class KitItemForm(_NamesForm):
    code = forms.SlugField(label=_("Code"), max_length=60, help_text=_("Latin letters, digits and hyphens."))
    quantity = forms.IntegerField(
        label=_("Quantity in the kit"), min_value=1, max_value=MAX_QUANTITY, initial=1
    )
    estimated_price_uzs = forms.IntegerField(
        label=_("Estimated unit price, UZS"), min_value=0, max_value=MAX_UNIT_PRICE_UZS
    )

    def __init__(self, *args, instance: ToolKitItem | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **self.initial_names(instance),
                "code": instance.code,
                "quantity": instance.quantity,
                "estimated_price_uzs": instance.estimated_price_uzs,
            }
        super().__init__(*args, **kwargs)
        self.fields["active"].label = _("In use (offered in new requests)")
        self.order_fields(
            ["code", *NAME_FIELDS, "quantity", "estimated_price_uzs", "source", "verified", "active"]
        )


class FundingSourceForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("e.g. State grant — Public Fund under the Oliy Majlis, budget line 3: equipment"),
    )
    amount_uzs = forms.IntegerField(label=_("Budget, UZS"), min_value=0, max_value=10**14)
    starts_on = forms.DateField(label=_("Period from"), widget=DateInput())
    ends_on = forms.DateField(label=_("Period to"), widget=DateInput())
    active = forms.BooleanField(label=_("In use (offered on requests)"), required=False, initial=True)

    def __init__(self, *args, instance: FundingSource | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "amount_uzs": instance.amount_uzs,
                "starts_on": instance.starts_on,
                "ends_on": instance.ends_on,
                "active": instance.active,
            }
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period must end on or after the day it starts."))
        return data


class _FundingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ItemLinesForm(forms.Form):
    """A quantity and a unit price for each item (of the kit, or of the approved request). A quantity of 0
    leaves the item out."""

    def __init__(self, *args, lines: list[tuple[ToolKitItem, int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.line_items = []
        for item, quantity, price in lines:
            qty = f"qty_{item.pk}"
            price_name = f"price_{item.pk}"
            self.fields[qty] = forms.IntegerField(
                label=_("Quantity"), min_value=0, max_value=MAX_QUANTITY, initial=quantity
            )
            self.fields[price_name] = forms.IntegerField(
                label=_("Unit price, UZS"), min_value=0, max_value=MAX_UNIT_PRICE_UZS, initial=price
            )
            self.fields[price_name].widget.attrs["aria-label"] = f"{_('Unit price, UZS')} · {item.name()}"
            self.line_items.append((item, qty, price_name))

    def rows(self):
        return [
            {"item": item, "quantity": self[qty], "price": self[price]}
            for item, qty, price in self.line_items
        ]

    def lines(self) -> list[ItemLine]:
        return [
            ItemLine(kit_item=item, quantity=self.cleaned_data[qty], unit_price_uzs=self.cleaned_data[price])
            for item, qty, price in self.line_items
        ]


class AidRequestForm(ItemLinesForm):
    funding_source = _FundingChoice(
        label=_("Funding source"), queryset=FundingSource.objects.none(), empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].queryset = FundingSource.objects.filter(active=True).order_by("name")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Required when rejecting."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the request is rejected."))
        return data


class _FileField(forms.FileField):
    """A file checked like a case document: size first, then its type read from the bytes."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return b""
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": settings.ISENIM_MAX_UPLOAD_MB},
                code="too_big",
            )
        content = upload.read()
        refusal = file_refusal(content)
        if refusal is not None:
            raise forms.ValidationError(refusal, code="bad_type")
        return content


def _file_help():
    return _("%(types)s, at most %(size)s MB. Stored encrypted.") % {
        "types": ALLOWED_NAMES,
        "size": settings.ISENIM_MAX_UPLOAD_MB,
    }


class PurchaseForm(ItemLinesForm):
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    purchased_on = forms.DateField(label=_("Bought on"), widget=DateInput(), validators=[not_in_future])
    funding_source = _FundingChoice(
        label=_("Funding source"), queryset=FundingSource.objects.none(), empty_label="—"
    )
    invoice = _FileField(label=_("Invoice"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_source"].queryset = FundingSource.objects.filter(active=True).order_by("name")
        self.fields["invoice"].help_text = _file_help()


class HandoverForm(forms.Form):
    handed_over_on = forms.DateField(
        label=_("Handed over on"), widget=DateInput(), validators=[not_in_future]
    )
    signed_act = _FileField(label=_("Scan of the signed act (optional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_act"].help_text = _file_help()


class ActLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the act (the person's language)"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        self.fields["language"].choices = [(code, names[code]) for code in ACT_LANGUAGES]


class _RequestChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.trade.name()} · {obj.handover.handed_over_on:%Y-%m-%d}"


class FollowUpForm(forms.Form):
    request = _RequestChoice(label=_("Tools handed over"), queryset=None, empty_label=None)
    months = forms.TypedChoiceField(label=_("Follow-up"), choices=Milestone.choices, coerce=int)
    done_on = forms.DateField(label=_("Date"), widget=DateInput(), validators=[not_in_future])
    trade_worked = forms.ChoiceField(
        label=_("Works in the trade"), choices=TradeWorked.choices, widget=forms.RadioSelect
    )
    monthly_income_uzs = forms.IntegerField(
        label=_("Monthly income, UZS"),
        min_value=0,
        max_value=10**11,
        required=False,
        help_text=_("Roughly, from all work; leave empty if the person would rather not say."),
    )
    remigration = forms.ChoiceField(
        label=_("Intends to migrate again"), choices=Remigration.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs=TEXT)
    )
    early_reason = forms.CharField(
        label=_("Why now, before its date"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the follow-up is recorded before it falls due."),
    )

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = requests
        for indicator in INDICATORS:
            self.fields[indicator.field] = forms.TypedChoiceField(
                label=indicator.question, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
            )

    def indicator_groups(self):
        from isenim.reintegration.choices import Dimension

        return [
            {"label": label, "fields": [self[item.field] for item in INDICATORS if item.dimension == value]}
            for value, label in Dimension.choices
        ]

    def answers(self) -> dict[str, int]:
        return {item.field: self.cleaned_data[item.field] for item in INDICATORS}
