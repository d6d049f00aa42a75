from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.appeals import selectors
from isenim.appeals.choices import AdviceKind, Appellant, Category, Cause, Channel, HeardAbout, Outcome
from isenim.appeals.intake_extensions import intake_extensions
from isenim.appeals.rules import CAUSE_FACTS, SCREENING_QUESTIONS
from isenim.appeals.services import AppealData, OutcomeData
from isenim.core.access import Perm, can
from isenim.core.forms import DateInput, parse_id
from isenim.geo import places
from isenim.geo.places import check_place
from isenim.people.models import Sex
from isenim.people.services import PersonData

# Where most of the centre's appellants go: offered first in the destination list.
FREQUENT_DESTINATIONS = ["KZ", "RU", "TR", "KR", "AE"]
EARLIEST_DATE = date(1900, 1, 1)
BLANK = [("", "—")]


def _district_choices() -> list:
    """Districts in the alphabetical order of the reader's language (Әмиўдәрья first, not last)."""
    return [("", "—"), *((unit.pk, unit.name()) for unit in places.districts())]


def _not_in_future(value: date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")
    if value and value < EARLIEST_DATE:
        raise ValidationError(_("This date is too far in the past."), code="past")


def _destination_choices() -> list:
    countries = selectors.countries_by_name()
    frequent = sorted(
        (c for c in countries if c.iso2 in FREQUENT_DESTINATIONS),
        key=lambda c: FREQUENT_DESTINATIONS.index(c.iso2),
    )
    return [
        *BLANK,
        (_("Most frequent"), [(c.pk, c.name()) for c in frequent]),
        (_("All countries"), [(c.pk, c.name()) for c in countries]),
    ]


class AppealForm(forms.Form):
    """What the appeal is about. Used to register an appeal and to correct it."""

    received_on = forms.DateField(label=_("Date received"), widget=DateInput(), validators=[_not_in_future])
    channel = forms.ChoiceField(label=_("Channel"), choices=BLANK + Channel.choices)
    category = forms.ChoiceField(label=_("Category"), choices=BLANK + Category.choices)
    destination = forms.TypedChoiceField(
        label=_("Destination or country of exploitation"), coerce=int, required=False, empty_value=None
    )
    home_district = forms.ModelChoiceField(
        label=_("Home district"), queryset=selectors.districts(), required=False, empty_label="—"
    )
    home_assembly = forms.ModelChoiceField(
        label=_("Citizens' assembly"), queryset=selectors.assemblies(), required=False, empty_label="—"
    )
    heard_about = forms.ChoiceField(
        label=_("How did they hear of the centre?"), choices=BLANK + HeardAbout.choices, required=False
    )
    heard_about_note = forms.CharField(
        label=_("Details (which poster, action or programme)"),
        max_length=200,
        required=False,
        help_text=_("No names here: this field is not encrypted."),
    )
    narrative = forms.CharField(
        label=_("The problem, in the appellant's words"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        required=False,
        help_text=_("Stored encrypted; only caseworkers can read it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = _destination_choices()
        self.fields["home_district"].choices = _district_choices()
        for name, label in {**CAUSE_FACTS, **SCREENING_QUESTIONS}.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)
        # htmx: choosing a district reloads the list of its assemblies.
        self.fields["home_district"].widget.attrs.update(
            {
                "hx-get": reverse("geo:assembly_options"),
                "hx-target": "#id_home_assembly",
                "hx-trigger": "change",
            }
        )
        district = self._district_id()
        if district:
            self.fields["home_assembly"].queryset = selectors.assemblies(district)
        # Optional fields of the apps above appeals (intake_extensions.py), e.g. "heard of us through".
        self.extension_field_names = [name for ext in intake_extensions() for name in ext.add_fields(self)]
        self.extension_values: dict = {}

    def extension_fields(self):
        return [self[name] for name in self.extension_field_names]

    def _district_id(self) -> int | None:
        raw = self.data.get("home_district") if self.is_bound else self.initial.get("home_district")
        return parse_id(getattr(raw, "pk", raw))

    def fact_fields(self):
        return [self[name] for name in CAUSE_FACTS]

    def screening_fields(self):
        return [self[name] for name in SCREENING_QUESTIONS]

    def clean(self):
        data = super().clean()
        district, assembly = data.get("home_district"), data.get("home_assembly")
        if assembly is not None and district is None:
            data["home_district"] = district = assembly.parent  # the assembly tells the district
        if "home_district" in data and "home_assembly" in data:
            try:
                check_place(getattr(district, "pk", None), getattr(assembly, "pk", None))
            except ValidationError as error:
                self.add_error("home_assembly", error)
        self.extension_values = {ext.name: ext.clean(self, data) for ext in intake_extensions()}
        return data

    def to_data(self) -> AppealData:
        data = self.cleaned_data
        return AppealData(
            received_on=data["received_on"],
            channel=data["channel"],
            category=data["category"],
            destination_id=data["destination"],
            home_district_id=data["home_district"].pk if data["home_district"] else None,
            home_assembly_id=data["home_assembly"].pk if data["home_assembly"] else None,
            heard_about=data["heard_about"],
            heard_about_note=data["heard_about_note"].strip(),
            narrative=data["narrative"],
            answers={name: data[name] for name in (*CAUSE_FACTS, *SCREENING_QUESTIONS)},
            extensions=dict(self.extension_values),
        )

    @classmethod
    def initial_from(cls, appeal) -> dict:
        return {
            "received_on": appeal.received_on,
            "channel": appeal.channel,
            "category": appeal.category,
            "destination": appeal.destination_id,
            "home_district": appeal.home_district_id,
            "home_assembly": appeal.home_assembly_id,
            "heard_about": appeal.heard_about,
            "heard_about_note": appeal.heard_about_note,
            "narrative": appeal.narrative,
            **appeal.facts(),
            **appeal.screening(),
            **{key: value for ext in intake_extensions() for key, value in ext.initial_for(appeal).items()},
        }

    @staticmethod
    def initial_from_query(query) -> dict:
        """Initial values the intake page's address asks for (e.g. ``?action=12`` from an outreach action's
        page): each extension reads its own parameters; a malformed one is ignored."""
        return {key: value for ext in intake_extensions() for key, value in ext.initial(query).items()}


MAX_AGE = 110
AGE_SLACK = 1  # years: an age and a date of birth that differ by no more than this agree (birthdays)


class AppellantForm(forms.Form):
    """Who the appeal is from: a person found in the registry (by code), a new person, or anonymous.

    Only roles that may see the registry are shown candidates and may link to an existing person;
    the others register a new person or an anonymous appeal, and caseworkers merge duplicates later."""

    appellant = forms.CharField(max_length=20, initial=Appellant.NEW)
    last_name = forms.CharField(label=_("Last name"), max_length=80, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=80, required=False)
    middle_name = forms.CharField(label=_("Middle name (patronymic)"), max_length=80, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=DateInput(), required=False, validators=[_not_in_future]
    )
    # Asked when the date is not known: a person's age decides whether they are a child, and it tells
    # namesakes apart in the duplicate check (docs/decisions.md, "Intake asks the date of birth or the age").
    age = forms.IntegerField(
        label=_("Age (years)"),
        min_value=0,
        max_value=MAX_AGE,
        required=False,
        help_text=_("If the date of birth is not known."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    different_person = forms.BooleanField(label=_("This is a different person"), required=False)

    def __init__(self, *args, user, district_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.district_id = district_id
        self.may_link = can(user, Perm.VIEW_PEOPLE)
        if self.may_link:
            self._ask_for_candidates()
        self.person = None
        self._candidates: list[selectors.Candidate] | None = None

    def _ask_for_candidates(self) -> None:
        """htmx: typing a name (or a birth date) shows registry people like it, after a short pause.
        Posted, not in a URL: a name must not end up in server logs or the browser's history."""
        ask = {
            "hx-post": reverse("appeals:person_candidates"),
            "hx-target": "#candidates",
            "hx-include": "#appellant-fields, #id_home_district, [name=csrfmiddlewaretoken]",
            "hx-trigger": "input changed delay:400ms",
            "autocomplete": "off",
        }
        for name in ("last_name", "first_name", "middle_name"):
            self.fields[name].widget.attrs.update(ask)
        self.fields["birth_date"].widget.attrs.update({**ask, "hx-trigger": "change"})
        self.fields["age"].widget.attrs.update(ask)

    @property
    def choice(self) -> str:
        return (self.data.get("appellant") if self.is_bound else "") or Appellant.NEW

    def find_candidates(self) -> list[selectors.Candidate]:
        """Registry people like the one typed (bound form), for roles that may see the registry.
        Searched once per form: each search is recorded as an access event."""
        if self._candidates is None:
            self._candidates = self._search() if self.may_link and self.is_bound else []
        return self._candidates

    def _search(self) -> list[selectors.Candidate]:
        values = {
            name: (self.data.get(name) or "").strip() for name in ("last_name", "first_name", "middle_name")
        }
        birth = self._birth_date()
        age = None if birth else self._typed("age")
        return selectors.person_candidates(
            self.user,
            **values,
            birth_date=birth.isoformat() if birth else "",
            approximate_birth_year=self._reference_date().year - age if age is not None else None,
            district_id=self.district_id,
        )

    @property
    def birth_date_typed(self) -> bool:
        """A valid date of birth or age has been typed (then the candidates need no hint to ask for it)."""
        return self._birth_date() is not None or self._typed("age") is not None

    def _birth_date(self) -> date | None:
        return self._typed("birth_date")

    def _typed(self, name: str):
        """The field's typed value if it is a valid one (the form may not be validated yet)."""
        try:
            return self.fields[name].clean(self.data.get(name) or "")
        except ValidationError:
            return None

    def _reference_date(self) -> date:
        """The day the age was stated: the appeal's date when it is typed, else today."""
        try:
            received = forms.DateField().clean(self.data.get("received_on") or "")
        except ValidationError:
            received = None
        return received or timezone.localdate()

    def _check_age(self, data: dict) -> None:
        """A new person needs a date of birth or an age, and the two must agree when both are given."""
        birth, age = data.get("birth_date"), data.get("age")
        if "birth_date" in self.errors or "age" in self.errors:
            return
        if birth is None and age is None:
            self.add_error("age", _("Give the date of birth, or the age if the date is not known."))
        elif birth is not None and age is not None and abs(self._age_on(birth) - age) > AGE_SLACK:
            self.add_error("age", _("The age does not match the date of birth."))

    def _age_on(self, birth: date) -> int:
        return self._reference_date().year - birth.year

    def clean_phone(self):
        from isenim.core.phones import normalise_phone

        return normalise_phone(self.cleaned_data.get("phone", ""))  # the rule of /ask/

    def clean(self):
        data = super().clean()
        choice = data.get("appellant") or ""
        if choice == Appellant.ANONYMOUS:
            return data
        if choice == Appellant.NEW:
            for name in ("last_name", "first_name"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Needed for a new person. Choose “Anonymous” if they prefer."))
            self._check_age(data)
            if any(c.strong for c in self.find_candidates()) and not data.get("different_person"):
                self.add_error(
                    "different_person",
                    _(
                        "Similar people are already registered. Link the appeal to one of them, "
                        "or confirm that this is a different person."
                    ),
                )
            return data
        self.person = selectors.person_by_code(self.user, choice) if self.may_link else None
        if self.person is None:
            self.add_error("appellant", _("Choose who the appeal is from."))
        return data

    def registration(self, appeal_form: AppealForm) -> dict:
        """Keyword arguments for services.appeal_register."""
        data = self.cleaned_data
        if data["appellant"] == Appellant.ANONYMOUS:
            return {"anonymous": True}
        if self.person is not None:
            return {"person": self.person}
        identity = {
            "last_name": data["last_name"].strip(),
            "first_name": data["first_name"].strip(),
            "middle_name": data["middle_name"].strip(),
            "birth_date": data["birth_date"].isoformat() if data["birth_date"] else "",
            "phones": [data["phone"].strip()] if data["phone"].strip() else [],
        }
        place = appeal_form.to_data()
        approximate = data["birth_date"] is None and data["age"] is not None
        return {
            "new_person": PersonData(
                identity=identity,
                sex=data["sex"],
                birth_year=place.received_on.year - data["age"] if approximate else None,
                birth_date_approximate=approximate,
                home_district_id=place.home_district_id,
                home_assembly_id=place.home_assembly_id,
            )
        }


class AppealFilterForm(forms.Form):
    """The list's filters (GET). Invalid values are ignored and shown as errors."""

    q = forms.CharField(label=_("Appeal code, person code or name"), max_length=120, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=BLANK + Category.choices, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=BLANK + Channel.choices, required=False)
    cause = forms.ChoiceField(label=_("Main cause"), choices=BLANK + Cause.choices, required=False)
    district = forms.ModelChoiceField(
        label=_("Home district"), queryset=selectors.districts(), required=False, empty_label="—"
    )
    destination = forms.TypedChoiceField(label=_("Destination"), coerce=int, required=False, empty_value=None)
    presumed = forms.ChoiceField(
        label=_("Presumed victim"),
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )
    date_from = forms.DateField(label=_("Received from"), widget=DateInput(), required=False)
    date_to = forms.DateField(label=_("Received until"), widget=DateInput(), required=False)
    triage = forms.ChoiceField(
        label=_("Triage"),
        choices=[
            ("", "—"),
            ("unassigned", _("Nobody assigned")),
            ("overdue", _("Overdue")),
            ("open", _("Waiting for an outcome")),
            ("mine", _("Assigned to me")),
            ("closed", _("Outcome recorded")),
        ],
        required=False,
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=BLANK + Outcome.choices, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = BLANK + [
            (c.pk, c.name()) for c in selectors.destinations_in_use(user)
        ]
        self.fields["district"].choices = _district_choices()

    def filters(self) -> dict:
        self.is_valid()
        return self.cleaned_data


# Triage -----------------------------------------------------------------------------------------------


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name()} · {obj.get_role_display()}"


class AssignForm(forms.Form):
    """The owner of one appeal, or of the appeals ticked on the list."""

    assignee = StaffChoiceField(label=_("Assign to"), queryset=selectors.appeal_handlers(), empty_label="—")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.appeal_handlers()


class OutcomeForm(forms.Form):
    """One outcome and what goes with it; what each outcome needs is the service's rule."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[choice for choice in Outcome.choices if choice[0] != Outcome.CASE_OPENED],
        widget=forms.RadioSelect,
    )
    advice_kind = forms.ChoiceField(
        label=_("What information or advice was given"), choices=BLANK + AdviceKind.choices, required=False
    )
    referred_to = forms.CharField(
        label=_("Organisation referred to"),
        max_length=200,
        required=False,
        help_text=_("The organisation's name only: no person's name here."),
    )
    duplicate_of = forms.CharField(
        label=_("Code of the appeal this one repeats"), max_length=16, required=False
    )
    note = forms.CharField(
        label=_("Reason or note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Needed for a referral and for “no action needed”. Stored encrypted."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.original = None

    def clean_duplicate_of(self):
        code = self.cleaned_data["duplicate_of"].strip()
        if code:
            self.original = selectors.appeal_by_code(self.user, code)
            if self.original is None:
                raise ValidationError(_("No appeal has this code."), code="unknown")
        return code

    def to_data(self) -> OutcomeData:
        data = self.cleaned_data
        return OutcomeData(
            outcome=data["outcome"],
            advice_kind=data["advice_kind"],
            referred_to=data["referred_to"],
            duplicate_of=self.original if data["outcome"] == Outcome.DUPLICATE else None,
            note=data["note"],
        )


class AppealSettingsForm(forms.Form):
    working_days_to_act = forms.IntegerField(
        label=_("Working days to act on an appeal that is not a presumed victim"),
        min_value=0,
        max_value=30,
        help_text=_(
            "Monday to Friday. 0: the day it was received. A presumed victim is always due the day it was "
            "received. Appeals registered from now on are due by the new number."
        ),
    )


class PseudonymForm(forms.Form):
    """Opening a case for an anonymous appellant: the name their record is made under."""

    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=100,
        required=False,
        help_text=_(
            "What the person agreed to be called, not their real name; or leave it empty and the record's "
            "code is used. Their identity is added on their record later, with the duplicate check then."
        ),
    )
