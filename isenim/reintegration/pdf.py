"""The handover act of a tool kit, printed in the person's language (chosen on print) with core.pdf.

The act is a document the person signs: its wording, above all the statement that the tools are given free of
charge and that no payment of any kind was taken, must be right in the person's language on the day it is
printed. So the act's own text is kept here as data per language (like reference data), not in the gettext
catalogs, which fill in later; the Latin Karakalpak and Cyrillic Uzbek texts are transliterated from their
twins. Item and trade names come from the tool kit's names per language.
"""

from django.utils import translation
from django.utils.formats import date_format

from isenim.core.pdf import EMPTY, PdfDocument
from isenim.core.translit import kaa_to_latin, script_of, uz_to_cyrillic
from isenim.reintegration.budget import money
from isenim.reintegration.selectors import ActData

ACT_LANGUAGES = ["kaa", "kaa-latn", "uz", "uz-cyrl", "ru", "en"]
LATIN_ACTS = ("kaa-latn", "uz", "en")

TEXTS = {
    "kaa": {
        "title": "Жумыс қуралларын тапсырыў акти",
        "act_no": "Акт №",
        "recipient": "Алыўшы",
        "code": "Коды",
        "trade": "Кәсип",
        "supplier": "Сатып алынған жер",
        "bought_on": "Сатып алынған сәне",
        "number": "№",
        "item": "Қурал",
        "quantity": "Саны",
        "price": "Баҳасы, сум",
        "sum": "Жәми, сум",
        "total": "Улыўма жәми",
        "statement_title": "Тастыйықлаў",
        "statement": (
            "Мен, төменде қол қойыўшы, жоқарыда көрсетилген жумыс қуралларын «Исеним» орайынан толық ҳәм "
            "жарамлы ҳалатта, бийпул алғанымды тастыйықлайман. Бул қураллар ушын меннен ҳеш қандай төлем, "
            "сыйлық ямаса басқа ҳақы алынған жоқ ҳәм талап етилген жоқ."
        ),
        "received": "Қабыл етип алды (алыўшы)",
        "handed": "Тапсырды (орай хызметкери)",
        "name": "Аты-жөни",
        "signature": "Қолы",
        "date": "Сәне",
        "centre": "«Исеним» мағлыўмат-ағартыў ресурс орайы, Нөкис қаласы",
    },
    "uz": {
        "title": "Ish qurollarini topshirish dalolatnomasi",
        "act_no": "Dalolatnoma №",
        "recipient": "Oluvchi",
        "code": "Kodi",
        "trade": "Kasb",
        "supplier": "Sotib olingan joy",
        "bought_on": "Sotib olingan sana",
        "number": "№",
        "item": "Qurol",
        "quantity": "Soni",
        "price": "Narxi, soʻm",
        "sum": "Jami, soʻm",
        "total": "Umumiy jami",
        "statement_title": "Tasdiq",
        "statement": (
            "Men, quyida imzo chekuvchi, yuqorida koʻrsatilgan ish qurollarini «Isenim» markazidan toʻliq va "
            "yaroqli holatda, bepul olganimni tasdiqlayman. Bu qurollar uchun mendan hech qanday toʻlov, "
            "sovgʻa yoki boshqa haq olinmadi va talab qilinmadi."
        ),
        "received": "Qabul qilib oldi (oluvchi)",
        "handed": "Topshirdi (markaz xodimi)",
        "name": "F.I.Sh.",
        "signature": "Imzo",
        "date": "Sana",
        "centre": "«Isenim» axborot-maʼrifiy resurs markazi, Nukus shahri",
    },
    "ru": {
        "title": "Акт передачи рабочих инструментов",
        "act_no": "Акт №",
        "recipient": "Получатель",
        "code": "Код",
        "trade": "Профессия",
        "supplier": "Поставщик",
        "bought_on": "Дата покупки",
        "number": "№",
        "item": "Инструмент",
        "quantity": "Кол-во",
        "price": "Цена, сум",
        "sum": "Сумма, сум",
        "total": "Итого",
        "statement_title": "Подтверждение",
        "statement": (
            "Я, нижеподписавшийся(аяся), подтверждаю, что получил(а) от центра «Исеним» перечисленные выше "
            "рабочие инструменты полностью, в исправном состоянии и безвозмездно. Никакой платы, подарка или "
            "иного вознаграждения за эти инструменты с меня не брали и не требовали."
        ),
        "received": "Получил(а) (получатель)",
        "handed": "Передал(а) (сотрудник центра)",
        "name": "Ф.И.О.",
        "signature": "Подпись",
        "date": "Дата",
        "centre": "Информационно-просветительский ресурсный центр «Исеним», г. Нукус",
    },
    "en": {
        "title": "Tool handover act",
        "act_no": "Act No.",
        "recipient": "Recipient",
        "code": "Code",
        "trade": "Trade",
        "supplier": "Supplier",
        "bought_on": "Bought on",
        "number": "No.",
        "item": "Tool",
        "quantity": "Qty",
        "price": "Price, UZS",
        "sum": "Amount, UZS",
        "total": "Total",
        "statement_title": "Confirmation",
        "statement": (
            "I, the undersigned, confirm that I have received the work tools listed above from the Isenim "
            "centre in full, in working order and free of charge. No payment, gift or other consideration of "
            "any kind was taken or asked from me for these tools."
        ),
        "received": "Received by (the recipient)",
        "handed": "Handed over by (staff member of the centre)",
        "name": "Full name",
        "signature": "Signature",
        "date": "Date",
        "centre": "Isenim information and educational resource centre, Nukus",
    },
}
TEXTS["kaa-latn"] = {key: kaa_to_latin(value) for key, value in TEXTS["kaa"].items()}
TEXTS["uz-cyrl"] = {key: uz_to_cyrillic(value) for key, value in TEXTS["uz"].items()}


