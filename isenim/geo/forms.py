from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from isenim.geo.models import AdminUnit
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
