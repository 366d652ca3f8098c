"""The Ukrainian catalogue is complete, compiled and current, with Ukrainian plural forms."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import translation

from convoy.core.catalogue import LOCALE_DIR, MAKEMESSAGES_OPTIONS, PACKAGE_DIR

PO = LOCALE_DIR / "uk" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _missing(catalogue: polib.POFile) -> list[str]:
    return [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and ("fuzzy" in entry.flags or not entry.translated())
    ]


def test_every_message_in_the_catalogue_is_translated_and_none_is_fuzzy():
    assert _missing(polib.pofile(str(PO))) == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_marked_string_has_a_ukrainian_translation(tmp_path: Path):
    """Gathers the marked strings afresh (as `convoy catalogue` does) into a copy of the
    catalogue: a string marked since the catalogue was last made shows up untranslated."""
    copy = tmp_path / "convoy"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    here = os.getcwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[]):
            call_command("makemessages", **MAKEMESSAGES_OPTIONS)
    finally:
        os.chdir(here)
    fresh = polib.pofile(str(copy / "locale" / "uk" / "LC_MESSAGES" / "django.po"))
    assert _missing(fresh) == [], "run `convoy catalogue` and translate these"
    shipped = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    assert {e.msgid for e in fresh if not e.obsolete} == shipped, "run `convoy catalogue`"


def test_the_compiled_catalogue_is_current_with_the_po():
    """Convoy ships the .mo so it runs without gettext; it must say what the .po says."""
    source = {
        (e.msgctxt, e.msgid): (e.msgstr_plural and dict(e.msgstr_plural)) or e.msgstr
        for e in polib.pofile(str(PO)) if e.translated() and e.msgid
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr_plural and dict(e.msgstr_plural)) or e.msgstr
        for e in polib.mofile(str(MO)) if e.msgid
    }
    assert compiled == source, "compile it: `convoy catalogue` (or msgfmt)"


def test_ukrainian_plural_forms():
    """One, few and many: 1 and 21 екіпаж, 3 and 22 екіпажі, 5, 11 and 25 екіпажів."""
    header = polib.pofile(str(PO)).metadata["Plural-Forms"]
    assert header.startswith("nplurals=3;")
    with translation.override("uk"):
        forms = [
            translation.ngettext(
                "%(code)s: %(count)s crew, %(course)s", "%(code)s: %(count)s crews, %(course)s", n
            ) % {"code": "TR-1", "count": n, "course": "Leopard 2"}
            for n in (1, 3, 5, 11, 21, 22, 25)
        ]
    assert [f.split(", ")[0] for f in forms] == [
        "TR-1: 1 екіпаж", "TR-1: 3 екіпажі", "TR-1: 5 екіпажів", "TR-1: 11 екіпажів",
        "TR-1: 21 екіпаж", "TR-1: 22 екіпажі", "TR-1: 25 екіпажів",
    ]
