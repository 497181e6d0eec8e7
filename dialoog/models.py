"""SQLModel tables. Pages never touch these directly: they go through ``dialoog.sessions``."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, in UTC, with its time zone."""
    return datetime.now(timezone.utc)


class SessionPart(SQLModel):
    """The columns every table of a session's content starts with: its own id and the session's, which
    deletes the row along with the session."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="dialogue_session.id", index=True, ondelete="CASCADE")


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
    table_choice: bool = False  # with tables: phones choose theirs ("Kies je tafel"), else they are seated
    projector_view: str = Field(default="plenair", max_length=10)  # with tables: "plenair" | "tafels"
    table_message: str = Field(default="", max_length=120)  # "Bericht aan alle tafels" ("Nog 5 minuten")
    table_message_at: datetime | None = None  # when it was sent: it shows for MESSAGE_SECONDS
    language: str = Field(default="nl", max_length=5)  # the console's, the projector's and the report's
    current_phase: int = -1  # -1: not started; the projector shows the big QR
    created_at: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None
    # For the report's header
    organisation: str = Field(default="", max_length=200)
    facilitator_name: str = Field(default="", max_length=200)
    participation_level: str = Field(default="raadplegen", max_length=20)
    follow_up: str = Field(default="", max_length=2000)  # what will be done with the input
    # Dot voting
    votes_per_person: int = 3
    votes_per_card: int = 2
    voting_open: bool = False
    results_shown: bool = False


class SessionTable(SessionPart, table=True):
    """A table of a session: its people have their own rounds (a turn stream of their own).
    A session without tables is one group, as before tables existed (docs/tables.md)."""

    __tablename__ = "session_table"

    position: int
    name: str = Field(max_length=40)
    runs_on: bool = False  # "Laat doorlopen": stays in its phase when the main console moves on


class Phase(SessionPart, table=True):
    """One step of a session's conversation, with its question (copied from the template)."""

    position: int
    key: str = Field(max_length=40)
    name: str = Field(max_length=80)
    question: str = Field(max_length=1000)
    mode: str = Field(max_length=20)  # info | round | round+open
    card_kinds: str = Field(default="", max_length=100)  # comma separated; empty: no cards


class Participant(SessionPart, table=True):
    """Someone taking part, by phone or (``has_phone`` False) through the facilitator's console."""

    name: str = Field(max_length=40)
    display_name: str = Field(max_length=48)
    seat: int  # join order, the default speaking order
    has_phone: bool = True
    name_in_report: bool = False  # "Mijn voornaam mag in het verslag"
    joined_at: datetime = Field(default_factory=utcnow)
    table_id: int | None = Field(default=None, foreign_key="session_table.id", index=True, ondelete="SET NULL")


class Card(SessionPart, table=True):
    """What a participant wrote in a phase: an experience, a dream, a possibility, an offer, an ask…"""

    phase_id: int = Field(foreign_key="phase.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    text: str = Field(max_length=2000)
    draft_key: str = Field(default="", max_length=64, index=True)  # idempotency: one card per draft
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    hidden: bool = False  # hidden by the facilitator: off the screen and out of the report's lists
    theme_id: int | None = Field(default=None, foreign_key="theme.id", ondelete="SET NULL")
    merged_into: int | None = None  # a duplicate merged into this card
    resource: str = Field(default="", max_length=20)  # aanbod/vraag: a key of templates.RESOURCES, or empty
    table_id: int | None = Field(default=None, foreign_key="session_table.id", index=True, ondelete="SET NULL")


class CardRevision(SQLModel, table=True):
    """An earlier text of a card that the facilitator edited: the original is never lost."""

    __tablename__ = "card_revision"

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True, ondelete="CASCADE")
    text: str = Field(max_length=2000)
    replaced_at: datetime = Field(default_factory=utcnow)


class Theme(SessionPart, table=True):
    """A name the facilitator groups a phase's cards under."""

    phase_id: int = Field(foreign_key="phase.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)


class Vote(SessionPart, table=True):
    """One dot on a card; a participant may put up to ``votes_per_card`` dots on one card."""

    card_id: int = Field(foreign_key="card.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)


class Contact(SessionPart, table=True):
    """Contact details for one offer, given by explicit opt-in; for the organiser only."""

    card_id: int = Field(foreign_key="card.id", index=True, ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    contact: str = Field(max_length=200)
    consent: str = Field(max_length=300)  # the exact sentence the participant agreed to
    created_at: datetime = Field(default_factory=utcnow)


class Action(SessionPart, table=True):
    """A step someone will take (Doen). ``no_action``: "geen actie" is a valid answer."""

    participant_id: int | None = Field(default=None, foreign_key="participant.id", ondelete="SET NULL")
    source_card_id: int | None = Field(default=None, foreign_key="card.id", ondelete="SET NULL")
    what: str = Field(default="", max_length=500)
    who: str = Field(default="", max_length=200)  # the trekker
    first_step: str = Field(default="", max_length=500)
    when: str = Field(default="", max_length=100)
    needs: str = Field(default="", max_length=500)
    follow_up_on: date | None = None
    no_action: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Evaluation(SessionPart, table=True):
    """A participant's verdict on the evening: a score and an optional sentence; one per participant."""

    participant_id: int = Field(foreign_key="participant.id", unique=True, ondelete="CASCADE")
    score: int  # 1 (sad) .. 5 (happy)
    remark: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)


class ApiToken(SQLModel, table=True):
    """A token an organiser creates to fetch summaries by API; only its hash is stored."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    organiser_id: int = Field(foreign_key="organiser.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    token_hash: str = Field(max_length=128, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None


class TurnEvent(SessionPart, table=True):
    """One event of the turn-taking engine; a session's state is the fold of its events."""

    __tablename__ = "turn_event"

    at: float  # seconds since the epoch, never earlier than the event before it
    kind: str = Field(max_length=40)
    by: str = Field(max_length=20)
    payload: str = Field(default="{}", max_length=4000)  # JSON
    # The stream the event belongs to: a table's, or (NULL) the one group of a session without
    # tables. No foreign key: a table with events is never deleted, they are its history.
    table_id: int | None = Field(default=None, index=True)


class FacilitatorLink(SessionPart, table=True):
    """A link that lets one person run one session's console; only the token's hash is stored."""

    __tablename__ = "facilitator_link"

    label: str = Field(max_length=80)  # who it is for, e.g. "Fatima"
    token_hash: str = Field(max_length=64, unique=True, index=True)  # sha256, hex
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    table_id: int | None = Field(default=None, foreign_key="session_table.id", ondelete="CASCADE")  # a table host
