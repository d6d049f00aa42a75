"""Forms of the notes and documents parts of the case file."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from isenim.cases.choices import Discipline, IdentityDocumentStatus, IdentityDocumentType
from isenim.cases.services.documents import (
    ALLOWED_NAMES,
    ALLOWED_TYPES,
    MAX_TITLE_LENGTH,
    file_refusal,
    max_upload_bytes,
)
from isenim.cases.services.notes import MAX_NOTE_LENGTH


class NoteForm(forms.Form):
    discipline = forms.ChoiceField(label=_("Kind of note"), choices=())
    body = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_NOTE_LENGTH,
        help_text=_("Stored encrypted. Only those who may read this kind of note see it."),
    )

    def __init__(self, *args, writable: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Discipline.choices)
        self.fields["discipline"].choices = [(value, labels[value]) for value in writable]
        # A psychologist's or a lawyer's note starts on their own discipline: one who does not change the
        # choice keeps the note confidential instead of sharing it with the whole team.
        own = [value for value in writable if value != Discipline.SHARED]
        if writable:
            self.fields["discipline"].initial = own[0] if own else writable[0]


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_TYPES)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s, at most %(size)s MB. Stored encrypted.") % {
            "types": ALLOWED_NAMES,
            "size": settings.ISENIM_MAX_UPLOAD_MB,
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size is known before anything is read (the upload handler keeps no more than the limit).
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


class IdentityDocumentForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document"), choices=IdentityDocumentType.choices)
    status = forms.ChoiceField(label=_("Status"), choices=IdentityDocumentStatus.choices)
