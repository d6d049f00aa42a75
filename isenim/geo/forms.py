from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from isenim.geo.models import AdminUnit, Country
from isenim.geo.services import NAME_FIELDS


class CorrectionForm(forms.Form):
    """Names in each language plus the verified mark; the Karakalpak Cyrillic name is required."""

    verified = forms.BooleanField(
        label=_("I have checked these names against a reliable source"), required=False
    )

    def __init__(self, *args, record, **kwargs):
        initial = {field: getattr(record, field) for field in NAME_FIELDS}
        initial["verified"] = record.verified
        super().__init__(*args, initial=initial, **kwargs)
        for field in NAME_FIELDS:
            model_field = AdminUnit._meta.get_field(field)
            self.fields[field] = forms.CharField(
                label=capfirst(model_field.verbose_name),
                max_length=model_field.max_length,
                required=field == "name_kaa",
            )
        self.order_fields([*NAME_FIELDS, "verified"])


def _countries_by_name(queryset):
    from isenim.geo.ordering import by_reader

    return by_reader(queryset)  # the usual destinations first, then the reader's alphabet


class CountryChoiceField(forms.TypedChoiceField):
    """A country by its name in the UI language (sorted by it), cleaning to the Country row."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=(), **kwargs)
        self.allowed = Country.objects.none()

    def limit_to(self, queryset) -> None:
        self.allowed = queryset
        self.choices = [("", "—"), *[(row.pk, row.name()) for row in _countries_by_name(queryset)]]

    def clean(self, value):
        pk = super().clean(value)
        if pk in (None, ""):
            return None
        row = self.allowed.filter(pk=pk).first()
        if row is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


def offer_places(form: forms.Form, *, district: str = "district", assembly: str = "assembly") -> None:
    """Fill a form's district and citizens' assembly choices: every district, and the assemblies of the
    district chosen (typed, or the initial one). Choosing another district reloads the assemblies (htmx),
    as on the intake form."""
    from django.urls import reverse

    from isenim.core.forms import parse_id
    from isenim.geo.places import assemblies_of, districts

    blank = [("", "—")]
    form.fields[district].choices = [*blank, *((unit.pk, unit.name()) for unit in districts())]
    form.fields[district].widget.attrs.update(
        {"hx-get": reverse("geo:assembly_options"), "hx-target": f"#id_{assembly}", "hx-trigger": "change"}
    )
    raw = form.data.get(district) if form.is_bound else form.initial.get(district)
    chosen = parse_id(getattr(raw, "pk", raw))
    form.fields[assembly].choices = [*blank, *((unit.pk, unit.name()) for unit in assemblies_of(chosen))]
