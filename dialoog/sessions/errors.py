"""Errors a person can cause. Each carries its message as Dutch source text with named
``{placeholders}`` and their values, and is translated where it is shown (``translated()``)."""

from __future__ import annotations

from typing import Self

from dialoog.i18n import _, ngettext


class DomainError(Exception):
    """A rule of the domain said no; the message tells the person why.

    ``DomainError("Nog {n} kaarten", n=3)``: ``msgid`` is the catalog's key, ``params`` fill it in;
    ``message`` is the Dutch text (for logs and tests), ``translated()`` the text in the language
    of whoever sees it."""

    def __init__(self, msgid: str, /, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        self.plural: str | None = None
        self.message = msgid.format(**params) if params else msgid
        super().__init__(self.message)

    @classmethod
    def counted(cls, singular: str, plural: str, n: int, /, **params: object) -> Self:
        """A message with a count in it: ``InvalidInput.counted("{n} stem", "{n} stemmen", n)``."""
        error = cls(singular if n == 1 else plural, n=n, **params)
        error.msgid, error.plural = singular, plural
        return error

    def translated(self) -> str:
        """The message in the current language (see ``dialoog.i18n``)."""
        if self.plural is not None:
            params = dict(self.params)
            return ngettext(self.msgid, self.plural, params.pop("n"), **params)  # type: ignore[arg-type]
        return _(self.msgid, **self.params)


class InvalidInput(DomainError):
    """What was typed cannot be stored as it is."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not yours)."""


class SessionClosed(DomainError):
    """The session has ended; it accepts no joins or cards."""


class RateLimited(DomainError):
    """Too much, too fast: wait a little and try again."""


class Forbidden(DomainError):
    """Allowed to the session's organiser only, not to someone with a facilitator link."""
