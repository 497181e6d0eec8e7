"""How the domain announces a change without knowing who listens.

The services call ``publish(session_id, topic)`` after a commit. At start-up the app hands
in the live hub with ``use_publisher``; tests hand in a ``RecordingPublisher``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from sqlmodel import Session, SQLModel

Topic = Literal["session", "participants", "cards", "card-added", "turns", "links"]
"""``card-added``: only new cards (a lighter reload than ``cards``, which is any change to cards,
themes, votes or actions)."""


class Publisher(Protocol):
    def notify(self, session_id: int, topic: Topic, about: int | None = None) -> None:
        """Session ``session_id`` changed in the area ``topic``; ``about`` is the one participant
        the change is about, when there is one (the author of a new card)."""


class NullPublisher:
    """Tells no one: the publisher until the app (or a test) hands in another."""

    def notify(self, session_id: int, topic: Topic, about: int | None = None) -> None:
        """Ignore the change."""


class RecordingPublisher:
    """Keeps every notification, for tests."""

    def __init__(self) -> None:
        self.events: list[tuple[int, Topic]] = []
        self.about: list[tuple[int, Topic, int | None]] = []

    def notify(self, session_id: int, topic: Topic, about: int | None = None) -> None:
        """Record the change."""
        self.events.append((session_id, topic))
        self.about.append((session_id, topic, about))


_publisher: Publisher = NullPublisher()


def use_publisher(publisher: Publisher) -> None:
    """From now on, tell ``publisher`` about every change."""
    global _publisher
    _publisher = publisher


def publish(session_id: int, topic: Topic, about: int | None = None) -> None:
    """Announce a committed change of session ``session_id`` in ``topic`` (see ``Publisher.notify``)."""
    _publisher.notify(session_id, topic, about)


def commit(s: Session, row: SQLModel, session_id: int, topic: Topic, about: int | None = None) -> None:
    """How a command ends: store ``row``, commit, and only then announce the change, so no screen
    reloads before the change is there to read."""
    s.add(row)
    s.commit()
    publish(session_id, topic, about)
