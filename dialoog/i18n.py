"""Translations: Dutch first, English and French from gettext catalogs (Babel).

The source text *is* the Dutch text: ``_("Opslaan")`` is Dutch with no catalog at all, and the
English and French catalogs (``dialoog/locale/{en,fr}/LC_MESSAGES/dialoog.po``, compiled to ``.mo``
by the build) translate it. So tests keep finding elements by their Dutch names.

Which language a string is shown in is decided where it is shown, never stored with the data:

1. inside ``with use("fr"):`` (an export, a report, a test), that language;
2. else in a NiceGUI page or one of its event handlers or live updates: the language the page chose
   with ``set_page_language()`` (the phone: the participant's pick; console and projector: the
   session's language);
3. else Dutch.

Placeholders are named, ``str.format`` style: ``_("Nog {n} minuten", n=5)``. Text that is
defined before anyone reads it (module constants, the card kind names) is marked with ``N_()`` and
translated with ``_()`` when it is painted.
"""

from __future__ import annotations

import copy
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import Translations

DOMAIN = "dialoog"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "nl"
# The languages a person can pick, each named in its own language (how a picker shows them).
LANGUAGES = {"nl": "Nederlands", "en": "English", "fr": "Français"}
# Quasar's language pack per language (its date picker, its table texts).
QUASAR = {"nl": "nl", "en": "en-GB", "fr": "fr"}
_CLIENT_ATTRIBUTE = "dialoog_language"

_scoped: ContextVar[str | None] = ContextVar("dialoog_language", default=None)


def normalise(language: str | None) -> str:
    """One of ``LANGUAGES``: "fr-BE" is French; anything unknown (or nothing) is Dutch."""
    if not language:
        return DEFAULT
    base = language.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language``; Dutch (the source text) needs none."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    translations = Translations.load(str(LOCALE_DIR), [language], DOMAIN)
    if not isinstance(translations, gettext.GNUTranslations):
        raise RuntimeError(
            f"No compiled catalog for {language!r} in {LOCALE_DIR}: run `make catalogs` "
            "(or install the package, whose build compiles them)."
        )
    return translations


def current() -> str:
    """The language text is shown in right here (see the module's docstring for the order)."""
    scoped = _scoped.get()
    if scoped is not None:
        return scoped
    client = _page_client()
    if client is not None:
        return getattr(client, _CLIENT_ATTRIBUTE, DEFAULT)
    return DEFAULT


def _(message: str, /, **params: object) -> str:
    """``message`` (Dutch) in the current language, with its ``{placeholders}`` filled in."""
    language = current()
    text = message if language == DEFAULT else catalog(language).gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The singular or plural form for ``n`` in the current language; ``{n}`` is filled in too."""
    language = current()
    if language == DEFAULT:
        text = singular if n == 1 else plural
    else:
        text = catalog(language).ngettext(singular, plural, n)
    return text.format(n=n, **params)


def pgettext(context: str, message: str, /, **params: object) -> str:
    """``_()`` for a word that means two things: ``pgettext("report section", "Aanbod")`` (the
    offers) is kept apart from the card kind "Aanbod" (one offer) in the catalogs."""
    language = current()
    text = message if language == DEFAULT else catalog(language).pgettext(context, message)
    return text.format(**params) if params else text


def decimal(value: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals the way the current language writes it: 0,18 in Dutch and
    French, 0.18 in English."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="0." + "0" * digits if digits else "0", locale=current())


def N_(message: str, /) -> str:
    """Marks ``message`` for the catalogs without translating it yet (translate it where it is shown)."""
    return message


@contextmanager
def use(language: str | None) -> Iterator[str]:
    """Show text in ``language`` inside this block (an export in the session's language, a test)."""
    token = _scoped.set(normalise(language))
    try:
        yield _scoped.get()  # type: ignore[misc]
    finally:
        _scoped.reset(token)


def set_page_language(language: str | None) -> str:
    """Call while building a page: its text, its later updates, Quasar's own texts (language pack)
    and ``<html lang>`` follow ``language`` from here on. Returns the language used."""
    from nicegui import context  # here: the exports and the domain never need NiceGUI

    chosen = normalise(language)
    client = context.client
    setattr(client, _CLIENT_ATTRIBUTE, chosen)
    # NiceGUI takes the page's language from its ``page`` object, which all visitors of a route share;
    # this visitor gets a copy of their own with the language changed.
    page = copy.copy(client.page)
    page.language = QUASAR[chosen]
    client.page = page
    return chosen


def _page_client() -> object | None:
    """The NiceGUI client whose page (or event handler, or live update) is running, if any. Reads
    NiceGUI's slot stacks without creating one (``context.client`` would, outside a page)."""
    try:
        from nicegui.slot import Slot, get_task_id
    except ImportError:  # pragma: no cover - NiceGUI is a dependency; the exports may run without it
        return None
    for slot in reversed(Slot.stacks.get(get_task_id()) or ()):
        try:
            return slot.parent.client
        except RuntimeError:  # that element is gone (its page may live on): look further down
            continue
    return None


def connection_texts() -> dict[str, dict[str, str]]:
    """NiceGUI's own "connection lost" texts for the languages it ships none for (Dutch)."""
    return {
        "nl": {
            "connection_lost": "De verbinding is weg.",
            "trying_to_reconnect": "We proberen opnieuw te verbinden…",
            "message_too_long": "Bericht te lang",
            "message_too_long_body": "Dit bericht is te groot om te versturen.",
        }
    }


def install_connection_texts() -> None:
    """Give NiceGUI the Dutch connection texts (it ships English and French itself)."""
    from nicegui.translations import translations

    for language, texts in connection_texts().items():
        translations.setdefault(language, {}).update(texts)  # type: ignore[index]
