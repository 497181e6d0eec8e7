"""Text on a screen goes through the catalogs: a literal with words in it, handed straight to an
element that shows it (a label, a button, a notification…), is Dutch in every language. The
catalog test cannot see such a string (it is not marked), so this one looks for it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import dialoog

PACKAGE = Path(dialoog.__file__).parent
SHOWN = {  # calls whose first arguments (or these keywords) are shown to people
    "label", "button", "notify", "input", "textarea", "select", "tooltip", "checkbox", "switch", "link",
    "expansion", "set_text", "radio", "toggle", "number", "page_title", "FormDialog", "markdown",
}
KEYWORDS = {"label", "placeholder", "text", "title", "hint", "intro", "cancel_label", "message"}
NOT_WORDS = {"Dialoog", "PDF", "Word", "Markdown", "CSV", "JSON"}  # names, the same in every language
WORD = re.compile(r"[A-Za-zÀ-ÿ]{2}")


def _unmarked(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in SHOWN:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg in KEYWORDS)]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                text = arg.value
            elif isinstance(arg, ast.JoinedStr):  # only the literal parts of an f-string
                text = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
            else:
                continue
            if WORD.search(text) and text not in NOT_WORDS and not text.startswith("/"):
                found.append(f"{path.name}:{arg.lineno}: {text!r}")
    return found


def test_every_shown_literal_goes_through_the_catalogs() -> None:
    files = [*sorted((PACKAGE / "pages").glob("*.py")), PACKAGE / "app.py"]
    found = [hit for path in files for hit in _unmarked(path)]
    assert not found, "shown as written in every language; wrap it in _():\n" + "\n".join(found)


def test_the_check_finds_an_unmarked_label(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('ui.label("Welkom terug")\nui.label(_("Welkom"))\nui.button(f"Stem {n}")\nui.label(f"• {x}")\n')
    assert [hit.split(": ", 1)[1] for hit in _unmarked(sample)] == ["'Welkom terug'", "'Stem '"]
