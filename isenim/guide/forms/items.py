import re
import time
import unicodedata

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.core.phones import normalise_phone
from isenim.geo.models import Country
from isenim.guide.models import TEXT_LANGUAGES, GuideItem, Hotline, Mission, Topic
from isenim.guide.services import ItemData

LANGUAGE_LABELS = {
    "kaa": _("Karakalpak"),
    "uz": _("Uzbek (Latin)"),
    "ru": _("Russian"),
    "en": _("English"),
}


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The verification date cannot be in the future."))
    return value


class GuideItemForm(forms.Form):
    """Every language in one form. Saving a draft needs the topic and the source; sending for review
    needs a title and a text in kaa, uz, ru and en (kaa-latn and uz-cyrl are transliterated)."""

    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Web addresses or documents the text rests on."),
    )
    verified_on = forms.DateField(
        label=_("Verified on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty until someone has checked the facts against the source."),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0, required=False)

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for lang in TEXT_LANGUAGES:
            self.fields[f"title_{lang}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": LANGUAGE_LABELS[lang]},
                max_length=200,
                required=False,
            )
            self.fields[f"body_{lang}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": LANGUAGE_LABELS[lang]},
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=5000,
                required=False,
            )

    def language_fields(self):
        return [
            (LANGUAGE_LABELS[lang], self[f"title_{lang}"], self[f"body_{lang}"]) for lang in TEXT_LANGUAGES
        ]

    @classmethod
    def initial_from(cls, item: GuideItem) -> dict:
        initial = {name: getattr(item, name) for name in GuideItem.COPIED_FIELDS}
        initial.update(topic=item.topic, order=item.order)
        return initial

    def clean_verified_on(self):
        return _not_in_future(self.cleaned_data.get("verified_on"))

    def clean(self):
        data = super().clean()
        if self.submitting:
            for lang in TEXT_LANGUAGES:
                for part in ("title", "body"):
                    name = f"{part}_{lang}"
                    if name in data and not (data.get(name) or "").strip():
                        self.add_error(name, _("Needed before the item goes for review."))
        return data

    def to_data(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            texts={name: data.get(name, "") for name in GuideItem.TEXT_FIELDS},
            source=data["source"],
            verified_on=data.get("verified_on"),
            topic=data["topic"],
            order=data.get("order") or 0,
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the editor change?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MissionForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Mission
        fields = [
            "country",
            "kind",
            "name_kaa",
            "name_uz",
            "name_ru",
            "name_en",
            "address",
            "phones",
            "hours",
            "website",
            "source",
            "verified_on",
            "note",
            "order",
        ]
        labels = {
            "name_kaa": _("City (Karakalpak)"),
            "name_uz": _("City (Uzbek)"),
            "name_ru": _("City (Russian)"),
            "name_en": _("City (English)"),
        }
        widgets = {
            "verified_on": forms.DateInput(attrs={"type": "date"}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        self.fields["country"].queryset = Country.objects.order_by("iso2")

    def clean_verified_on(self):
        return _not_in_future(self.cleaned_data.get("verified_on"))

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class HotlineForm(forms.ModelForm):
    class Meta:
        model = Hotline
        fields = [
            "name_kaa",
            "name_uz",
            "name_ru",
            "name_en",
            "phone",
            "answers_kaa",
            "answers_uz",
            "answers_ru",
            "answers_en",
            "country",
            "source",
            "verified_on",
            "order",
        ]
        widgets = {
            "verified_on": forms.DateInput(attrs={"type": "date"}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = True
        self.fields["country"].queryset = Country.objects.order_by("iso2")

    def clean_verified_on(self):
        value = _not_in_future(self.cleaned_data.get("verified_on"))
        return value

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""), short_codes=True)

    def clean(self):
        data = super().clean()
        if data.get("verified_on") and not (data.get("phone") or "").strip():
            self.add_error("phone", _("A hotline can be marked verified only with its number."))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# The public "ask us before you go" form -------------------------------------------------------------

ASK_SALT = "isenim.guide.ask"
MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]+$")
TELEGRAM_RE = re.compile(r"^@?[A-Za-z0-9_]{5,32}$")
_KEEP = {"\n", "\t"}


def strip_controls(text: str) -> str:
    """Remove control and other invisible format characters (NUL included); keep line breaks and tabs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"}
    )


class CleanCharField(forms.CharField):
    def to_python(self, value):
        if isinstance(value, str):
            value = strip_controls(value)
        return super().to_python(value)


def new_timestamp() -> str:
    return signing.dumps(time.time(), salt=ASK_SALT)


class AskForm(forms.Form):
    name = CleanCharField(
        label=_("Your name or a nickname"),
        max_length=100,
        help_text=_("Any name we may call you by."),
    )
    phone = CleanCharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("With the country code, for example +998 90 123 45 67."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    telegram = CleanCharField(
        label=_("Telegram"),
        max_length=40,
        required=False,
        help_text=_("Your @username, if you prefer Telegram."),
    )
    destination = forms.ModelChoiceField(
        label=_("Where are you going?"),
        queryset=Country.objects.none(),
        required=False,
        empty_label=_("Another country or not decided yet"),
    )
    question = CleanCharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("At most 2,000 characters. Do not write passwords or document numbers."),
    )
    # A field people never see (hidden by CSS): bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        from isenim.guide.selectors import destination_countries

        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = destination_countries()
        self.fields["destination"].label_from_instance = lambda country: country.name()
        self.spam = ""  # "honeypot", "too_fast" — refused without saying why in detail
        self.expired = False

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))  # the rule of every staff form too

    def clean_telegram(self):
        handle = self.cleaned_data.get("telegram", "").strip()
        if not handle:
            return ""
        if not TELEGRAM_RE.match(handle):
            raise forms.ValidationError(
                _("A Telegram username has 5 to 32 Latin letters, digits or underscores, like @name_2024.")
            )
        return "@" + handle.lstrip("@")

    def clean(self):
        data = super().clean()
        no_contact_errors = not self.errors.get("phone") and not self.errors.get("telegram")
        if no_contact_errors and not data.get("phone") and not data.get("telegram"):
            self.add_error("phone", _("Give a phone number or a Telegram username so that we can answer."))
        if data.get("website"):
            self.spam = "honeypot"
            raise forms.ValidationError(_("Your request could not be accepted. Please try again."))
        try:
            started = float(signing.loads(data.get("started") or "", salt=ASK_SALT, max_age=MAX_SECONDS))
        except signing.SignatureExpired:
            self.expired = True
            raise forms.ValidationError(
                _("The form was open for more than two hours. Check what you wrote and send it again.")
            ) from None
        except (signing.BadSignature, ValueError, TypeError):
            self.expired = True
            raise forms.ValidationError(
                _("Your request could not be accepted. Please send it again.")
            ) from None
        if time.time() - started > MAX_SECONDS:
            self.expired = True
            raise forms.ValidationError(
                _("The form was open for more than two hours. Check what you wrote and send it again.")
            )
        if time.time() - started < MIN_SECONDS:
            self.spam = "too_fast"
            raise forms.ValidationError(_("That was too fast. Please wait a few seconds and send it again."))
        return data
