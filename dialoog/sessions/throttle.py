"""Rate limits, kept in memory in the one server process, checked inside the services.

Socket events (a tap on "Plaats kaart") never pass HTTP middleware, so the limits live here.
"""

from __future__ import annotations

from limits import parse, storage, strategies

from dialoog.sessions.errors import RateLimited

_store = storage.MemoryStorage()
_limiter = strategies.MovingWindowRateLimiter(_store)


def hit(scope: str, key: str, per_minute: int, message: str) -> None:
    """Count one more for ``key``; raise ``RateLimited(message)`` once the minute is full."""
    if not _limiter.hit(parse(f"{max(1, per_minute)}/minute"), scope, key):
        raise RateLimited(message)


def allowed(scope: str, key: str, per_minute: int) -> bool:
    """Whether ``key`` may go on, without counting this look."""
    return _limiter.test(parse(f"{max(1, per_minute)}/minute"), scope, key)


def count(scope: str, key: str, per_minute: int) -> None:
    """Count one more for ``key`` without raising (e.g. a failed login)."""
    _limiter.hit(parse(f"{max(1, per_minute)}/minute"), scope, key)


def reset() -> None:
    _store.reset()
