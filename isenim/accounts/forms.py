from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from isenim.core.access import Role

User = get_user_model()
LANGUAGE_CHOICES = [("", _("Site default")), *settings.LANGUAGES]


class StaffProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(label=_("Interface language"), choices=LANGUAGE_CHOICES, required=False)


class PasswordPairMixin:
    """Two password fields that must match and pass the password validators for ``user``."""

    def check_password_pair(self, user) -> None:
        data = self.cleaned_data
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class StaffCreateForm(PasswordPairMixin, StaffProfileForm):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-z0-9._-]{3,150}$",
        help_text=_("Small Latin letters, digits, dots, dashes; at least 3 characters."),
        error_messages={"invalid": _("Use small Latin letters, digits, dots and dashes only.")},
    )
    password1 = forms.CharField(label=_("Temporary password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Temporary password again"), widget=forms.PasswordInput, strip=False)

    field_order = ["username", "first_name", "last_name", "role", "language", "password1", "password2"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def clean(self):
        data = super().clean()
        probe = User(
            username=data.get("username", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        self.check_password_pair(probe)
        return data


class StaffEditForm(StaffProfileForm):
    is_active = forms.BooleanField(label=_("Account is active"), required=False)


class StaffPasswordForm(PasswordPairMixin, forms.Form):
    password1 = forms.CharField(label=_("Temporary password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Temporary password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        self.check_password_pair(self.user)
        return data
