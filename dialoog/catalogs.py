"""Keep the translation catalogs in step with the code (Babel): ``python -m dialoog.catalogs``.

    extract   collect every marked string into dialoog/locale/dialoog.pot
    update    add new strings to the English and French .po files (kept translations stay)
    compile   write the .mo files the app reads (the package build does this too)
    all       the three in order (``make catalogs``)

A string is marked by ``_()``, ``N_()`` or ``ngettext()``, or by being the message of a domain error
(``InvalidInput("…")`` and its relatives, ``InvalidInput.counted(singular, plural, n)``), which are
translated where they are shown.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from babel.messages.frontend import CommandLineInterface

from dialoog.i18n import DEFAULT, DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE = Path(__file__).parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = LOCALE_DIR / "babel.cfg"
TRANSLATED = tuple(language for language in LANGUAGES if language != DEFAULT)
ERRORS = ("DomainError", "InvalidInput", "NotFound", "SessionClosed", "RateLimited", "Forbidden")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "counted": (1, 2), **{name: None for name in ERRORS}}


def _keyword_args() -> list[str]:
    args = ["--no-default-keywords"]
    for name, spec in KEYWORDS.items():
        parts = [f"{part[0]}{part[1]}" if isinstance(part, tuple) else str(part) for part in spec or ()]
        args += ["-k", f"{name}:{','.join(parts)}" if parts else name]
    return args


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    """Every marked string in the package, with where it is used, into the template."""
    os.chdir(PACKAGE.parent)  # locations relative to the project ("dialoog/pages/phone.py:12")
    _babel(
        "extract", *_keyword_args(), "--sort-by-file", "--no-wrap",
        "--project", "Dialoog", "--copyright-holder", "Dialoog", "--msgid-bugs-address", "-",
        "-F", str(MAPPING), "-o", str(TEMPLATE), PACKAGE.name,
    )


def update() -> None:
    """Bring the English and French catalogs up to the template (new strings arrive untranslated)."""
    for language in TRANSLATED:
        po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        command = "update" if po.exists() else "init"
        # No fuzzy matching: a guess from a similar old string ("Doen" -> "Open") is worse than a gap.
        extra = ["--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching"] if command == "update" else ["--no-wrap"]
        _babel(command, "-D", DOMAIN, "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-l", language, *extra)


def compile_all() -> None:
    """The .mo files, from the .po files (untranslated and fuzzy entries fall back to Dutch)."""
    for language in TRANSLATED:
        _babel("compile", "-D", DOMAIN, "-d", str(LOCALE_DIR), "-l", language)


def template_texts(raw: dict) -> list[str]:
    """The texts of one session template (its JSON) that people read: translated where shown."""
    texts = [raw["name"], raw["description"], *raw["ground_rules"]]
    for phase in raw["phases"]:
        texts += [phase["name"], phase["question"]]
    return texts


def extract_template(fileobj: IO[bytes], keywords: object, comment_tags: object, options: object) -> Iterator[tuple]:
    """Babel extractor for a session template (see ``locale/babel.cfg``)."""
    for text in template_texts(json.loads(fileobj.read().decode("utf-8"))):
        yield 1, "_", text, ["session template"]


def main(argv: list[str]) -> int:
    steps = {"extract": [extract], "update": [update], "compile": [compile_all], "all": [extract, update, compile_all]}
    if len(argv) != 1 or argv[0] not in steps:
        print(__doc__)
        return 2
    for step in steps[argv[0]]:
        step()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
