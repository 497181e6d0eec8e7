"""Errors a person can cause. ``message`` is plain Dutch, safe to show as it is."""


class DomainError(Exception):
    """A rule of the domain said no; ``message`` tells the person why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
