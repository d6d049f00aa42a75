"""Forms of the registry pages. They parse and validate what staff typed; writes go through services."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isenim.core.forms import DateInput, not_in_future
from isenim.geo.models import AdminUnit, Country
from isenim.geo.places import check_place
from isenim.people import selectors
from isenim.people.matching import Probe, full_name
from isenim.people.models import Consent, EducationLevel, FamilyLink, Person, Sex
from isenim.people.services import PersonData

LANGUAGE_CHOICES = [
    ("kaa", _("Karakalpak")),
    ("uz", _("Uzbek")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("en", _("English")),
    ("other", _("Other language")),
]
MAX_FORM_BYTES = 5 * 1024 * 1024
# A signed form is a scan or a photo: the first bytes tell what a file really is, whatever its name says.
FORM_SIGNATURES = [
    (b"%PDF", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
EMPTY_CHOICE = ("", "—")
ANY_CHOICE = ("", _("any"))


def unit_choices(units) -> list[tuple]:
    return [EMPTY_CHOICE, *((unit.pk, unit.name()) for unit in units)]


class PersonForm(forms.Form):
    """One person's record: identity (sealed by the service) and the facts kept in clear."""

    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    # Shown only on the record of an anonymous appellant (made under a pseudonym when a case was opened).
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=100,
        required=False,
        help_text=_("What the person agreed to be called while their identity was not known."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=DateInput, validators=[not_in_future]
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        help_text=_("When the exact date is not known."),
    )
    birth_date_approximate = forms.BooleanField(label=_("The age is approximate"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    phones = forms.CharField(
        label=_("Phones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    documents = forms.CharField(
        label=_("Identity documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: the kind of document, then its number, e.g. passport AB1234567."),
    )
    citizenship = forms.ModelChoiceField(
        label=_("Citizenship"), queryset=Country.objects.all(), required=False
    )
    home_district = forms.ModelChoiceField(
        label=_("Home district"),
        queryset=AdminUnit.objects.filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY]),
        required=False,
    )
    home_assembly = forms.ModelChoiceField(
        label=_("Citizens' assembly"),
        queryset=AdminUnit.objects.filter(level=AdminUnit.Level.ASSEMBLY),
        required=False,
    )
    education_level = forms.ChoiceField(
        label=_("Education"), choices=[EMPTY_CHOICE, *EducationLevel.choices], required=False
    )
    education_speciality = forms.CharField(label=_("Speciality or trade"), max_length=120, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Shown (in the duplicate-check partial) only when a very similar person is already registered.
    confirm_different = forms.BooleanField(label=_("This is a different person"), required=False)

    NAME_FIELDS = ("last_name", "first_name", "middle_name")
    BIRTH_FIELDS = ("birth_date", "birth_year", "birth_date_approximate")

    def __init__(self, *args, user, person: Person | None = None, **kwargs):
        if person is not None:
            kwargs.setdefault("initial", self.initial_from(person))
        super().__init__(*args, **kwargs)
        self.person = person
        fields = self.fields
        fields["citizenship"].choices = unit_choices(selectors.countries(user))
        fields["home_district"].choices = unit_choices(selectors.districts(user))
        district_id = self["home_district"].value()
        fields["home_assembly"].choices = unit_choices(selectors.assemblies(user, district_id))
        fields["home_district"].widget.attrs.update(
            {
                "hx-get": reverse("geo:assembly_options"),
                "hx-trigger": "change",
                "hx-target": "#id_home_assembly",
                "hx-swap": "innerHTML",
            }
        )
        if person is None:
            # While a new person is typed in, look for them among those already registered.
            for name in (*self.NAME_FIELDS, *self.BIRTH_FIELDS):
                fields[name].widget.attrs.update(
                    {
                        "hx-post": reverse("people:person_candidates"),
                        "hx-trigger": "input changed delay:400ms, change",
                        "hx-target": "#duplicate-candidates",
                        "hx-include": (
                            "#id_last_name, #id_first_name, #id_middle_name, #id_birth_date, #id_birth_year,"
                            " #id_birth_date_approximate, #id_home_district, [name=csrfmiddlewaretoken]"
                        ),
                        "autocomplete": "off",
                    }
                )

    @property
    def shows_pseudonym(self) -> bool:
        return self.person is not None and bool(self.person.identity.get("pseudonym"))

    @staticmethod
    def initial_from(person: Person) -> dict:
        identity = person.identity
        documents = [
            " ".join(part for part in (doc.get("type", ""), doc.get("number", "")) if part)
            for doc in identity.get("documents") or []
        ]
        return {
            "last_name": identity.get("last_name", ""),
            "first_name": identity.get("first_name", ""),
            "middle_name": identity.get("middle_name", ""),
            "pseudonym": identity.get("pseudonym", ""),
            "birth_date": identity.get("birth_date") or None,
            "birth_year": None if identity.get("birth_date") else person.birth_year,
            "birth_date_approximate": person.birth_date_approximate,
            "sex": person.sex,
            "phones": "\n".join(identity.get("phones") or []),
            "address": identity.get("address", ""),
            "documents": "\n".join(documents),
            "citizenship": person.citizenship_id,
            "home_district": person.home_district_id,
            "home_assembly": person.home_assembly_id,
            "education_level": person.education_level,
            "education_speciality": person.education_speciality,
            "languages": person.languages,
        }

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth cannot be in the future."), code="future")
        return year

    def clean_phones(self):
        from isenim.core.phones import normalise_phone

        # The rule of /ask/ for each number; a Telegram contact from /ask/ ("@name (Telegram)") is kept.
        return [
            line if line.startswith("@") or line.endswith("(Telegram)") else normalise_phone(line)
            for line in _lines(self.cleaned_data["phones"])
        ]

    def clean_documents(self):
        documents = []
        for line in _lines(self.cleaned_data["documents"]):
            kind, _space, number = line.rpartition(" ")
            documents.append({"type": kind.strip(), "number": number} if kind else {"number": number})
        return documents

    def clean(self):
        data = super().clean()
        if not (
            data.get("last_name")
            or data.get("first_name")
            or (self.shows_pseudonym and data.get("pseudonym"))
        ):
            raise forms.ValidationError(_("Enter at least a last name or a first name."), code="no_name")
        district, assembly = data.get("home_district"), data.get("home_assembly")
        try:
            check_place(getattr(district, "pk", None), getattr(assembly, "pk", None))
        except forms.ValidationError as error:
            self.add_error("home_assembly", error)
        birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
        if birth_date and birth_year and birth_year != birth_date.year:
            self.add_error(
                "birth_year",
                forms.ValidationError(
                    _("The year of birth differs from the date of birth."), code="year_mismatch"
                ),
            )
        return data

    def probe(self) -> Probe:
        data = self.cleaned_data
        return probe_from(
            data.get("last_name", ""),
            data.get("first_name", ""),
            data.get("middle_name", ""),
            data.get("birth_date"),
            birth_year=data.get("birth_year"),
            approximate=data.get("birth_date_approximate", False),
            district_id=data["home_district"].pk if data.get("home_district") else None,
        )

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        identity = {
            "last_name": data["last_name"],
            "first_name": data["first_name"],
            "middle_name": data["middle_name"],
            "pseudonym": data["pseudonym"] if self.shows_pseudonym else "",
            "birth_date": data["birth_date"].isoformat() if data["birth_date"] else "",
            "phones": data["phones"],
            "address": data["address"],
            "documents": data["documents"],
        }
        return PersonData(
            identity={key: value for key, value in identity.items() if value},
            sex=data["sex"],
            birth_year=data["birth_year"],
            birth_date_approximate=data["birth_date_approximate"],
            citizenship_id=data["citizenship"].pk if data["citizenship"] else None,
            home_district_id=data["home_district"].pk if data["home_district"] else None,
            home_assembly_id=data["home_assembly"].pk if data["home_assembly"] else None,
            education_level=data["education_level"],
            education_speciality=data["education_speciality"],
            languages=list(data["languages"]),
            external_id=self.person.external_id if self.person else "",
        )


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def probe_from(
    last_name: str,
    first_name: str,
    middle_name: str,
    birth_date=None,
    *,
    birth_year: int | None = None,
    approximate: bool = False,
    district_id: int | None = None,
) -> Probe:
    """A search for the person being typed in. An exact date of birth is looked up as such; a date
    marked approximate, or a year alone, only as a near year of birth."""
    exact = birth_date if birth_date and not approximate else None
    year = None if exact else (birth_date.year if birth_date else birth_year)
    fields = (last_name.strip(), first_name.strip(), middle_name.strip())
    return Probe(
        name=full_name(*fields),
        fields=fields,
        birth_date=exact.isoformat() if exact else "",
        district_id=district_id or None,
        approximate_birth_year=year,
    )


class CandidatesQueryForm(forms.Form):
    """The name typed so far on the new-person form (the duplicate check's htmx request)."""

    last_name = forms.CharField(required=False, max_length=100)
    first_name = forms.CharField(required=False, max_length=100)
    middle_name = forms.CharField(required=False, max_length=100)
    birth_date = forms.DateField(required=False)
    birth_year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    birth_date_approximate = forms.BooleanField(required=False)
    # The home district chosen so far: its people rank higher (a pk; one that is no district matches nobody).
    home_district = forms.IntegerField(required=False, min_value=1)

    def probe(self) -> Probe | None:
        self.is_valid()  # a half-typed birth date is left out; the names still count
        data = self.cleaned_data
        probe = probe_from(
            data.get("last_name", ""),
            data.get("first_name", ""),
            data.get("middle_name", ""),
            data.get("birth_date"),
            birth_year=data.get("birth_year"),
            approximate=data.get("birth_date_approximate", False),
            district_id=data.get("home_district"),
        )
        return probe if len(probe.name.replace(" ", "")) >= 3 else None


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Code or name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A code such as ISN-2026-00042, or a name written in any script."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[ANY_CHOICE, *Sex.choices], required=False)
    district = forms.ModelChoiceField(
        label=_("Home district"),
        queryset=AdminUnit.objects.filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.CITY]),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [ANY_CHOICE, *unit_choices(selectors.districts(user))[1:]]


class PersonCodeField(forms.CharField):
    """A record code typed by staff, resolved to a person they may see (merged records excluded)."""

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self, value):
        code = selectors.normal_code(super().clean(value))
        person = None
        if code:
            person = selectors.active_people(self.user).filter(code=code).first()
        if person is None and code and selectors.outside_reach(self.user, code):
            # It exists (a search shows as much), but outside the user's reach (need to know).
            raise forms.ValidationError(
                _("This record is outside your cases and appeals: ask the director or a case manager."),
                code="outside_reach",
            )
        if person is None:
            raise forms.ValidationError(
                _("No person with this code, e.g. ISN-2026-00042, is registered."), code="unknown_code"
            )
        return person


