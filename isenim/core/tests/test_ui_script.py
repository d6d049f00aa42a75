"""Cyrillic-typed names on Latin-script pages: each name through the converter of its own language."""

from django.utils import translation

from isenim.core.templatetags.ui import ui_script


def test_a_karakalpak_name_on_an_uzbek_latin_page_is_all_latin():
    with translation.override("uz"):
        assert ui_script("Гүлнара Ембергенова") == "Gúlnara Embergenova"
        assert ui_script("Шерзод Қодиров") == "Sherzod Qodirov"  # an Uzbek name keeps Uzbek spelling
    with translation.override("kaa"):
        assert ui_script("Гүлнара") == "Гүлнара"


def test_a_latin_name_on_a_cyrillic_page_is_cyrillic_except_in_russian():
    with translation.override("kaa"):
        assert ui_script("Gúlnara Embergenova") == "Гүлнара Ембергенова"  # Karakalpak Latin letters
        assert ui_script("Sherzod Qodirov") == "Шерзод Қодиров"
    with translation.override("uz-cyrl"):
        assert ui_script("Oʻgʻiloy Rahimova") == "Ўғилой Раҳимова"
    with translation.override("ru"):
        assert ui_script("Sherzod Qodirov") == "Sherzod Qodirov"  # no one reliable Russian spelling
    with translation.override("en"):
        assert ui_script("Sherzod Qodirov") == "Sherzod Qodirov"
