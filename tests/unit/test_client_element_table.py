"""The turn broadcast reaches into NiceGUI's browser side: keep what it relies on pinned.

``TURN_TEXT_SCRIPT`` (dialoog/live.py) sets the phones' "Nu aan het woord: …" line without an update of
its own: it finds the line in NiceGUI's client-side element table, ``mounted_app.elements``, by its
class, and sets the element's ``text``; Vue then renders it. Nothing of that is NiceGUI's public API.
These tests read the NiceGUI release that is installed (its ``static/nicegui.js`` and
``templates/index.html``) and fail, saying what to do, as soon as any of it changes.

The browser side of the same broadcast, in real Chromium, is tested end to end in
tests/e2e/test_hostile_projector.py (every hostile name reaches a phone through ``dialoogSetText``
and is shown literally); this file does not repeat that, it says *why* it would break.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import nicegui
import pytest
from nicegui import Client, core, ui
from nicegui.page import page

from dialoog.live import TURN_TEXT_CLASS, TURN_TEXT_SCRIPT

NICEGUI = Path(nicegui.__file__).resolve().parent
NICEGUI_JS = NICEGUI / "static" / "nicegui.js"
INDEX_HTML = NICEGUI / "templates" / "index.html"

WHAT_TO_DO = f"""
NiceGUI {nicegui.__version__} changed its client-side element table, which the turn broadcast uses.
TURN_TEXT_SCRIPT in dialoog/live.py sets the phones' turn line through `mounted_app.elements[…]`:
each element's `.class` (a list) and `.text`, rendered by Vue. With this NiceGUI the phones would
keep showing the previous speaker. What to do:
  1. read {NICEGUI_JS} (createApp, replaceUndefinedAttributes, renderRecursively, the "update"
     handler) and find how the root component holds its elements now;
  2. change TURN_TEXT_SCRIPT to match, or, if there is no stable way, let the phone's show_speaker
     (dialoog/pages/) send a normal update (set_text) instead of relying on the broadcast;
  3. update the expectations below, then run tests/e2e/test_hostile_projector.py (real Chromium).
What no longer holds:"""


def _function(js: str, name: str) -> str:
    """The source of a top-level ``function name(…) {…}`` of nicegui.js (up to the next one)."""
    start = js.find(f"\nfunction {name}(")
    if start < 0:
        return ""
    end = js.find("\nfunction ", start + 1)
    return js[start:] if end < 0 else js[start:end]


def element_table_problems(js: str, template: str) -> list[str]:
    """What of NiceGUI's client side, as TURN_TEXT_SCRIPT relies on it, does not hold in these sources."""
    create_app = _function(js, "createApp")
    render = _function(js, "renderRecursively")
    defaults = _function(js, "replaceUndefinedAttributes")
    expectations = [
        # the name: a global binding, readable by name from the page's other (classic) scripts
        (js, r"^let mounted_app\b", "nicegui.js declares `let mounted_app` at its top level"),
        (template, r'<script\b(?![^>]*\btype="module")[^>]*\bsrc="[^"]*/static/nicegui\.js"',
         'index.html loads nicegui.js as a classic script (not type="module"), so `mounted_app` is a global'),
        # what it holds: the root Vue component, whose data is the element table
        (create_app, r"\bmounted\(\)\s*\{[^}]*?\bmounted_app\s*=\s*this\s*(?:;|$)",
         "createApp's root component sets `mounted_app = this` when mounted"),
        (create_app, r"\bdata\(\)\s*\{\s*return\s*\{(?:[^{}]*,)?\s*elements\s*[,}]",
         "the root component's data holds the element table as `elements`, so `mounted_app.elements` is it"),
        (create_app, r"\brender\(\)\s*\{\s*return\s+renderRecursively\(this\.elements\b",
         "the root component renders the page from `this.elements`"),
        (template, r"createApp\(parseElements\(", "index.html starts the app with the page's elements, keyed by id"),
        (js, r"this\.elements\[id\]\s*=\s*element\b",
         "an update message stores each element in the same table (`this.elements[id] = element`)"),
        # each element: `class` a list, `text` rendered as text
        (defaults, r"element\.class\s*\?\?=\s*\[\]", "every element has `class`, a list (`element.class ??= []`)"),
        (render, r"\bclass:\s*element\.class\.join\(", "an element's `class` list is what is rendered as its class"),
        (defaults, r"element\.text\s*\?\?=\s*null", "every element has `text` (`element.text ??= null`)"),
        (render, r"name\s*===\s*\"default\"\s*&&\s*element\.text\s*!==?\s*null\s*\)\s*\{\s*"
                 r"children\.unshift\(element\.text\)",
         "renderRecursively renders `element.text`, whenever it is not null, as the first child of the default "
         "slot, as text"),
    ]
    return [what for source, pattern, what in expectations if not re.search(pattern, source, re.M)]


def _sources() -> tuple[str, str]:
    return NICEGUI_JS.read_text(encoding="utf-8"), INDEX_HTML.read_text(encoding="utf-8")


def test_nicegui_still_keeps_the_element_table_the_turn_broadcast_uses():
    problems = element_table_problems(*_sources())
    assert not problems, "\n".join([WHAT_TO_DO, *(f"  - {p}" for p in problems)])


def test_the_script_uses_just_that():
    """If the script starts to rely on more of NiceGUI, pin that above too."""
    for what in ("mounted_app", ".elements", "element.class", "element.text = text"):
        assert what in TURN_TEXT_SCRIPT, what
    assert 'typeof mounted_app === "undefined"' in TURN_TEXT_SCRIPT  # before the page is mounted: nothing, no error


@pytest.mark.parametrize(("change", "old", "new"), [
    ("mounted_app renamed", "mounted_app", "mountedApp"),
    ("nicegui.js made a module", 'static/nicegui.js"></script>', 'static/nicegui.js" type="module"></script>'),
    ("elements moved under another name", "        elements,\n", "        elementTable: elements,\n"),
    ("elements moved out of the root component", "mounted_app = this;", "mounted_app = this.$refs.r0;"),
    ("text no longer rendered", "children.unshift(element.text);", "children.unshift(Vue.h('span'));"),
    ("text rendered from elsewhere", "element.text !== null", "element.props.text !== undefined"),
    ("class no longer a list", "element.class ??= [];", 'element.class ??= "";'),
    ("updates kept elsewhere", "this.elements[id] = element;", "this.pending[id] = element;"),
])
def test_the_check_fails_on_a_changed_copy_of_nicegui(change, old, new):
    """The check above really looks: each of these edits to a copy of the installed sources breaks it."""
    js, template = _sources()
    assert old in js or old in template, f"{change}: the installed NiceGUI has no {old!r} any more"
    changed_js, changed_template = js.replace(old, new), template.replace(old, new)
    assert element_table_problems(changed_js, changed_template), change


async def test_the_server_sends_each_element_s_class_list_and_text():
    """The table's entries are what ``Element._to_dict`` sends: the turn line's class list and its text."""
    previous = core.loop
    core.loop = asyncio.get_running_loop()  # so the client's outbox starts now, not at some later app start-up
    client = Client(page("/element-table-test"))
    try:
        with client.content:
            line = ui.label("Nu aan het woord: Anna").classes(f"{TURN_TEXT_CLASS} text-lg")
        sent = line._to_dict()
        assert sent["text"] == "Nu aan het woord: Anna"
        assert isinstance(sent["class"], list) and TURN_TEXT_CLASS in sent["class"]
    finally:
        client.delete()
        await asyncio.sleep(0)
        core.loop = previous
