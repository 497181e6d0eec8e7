"""SQLModel tables. Pages never touch these directly: they go through ``dialoog.sessions``."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Organiser(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)


class DialogueSession(SQLModel, table=True):
    __tablename__ = "dialogue_session"

    id: int | None = Field(default=None, primary_key=True)
    organiser_id: int = Field(foreign_key="organiser.id", index=True)
    template_key: str = Field(max_length=40)
    title: str = Field(max_length=200)
    theme: str = Field(default="", max_length=200)
    neighbourhood: str = Field(default="", max_length=200)
    place: str = Field(default="", max_length=200)
    held_on: date | None = None
    join_code: str = Field(max_length=6, index=True)
    status: str = Field(default="open", max_length=10)  # open | closed
    current_phase: int = -1  # -1: not started; the projector shows the big QR
    created_at: datetime = Field(default_factory=utcnow)


class Phase(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="dialogue_session.id", index=True, ondelete="CASCADE")
    position: int
    key: str = Field(max_length=40)
    name: str = Field(max_length=80)
    question: str = Field(max_length=1000)
    mode: str = Field(max_length=20)  # info | round | round+open
    card_kinds: str = Field(default="", max_length=100)  # comma separated; empty: no cards


class Participant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="dialogue_session.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=40)
    display_name: str = Field(max_length=48)
    seat: int  # join order, the default speaking order
    has_phone: bool = True
    joined_at: datetime = Field(default_factory=utcnow)


class Card(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="dialogue_session.id", index=True, ondelete="CASCADE")
    phase_id: int = Field(foreign_key="phase.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    text: str = Field(max_length=2000)
    draft_key: str = Field(default="", max_length=64, index=True)  # idempotency: one card per draft
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TurnEvent(SQLModel, table=True):
    """One event of the turn-taking engine; a session's state is the fold of its events."""

    __tablename__ = "turn_event"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="dialogue_session.id", index=True, ondelete="CASCADE")
    at: float  # seconds since the epoch, never earlier than the event before it
    kind: str = Field(max_length=40)
    by: str = Field(max_length=20)
    payload: str = Field(default="{}", max_length=4000)  # JSON
