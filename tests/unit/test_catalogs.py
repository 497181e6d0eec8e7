"""The translation catalogs are complete: every string the code marks (and every session template
text) has an English and a French translation, with the same placeholders; nothing marked is
built in a way the catalogs cannot hold (an f-string). Run `make catalogs` after changing text."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from dialoog import catalogs, i18n
from dialoog.sessions.errors import InvalidInput


def _extracted(capsys: pytest.CaptureFixture[str]) -> dict[tuple[str | tuple[str, str], str | None], str]:
    """Every marked (message, context) in the package -> where it is used (the first place)."""
    with catalogs.MAPPING.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[tuple[str | tuple[str, str], str | None], str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        catalogs.PACKAGE, method_map, options_map, keywords=catalogs.KEYWORDS
    ):
        found.setdefault((message, context), f"{filename}:{lineno}")
    skipped = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert not skipped, "text the catalogs cannot hold (use named placeholders):\n" + "\n".join(skipped)
    return found


def _fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("language", catalogs.TRANSLATED)
def test_every_marked_string_is_translated(language: str, capsys: pytest.CaptureFixture[str]) -> None:
    found = _extracted(capsys)
    assert len(found) > 100, "the extractor found almost nothing: is the mapping right?"
    po = catalogs.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    problems = []
    for (message, context), where in found.items():
        entry = catalog.get(message if isinstance(message, str) else message[0], context=context)
        if entry is None:
            problems.append(f"{where}: missing {message!r}")
            continue
        translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(translations):
            problems.append(f"{where}: untranslated {message!r}")
            continue
        sources = message if isinstance(message, tuple) else (message,)
        wanted = set().union(*(_fields(s) for s in sources)) - {"n"}
        for text in translations:
            if _fields(text) - {"n"} != wanted:
                problems.append(f"{where}: placeholders differ in {text!r} (want {sorted(wanted)})")
    assert not problems, f"{len(problems)} problems in {po.name} ({language}); run `make catalogs`:\n" + "\n".join(
        problems[:40]
    )


def test_compiled_catalogs_load_and_translate() -> None:
    with i18n.use("fr"):
        assert i18n.current() == "fr"
        french = i18n._("Kies een taal uit de lijst.")
    with i18n.use("en"):
        english = i18n._("Kies een taal uit de lijst.")
    assert i18n._("Kies een taal uit de lijst.") == "Kies een taal uit de lijst."  # Dutch outside any scope
    assert {french, english}.isdisjoint({"Kies een taal uit de lijst.", ""})
    assert french != english


def test_domain_errors_are_translated_where_shown() -> None:
    error = InvalidInput("Dit veld is te lang: hoogstens {limit} tekens.", limit=80)
    assert error.message == "Dit veld is te lang: hoogstens 80 tekens."  # the Dutch text, for logs
    with i18n.use("en"):
        assert "80" in error.translated() and error.translated() != error.message


def test_plurals_follow_the_language() -> None:
    assert i18n.ngettext("{n} kaart", "{n} kaarten", 1) == "1 kaart"
    assert i18n.ngettext("{n} kaart", "{n} kaarten", 3) == "3 kaarten"


@pytest.mark.parametrize(
    ("asked", "got"), [("fr-BE", "fr"), ("en_GB", "en"), ("NL", "nl"), ("de", "nl"), (None, "nl"), ("", "nl")]
)
def test_languages_are_normalised(asked: str | None, got: str) -> None:
    assert i18n.normalise(asked) == got


def test_templates_are_in_the_catalogs_too() -> None:
    """A new English session gets English phase names: the template's texts are extracted."""
    import json

    raw = json.loads(Path(catalogs.PACKAGE, "sessions", "templates", "wijkdialoog.json").read_text("utf-8"))
    texts = catalogs.template_texts(raw)
    assert raw["phases"][1]["question"] in texts and raw["ground_rules"][0] in texts


def test_counted_errors_pick_the_plural_form() -> None:
    one = InvalidInput.counted("Je kunt hoogstens {n} stem op één kaart zetten.",
                               "Je kunt hoogstens {n} stemmen op één kaart zetten.", 1)
    two = InvalidInput.counted("Je kunt hoogstens {n} stem op één kaart zetten.",
                               "Je kunt hoogstens {n} stemmen op één kaart zetten.", 2)
    assert one.message == "Je kunt hoogstens 1 stem op één kaart zetten." == one.translated()
    assert two.message == "Je kunt hoogstens 2 stemmen op één kaart zetten." == two.translated()
    with i18n.use("en"):
        assert "2" in two.translated() and two.translated() != two.message


def test_nicegui_says_connection_lost_in_dutch() -> None:
    from nicegui.translations import translations

    i18n.install_connection_texts()
    assert translations["nl"]["connection_lost"] == "De verbinding is weg."
    assert translations["nl"]["trying_to_reconnect"].startswith("We proberen")
    assert translations["fr"]["connection_lost"]  # NiceGUI's own French stays
