from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from isenim.accounts.models import AccountChange
from isenim.core.access import Role

User = get_user_model()
LANGUAGE_CHOICES = [("", _("Site default")), *settings.LANGUAGES]


class StaffProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_(
            "Where the one-time code for a new password is sent; without one, the director hands it over."
        ),
    )
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


class StaffCreateForm(StaffProfileForm):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-z0-9._-]{3,150}$",
        help_text=_("Small Latin letters, digits, dots, dashes; at least 3 characters."),
        error_messages={"invalid": _("Use small Latin letters, digits, dots and dashes only.")},
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No role until the administrator picks one: a form that started on "Director" proposed directors.
        self.fields["role"].choices = [("", "—"), *Role.choices]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username


class StaffEditForm(StaffProfileForm):
    is_active = forms.BooleanField(label=_("Account is active"), required=False)


class ConfirmForm(forms.Form):
    """How the one-time code of a confirmed new account or reset reaches the member."""

    delivery = forms.ChoiceField(
        label=_("One-time code"),
        choices=[
            (AccountChange.Delivery.EMAIL, _("Send it to the member's e-mail address")),
            (AccountChange.Delivery.HAND_OVER, _("Show it to me once: I hand it over in person")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )


class UseCodeForm(PasswordPairMixin, forms.Form):
    """The public page where a member of staff sets their own password with the one-time code."""

    username = forms.CharField(label=_("Username"), max_length=150)
    code = forms.CharField(
        label=_("One-time code"),
        max_length=40,
        help_text=_("The code you received by e-mail or from the director, e.g. ABCD-EFGH-JKLM-NPQR."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    password1 = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("New password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def check_for(self, user) -> None:
        self.check_password_pair(user)
