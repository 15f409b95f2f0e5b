"""The Vietnamese catalogue: complete, consistent with the source, compiled, and loaded.

Vietnamese is the first language (LANGUAGE_CODE = "vi"); every string marked in the code and the
templates must have a Vietnamese translation, and the committed .mo must match the .po so that a
fresh clone needs no gettext tools.
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "wardstats" / "locale" / "vi" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib")

# %(name)s, with optional flags, width and precision.
NAMED_PERCENT = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
# %s, %d, … : only meaningful in entries gettext flagged as python-format.
POSITIONAL_PERCENT = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")


def load_po() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def live_entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete and entry.msgid != ""]


def key(entry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def translations_of(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def placeholders(text: str, *, python_format: bool) -> tuple[Counter, list[str], Counter]:
    named = Counter(NAMED_PERCENT.findall(text))
    positional = []
    if python_format:
        without_named = NAMED_PERCENT.sub("", text.replace("%%", ""))
        positional = POSITIONAL_PERCENT.findall(without_named)
    braces = Counter(BRACE.findall(text))
    return named, positional, braces


def test_catalogue_exists_with_a_vietnamese_header():
    assert PO_PATH.is_file(), f"{PO_PATH} is missing: run makemessages -l vi"
    assert MO_PATH.is_file(), f"{MO_PATH} is missing: run compilemessages"
    po = load_po()
    assert po.metadata.get("Language") == "vi"
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert not po.metadata_is_fuzzy, "the header is still marked fuzzy"


def test_every_entry_is_translated_and_not_fuzzy():
    po = load_po()
    untranslated = [
        entry.msgid
        for entry in live_entries(po)
        if not all(text.strip() for text in translations_of(entry))
    ]
    fuzzy = [entry.msgid for entry in live_entries(po) if "fuzzy" in entry.flags]
    assert not untranslated, "untranslated msgids:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy msgids (review, then remove the flag):\n" + "\n".join(fuzzy)


def test_placeholders_match():
    po = load_po()
    problems = []
    for entry in live_entries(po):
        python_format = "python-format" in entry.flags
        expected = placeholders(entry.msgid, python_format=python_format)
        if entry.msgid_plural:
            # Vietnamese has one form, which stands for the plural.
            expected = placeholders(entry.msgid_plural, python_format=python_format)
        for text in translations_of(entry):
            found = placeholders(text, python_format=python_format)
            if found != expected:
                problems.append(f"{entry.msgid!r} → {text!r}: {found} != {expected}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_mo_is_compiled_from_the_current_po():
    po = load_po()
    mo = polib.mofile(str(MO_PATH))
    from_po = {
        key(entry): tuple(translations_of(entry))
        for entry in live_entries(po)
        if entry.translated() and "fuzzy" not in entry.flags
    }
    from_mo = {key(entry): tuple(translations_of(entry)) for entry in mo if entry.msgid != ""}
    stale = sorted(
        msgid
        for (context, msgid) in from_po.keys() | from_mo.keys()
        if from_po.get((context, msgid)) != from_mo.get((context, msgid))
    )
    assert not stale, (
        "django.mo is out of date with django.po; run "
        "`DJANGO_DEBUG=true python manage.py compilemessages --ignore=.venv`. Differing:\n"
        + "\n".join(stale)
    )


def test_makemessages_finds_no_untranslated_string(tmp_path):
    """Extract the strings from a copy of the project: none may lack a translation."""
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        reason = f"gettext tools not on PATH: {', '.join(missing_tools)}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (required on CI)")
        pytest.skip(reason)

    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("manage.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in ("wardstats", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)

    env = {**os.environ, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "wardstats.settings"}
    for name in ("DATABASE_URL", "PYTHONPATH"):
        env.pop(name, None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "--ignore=var",
            "--ignore=tests",
            "--ignore=.venv",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"

    extracted = polib.pofile(str(tmp_path / "wardstats/locale/vi/LC_MESSAGES/django.po"))
    translated = {
        key(entry)
        for entry in live_entries(load_po())
        if entry.translated() and "fuzzy" not in entry.flags
    }
    untranslated = sorted(
        f"{entry.msgid!r}  ({', '.join(f'{path}:{line}' for path, line in entry.occurrences)})"
        for entry in live_entries(extracted)
        if key(entry) not in translated
    )
    assert not untranslated, (
        "strings in the source with no Vietnamese translation: run makemessages -l vi, "
        "translate, then compilemessages:\n" + "\n".join(untranslated)
    )


def test_vietnamese_is_loaded_at_run_time():
    from wardstats.hierarchy.models import Cell
    from wardstats.reports.models import ReportStatus

    with translation.override("vi"):
        assert str(Cell._meta.verbose_name) == "chi bộ"
        assert str(ReportStatus.APPROVED.label) == "đã duyệt"
        assert translation.gettext("cadres and civil servants") == "cán bộ, công chức"
    with translation.override("en"):
        assert str(Cell._meta.verbose_name) == "Party cell"
