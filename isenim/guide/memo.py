"""The pre-departure memo: a PDF for the person, in THEIR language (chosen on the print button).

What it holds: the checklist gone through, the rules for the destination (published and verified guide items
only, from ``guide.selectors.published_items``), whom to call (hotlines and Uzbekistan's missions there —
verified ones only: an unverified address is never printed for a client), the centre's contacts, and a QR
code to the public guide page of that country. Built with core.pdf (DejaVu Sans: every Karakalpak letter).
"""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from isenim.core.pdf import EMPTY, PdfDocument
from isenim.core.templatetags.ui import ui_script
from isenim.guide.models import Consultation

CHECK, NOT_DONE = "✓", "—"
QR_SIZE_MM = 36


def guide_path(iso2: str, language: str) -> str:
    """The public guide page of a country in ``language`` (/<lang>/guide/<iso2>/; Karakalpak unprefixed)."""
    with translation.override(language):
        return reverse("public_guide:guide_country", kwargs={"iso2": iso2.lower()})


def guide_url(iso2: str, language: str) -> str:
    return settings.ISENIM_SITE_URL.rstrip("/") + guide_path(iso2, language)


def qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def file_name(consultation: Consultation, language: str) -> str:
    return f"memo-{consultation.case.number}-{consultation.destination.iso2.lower()}-{language}.pdf"


def memo_pdf(consultation: Consultation, language: str) -> bytes:
    with translation.override(language):
        return _build(consultation, language)


def _day(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else EMPTY


def _build(consultation: Consultation, language: str) -> bytes:
    from isenim.guide.selectors import hotlines, missions_of, published_items

    country = consultation.destination
    country_name = country.name(language)
    doc = PdfDocument(title=_("Before you go: a memo for safe travel"), subtitle=country_name)
    doc.key_values(
        [
            (_("For"), ui_script(consultation.case.person.display_name())),
            (_("Destination"), country_name),
            (_("Consultation on"), _day(consultation.consulted_on)),
            (_("Consulted by"), ui_script(consultation.consulted_by.display_name())),
        ]
    )
    _checklist(doc, consultation)
    _topics(doc, consultation)
    items = published_items(country, language)
    ticked = set(consultation.topics)  # the topics talked about come first
    items = sorted(items, key=lambda item: item.topic not in ticked)
    centre_phone = _centre_phone()
    _rules(doc, items, country_name, centre_phone)
    _whom_to_call(
        doc, hotlines(country=country), missions_of(country, verified_only=True), language, centre_phone
    )
    _centre(doc)
    _qr(doc, guide_url(country.iso2, language), country_name)
    doc.paragraph(
        _("Keep this memo and your documents in separate places. Printed on %(date)s")
        % {"date": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")},
        small=True,
    )
    return doc.output_bytes()


def _checklist(doc: PdfDocument, consultation: Consultation) -> None:
    doc.section(_("What we went through together"))
    items = [
        (consultation.contract_seen, _("A written contract: read it before you sign, keep a copy.")),
        (consultation.employer_checked, _("The employer or agency: checked that it exists and is licensed.")),
        (consultation.registration_explained, _("Registration on arrival: when and where to register.")),
        (consultation.work_permit_explained, _("The work permit: how to get it and what it costs.")),
        (consultation.contacts_saved, _("The hotline and mission contacts: saved in your phone.")),
    ]
    doc.key_values([(CHECK if done else NOT_DONE, text) for done, text in items], key_width=12)


def _topics(doc: PdfDocument, consultation: Consultation) -> None:
    labels = consultation.topic_labels()
    if not labels:
        return
    doc.section(_("The topics we talked about"))
    doc.key_values([(CHECK, label) for label in labels], key_width=12)


def _centre_phone() -> str:
    """The number a client calls the centre on: the hotline, else the phone (empty when none is entered)."""
    from isenim.portal.selectors import public_contacts

    contacts = public_contacts()
    return contacts["hotline"] or contacts["phone"]


def _rules(doc: PdfDocument, items, country_name: str, centre_phone: str) -> None:
    doc.section(_("The rules in %(country)s") % {"country": country_name})
    if not items:
        if centre_phone:
            doc.paragraph(
                _("Call the centre on %(phone)s for the latest checked rules for this country before you go.")
                % {"phone": centre_phone}
            )
        else:
            doc.paragraph(_("Ask the centre for the latest checked rules for this country before you go."))
        return
    for item in items:
        doc.subheading(f"{item.topic_label}: {item.title}" if item.title else item.topic_label)
        doc.paragraph(item.body)
        doc.paragraph(
            _("Checked on %(date)s. Source: %(source)s")
            % {"date": _day(item.verified_on), "source": item.source or EMPTY},
            small=True,
        )


def _whom_to_call(doc: PdfDocument, lines, missions, language: str, centre_phone: str) -> None:
    doc.section(_("Whom to call"))
    rows = []
    for line in lines:
        answers = line.answers(language)
        rows.append((line.name(language), f"{line.phone}\n{answers}" if answers else line.phone))
    if rows:
        doc.key_values(rows)
    missions = list(missions)
    if missions:
        doc.subheading(_("Uzbekistan's embassy and consulates"))
        for mission in missions:
            details = [
                mission.address,
                f"{_('Phones')}: {mission.phones}" if mission.phones else "",
                f"{_('Opening hours')}: {mission.hours}" if mission.hours else "",
                mission.website,
            ]
            doc.key_values(
                [
                    (
                        f"{mission.get_kind_display()}, {mission.name(language)}",
                        "\n".join(d for d in details if d),
                    )
                ]
            )
    if not rows and not missions:
        if centre_phone:
            doc.paragraph(
                _("Call the centre on %(phone)s: we will give you the checked numbers.")
                % {"phone": centre_phone}
            )
        else:
            doc.paragraph(_("Call the centre: we will give you the checked numbers."))


def _centre(doc: PdfDocument) -> None:
    from isenim.portal.selectors import public_contacts

    contacts = public_contacts()
    doc.section(_("The Isenim centre"))
    rows = [
        (_("Hotline"), contacts["hotline"]),
        (_("Phone"), contacts["phone"]),
        (_("Email"), contacts["email"]),
        (_("Address"), contacts["address"]),
        (_("Opening hours"), contacts["hours"]),
    ]
    doc.key_values([(label, value) for label, value in rows if value])
    doc.paragraph(_("If you are in trouble abroad, call us or the mission: help is free."))


def _qr(doc: PdfDocument, url: str, country_name: str) -> None:
    if doc.get_y() > doc.page_break_trigger - QR_SIZE_MM - 15:
        doc.add_page()
    doc.ln(2)
    top = doc.get_y()
    doc.image(qr_png(url), x=doc.l_margin, y=top, w=QR_SIZE_MM, h=QR_SIZE_MM)
    doc.set_xy(doc.l_margin + QR_SIZE_MM + 5, top + 4)
    doc.multi_cell(
        doc.epw - QR_SIZE_MM - 5,
        5.5,
        _("Scan for the guide to %(country)s on our website:") % {"country": country_name} + "\n" + url,
    )
    doc.set_xy(doc.l_margin, top + QR_SIZE_MM + 3)
