"""Cleaning what people type: plain text, no invisible tricks, kept exactly otherwise."""

import re
import unicodedata

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
