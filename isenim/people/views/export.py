"""The director's export of the registry: a page that warns and asks for the format, then the file."""

import io

from allauth.account.decorators import reauthentication_required
from django import forms
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from isenim.core.access import Perm
from isenim.core.decorators import permission_required
from isenim.people import exports


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("File format"),
        choices=[("xlsx", _("Excel workbook (XLSX)")), ("csv", _("CSV text (UTF-8)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
    )


@permission_required(Perm.EXPORT_PEOPLE)
@reauthentication_required
@never_cache
@require_http_methods(["GET", "POST"])
def people_export(request):
    """GET: the warning and the format choice. POST: the file, recorded as an access event first."""
    form = ExportForm(request.POST or None)
    people = exports.people_to_export()
    if request.method == "POST" and form.is_valid():
        file_format = form.cleaned_data["file_format"]
        language = get_language()
        exports.record_export(
            actor=request.user, file_format=file_format, count=people.count(), channel="web"
        )
        if file_format == "csv":
            response = StreamingHttpResponse(
                exports.iter_export_csv(language=language, people=people),
                content_type=exports.CONTENT_TYPES["csv"],
            )
            response["Content-Disposition"] = f'attachment; filename="{exports.file_name("csv")}"'
            return response
        # The finished file stays in memory (openpyxl spools the sheet through a 0600 temporary file,
        # removed as soon as it is in the archive: see docs/import-export.md).
        buffer = io.BytesIO()
        exports.write_export(buffer, file_format="xlsx", language=language, people=people)
        buffer.seek(0)
        return FileResponse(
            buffer,
            as_attachment=True,
            filename=exports.file_name("xlsx"),
            content_type=exports.CONTENT_TYPES["xlsx"],
        )
    return render(request, "people/export.html", {"form": form, "count": people.count()})
