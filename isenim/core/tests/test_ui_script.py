"""Cyrillic-typed names on Latin-script pages: each name through the converter of its own language."""

from django.utils import translation

from isenim.core.templatetags.ui import ui_script


def test_a_karakalpak_name_on_an_uzbek_latin_page_is_all_latin():
    with translation.override("uz"):
        assert ui_script("Гүлнара Ембергенова") == "Gúlnara Embergenova"
        assert ui_script("Шерзод Қодиров") == "Sherzod Qodirov"  # an Uzbek name keeps Uzbek spelling
    with translation.override("kaa"):
        assert ui_script("Гүлнара") == "Гүлнара"