class FamilyLinkForm(forms.Form):
    relative = PersonCodeField(label=_("Code of the relative"), help_text=_("For example ISN-2026-00042."))
    relation = forms.ChoiceField(
        label=_("The relative is this person's"), choices=FamilyLink.Relation.choices
    )
    relative_is_migrant_abroad = forms.BooleanField(label=_("Is a labour migrant abroad"), required=False)

    def __init__(self, *args, user, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.person = user, person
        self.fields["relative"].user = user

    def clean_relative(self):
        relative = self.cleaned_data["relative"]
        if relative.pk == self.person.pk:
            raise forms.ValidationError(_("A person cannot be their own relative."), code="self")
        if selectors.family_link_exists(self.user, self.person, relative):
            raise forms.ValidationError(_("This relative is already linked."), code="exists")
        return relative


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    partner = forms.CharField(
        label=_("Partner"),
        max_length=200,
        required=False,
        help_text=_("Required for sharing: the organisation the data may be shared with."),
    )
    given_on = forms.DateField(
        label=_("Given on"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )
    signed_form = forms.FileField(
        label=_("Signed form"),
        required=False,
        help_text=_("A scan or photo: PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean_signed_form(self):
        upload = self.cleaned_data.get("signed_form")
        if not upload:
            return None
        if upload.size > MAX_FORM_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."), code="too_big")
        content = upload.read()
        content_type = next((kind for magic, kind in FORM_SIGNATURES if content.startswith(magic)), "")
        if not content_type:
            raise forms.ValidationError(
                _("This file is not a PDF, JPEG or PNG. Scan or photograph the signed form again."),
                code="bad_type",
            )
        return content, content_type

    def clean(self):
        data = super().clean()
        if data.get("purpose") == Consent.Purpose.SHARING and not data.get("partner", "").strip():
            self.add_error(
                "partner",
                forms.ValidationError(_("Name the partner the data may be shared with."), code="no_partner"),
            )
        return data


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Withdrawn on"), widget=DateInput, validators=[not_in_future], initial=timezone.localdate
    )

    def __init__(self, *args, consent: Consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent

    def clean_withdrawn_on(self):
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        if withdrawn_on < self.consent.given_on:
            raise forms.ValidationError(
                _("A consent cannot be withdrawn before it was given."), code="before_given"
            )
        return withdrawn_on


class MergeForm(forms.Form):
    duplicate = PersonCodeField(
        label=_("Code of the duplicate record"),
        help_text=_("The duplicate disappears from the registry; everything linked to it moves here."),
    )

    def __init__(self, *args, user, keep: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep = keep
        self.fields["duplicate"].user = user

    def clean_duplicate(self):
        duplicate = self.cleaned_data["duplicate"]
        if duplicate.pk == self.keep.pk:
            raise forms.ValidationError(_("A record cannot be merged into itself."), code="self")
        return duplicate
