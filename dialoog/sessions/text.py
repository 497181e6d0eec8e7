"""Cleaning what people type: plain text, no invisible tricks, kept exactly otherwise."""

import re
import unicodedata

from dialoog.config import get_settings
from dialoog.i18n import N_
from dialoog.sessions.errors import InvalidInput

# C0/C1 controls except tab and newline; bidi embeddings/overrides/isolates, which can make
# a name read backwards on someone else's screen; lone surrogates, which no database can store.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SPACES = re.compile(r"[ \t]+")


def clean_text(text: str) -> str:
    """Card text: line breaks kept, control characters removed, outer white space trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


def clean_line(text: str) -> str:
    """A one-line value such as a name: all white space runs become one space."""
    return _SPACES.sub(" ", clean_text(text).replace("\n", " ")).strip()


def required(text: str, *, limit: int, empty: str, too_long: str, multiline: bool = False) -> str:
    """``text`` cleaned (one line, or with its line breaks when ``multiline``), refused when nothing is
    left (``empty``) or when longer than ``limit`` (``too_long``, which may name ``{limit}`` and ``{length}``).
    Both messages are Dutch source text marked with ``N_()``: the error translates them where it is shown."""
    text = clean_text(text) if multiline else clean_line(text)
    if not text:
        raise InvalidInput(empty)
    if len(text) > limit:
        raise InvalidInput(too_long, limit=limit, length=len(text))
    return text


def clean_card_text(text: str) -> str:
    """The text of a card, as a participant or a facilitator writes it: cleaned, line breaks kept,
    not empty and no longer than the configured ``card_max_length``; InvalidInput otherwise."""
    return required(
        text, limit=get_settings().card_max_length, multiline=True,
        empty=N_("Je kaart is nog leeg. Schrijf eerst iets op."),
        too_long=N_("Je kaart is {length} tekens. Maak hem korter: hoogstens {limit} tekens."),
    )
