from django import template
from django.utils.translation import get_language

from isenim.core.translit import kaa_to_cyrillic, kaa_to_latin, script_of, uz_to_cyrillic, uz_to_latin

register = template.Library()

# Latin-script interfaces show Cyrillic-typed names in Latin (staff names are typed in Karakalpak Cyrillic).
_TO_LATIN = {"kaa-latn": kaa_to_latin, "en": kaa_to_latin, "uz": uz_to_latin}


# Letters of Karakalpak Cyrillic that Uzbek Cyrillic has not: a name with one of them is Karakalpak, and
# the Uzbek converter would leave them in Cyrillic ("Gүlnara").
_KARAKALPAK_ONLY = frozenset("ӘәӨөҮүҢң")


# Cyrillic-script interfaces whose reader expects Cyrillic names. Russian is left out: a Latin name has no
# one reliable Russian spelling, so it is shown as typed.
_TO_CYRILLIC = frozenset({"kaa", "uz-cyrl"})
# Letters only Karakalpak Latin (2016) has: a Latin name with one of them goes through Karakalpak's rules;
# any other Latin name through Uzbek Latin's, the official two-way scheme (passports print it too).
_KARAKALPAK_LATIN_ONLY = frozenset("ÁáÓóÚúıŃńǴǵ")


@register.filter
def ui_script(text: str) -> str:
    """A name (a client's or a staff member's) in the interface's script where a reliable transliteration
    exists: Cyrillic names on Latin pages, Latin names on Karakalpak and Uzbek Cyrillic pages."""
    if not text:
        return text
    language = get_language()
    script = script_of(text)
    if script == "cyrl" and language in _TO_LATIN:
        convert = _TO_LATIN[language]
        if convert is uz_to_latin and _KARAKALPAK_ONLY & set(text):
            convert = kaa_to_latin
        return convert(text)
    if script == "latn" and language in _TO_CYRILLIC:
        return (kaa_to_cyrillic if _KARAKALPAK_LATIN_ONLY & set(text) else uz_to_cyrillic)(text)
    return text


@register.filter
def can(user, perm_name: str) -> bool:
    """``{% if user|can:"open_case" %}``: the access policy, for showing a button or not."""
    from isenim.core.access import Perm
    from isenim.core.access import can as policy_can

    return policy_can(user, Perm(perm_name))


@register.filter
def file_size(size: int | None) -> str:
    """A file's size in KB or MB, in the interface language (Django's filesizeformat has no Karakalpak)."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    if size is None:
        return ""
    if size < 1024 * 1024:
        return gettext("%(size)s KB") % {"size": number_format(max(1, round(size / 1024)))}
    return gettext("%(size)s MB") % {"size": number_format(round(size / (1024 * 1024), 1), 1)}