def act_language(requested: str, person) -> str:
    """The language asked for, else the first language the person speaks that an act exists in, else kaa."""
    if requested in ACT_LANGUAGES:
        return requested
    for code in person.languages or []:
        code = str(code).lower().replace("_", "-")
        if code in ACT_LANGUAGES:
            return code
    return "kaa"


def _person_name(person, language: str) -> str:
    """The name as stored; in a Latin-script act a Cyrillic name is written in Karakalpak Latin."""
    name = person.display_name()
    if language in LATIN_ACTS and script_of(name) == "cyrl":
        return kaa_to_latin(name)
    return name


def handover_act_pdf(act: ActData, *, language: str, staff_member) -> bytes:
    text = TEXTS[language]
    request, purchase = act.request, act.purchase
    case, person = request.case, request.case.person
    name_language = language.replace("-", "_")
    with translation.override(language):
        doc = PdfDocument(title=text["title"], subtitle=f"{text['act_no']} {request.pk}")
        doc.key_values(
            [
                (text["recipient"], _person_name(person, language)),
                (text["code"], f"{person.code} · {case.number}"),
                (text["trade"], request.trade.name(name_language)),
                (text["supplier"], purchase.supplier),
                (text["bought_on"], date_format(purchase.purchased_on, "SHORT_DATE_FORMAT")),
            ]
        )
        rows = [
            [
                str(index),
                item.kit_item.name(name_language),
                str(item.quantity),
                money(item.unit_price_uzs),
                money(item.line_total),
            ]
            for index, item in enumerate(act.items, start=1)
        ]
        rows.append(["", text["total"], "", "", money(purchase.total_uzs)])
        doc.table_rows(
            [text["number"], text["item"], text["quantity"], text["price"], text["sum"]],
            rows,
            widths=(8, 80, 14, 26, 28),
        )
        doc.section(text["statement_title"])
        doc.paragraph(text["statement"])
        doc.ln(4)
        staff_name = staff_member.display_name() if staff_member is not None else EMPTY
        for heading, name in (
            (text["received"], _person_name(person, language)),
            (text["handed"], staff_name),
        ):
            doc.subheading(heading)
            doc.paragraph(f"{text['name']}: {name}")
            doc.paragraph(
                f"{text['signature']}: ______________________    {text['date']}: ____ . ____ . ________"
            )
            doc.ln(2)
        doc.ln(2)
        doc.paragraph(text["centre"], small=True)
        return doc.output_bytes()
