"""Who may touch a session. One check, used by every facilitator command (``owned``), and one
for what a participant does from the phone (``open_session`` and ``member``).

The one acting (an ``Actor``) is either an organiser, by account id, or a ``FacilitatorPass``:
the token of a facilitator link the organiser made for exactly one session. A pass opens
that one session's console and nothing else; what stays with the organiser (deleting,
duplicating, the contact details, the session's details, API keys and the links
themselves) is asked for with ``organiser_only=True``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session, select

from dialoog import db
from dialoog.i18n import N_
from dialoog.models import DialogueSession, FacilitatorLink, Participant, SessionPart
from dialoog.sessions.errors import Forbidden, NotFound, SessionClosed

NOT_YOURS = N_("Deze sessie bestaat niet, of is niet van jou.")
LINK_GONE = N_("Deze link werkt niet meer. Vraag de organisator om een nieuwe.")
OTHER_SESSION = N_("Je link hoort bij een andere sessie.")
ORGANISER_ONLY = N_("Dit kan alleen de organisator van de sessie.")
OTHER_TABLE = N_("Je link hoort bij één tafel. Dit kan alleen de gespreksleider van de hele sessie.")
CLOSED = N_("Deze sessie bestaat niet of is afgelopen.")
NOT_A_MEMBER = N_("Je doet niet (meer) mee aan deze sessie. Meld je opnieuw aan.")
MAX_TOKEN = 100  # longer than any token we hand out: not worth hashing
Row = TypeVar("Row", bound=SessionPart)


@dataclass(frozen=True)
class FacilitatorPass:
    """The raw token of a facilitator link, carried by the person who received it."""

    token: str = field(repr=False)  # never in a log line or a traceback


Actor = int | FacilitatorPass
SESSION_WIDE = object()  # ``owned(table=…)``: the command is about the whole session, not one table


def token_hash(token: str) -> str:
    """What the database keeps of a token: its sha256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def find_link(s: Session, token: str) -> FacilitatorLink | None:
    """The link row of ``token`` (revoked or not), or None."""
    if not token or len(token) > MAX_TOKEN:
        return None
    return s.exec(select(FacilitatorLink).where(FacilitatorLink.token_hash == token_hash(token))).first()


def organiser(actor: Actor) -> int:
    """The organiser's id; a facilitator link is refused (for what only an account may do)."""
    if isinstance(actor, FacilitatorPass) or not isinstance(actor, int):
        raise Forbidden(ORGANISER_ONLY)
    return actor


def owned(
    s: Session, actor: Actor, session_id: int, *, organiser_only: bool = False, table: object = SESSION_WIDE
) -> DialogueSession:
    """The session row, if ``actor`` may run it; otherwise NotFound (or Forbidden).

    An organiser may run their own sessions. A facilitator pass may run the one session
    its link was made for, as long as the link is not revoked, and never for what is
    ``organiser_only``. A table host's pass (a link made for one table) may act on that
    ``table`` only, never on the whole session. The pass is checked on every call, so revoking
    takes effect at once.
    """
    if isinstance(actor, FacilitatorPass):
        link = find_link(s, actor.token)
        if link is None or link.revoked_at is not None:
            raise NotFound(LINK_GONE)
        if link.session_id != session_id:
            raise NotFound(OTHER_SESSION)
        if organiser_only:
            raise Forbidden(ORGANISER_ONLY)
        if link.table_id is not None and table != link.table_id:
            raise Forbidden(OTHER_TABLE)
        row = s.get(DialogueSession, session_id)
        if row is None:
            raise NotFound(LINK_GONE)
        return row
    row = s.get(DialogueSession, session_id)
    if row is None or not isinstance(actor, int) or row.organiser_id != actor:
        raise NotFound(NOT_YOURS)
    return row


def check(actor: Actor, session_id: int, *, organiser_only: bool = False) -> None:
    """``owned`` in its own transaction, for callers that have no database session open."""
    with db.session() as s:
        owned(s, actor, session_id, organiser_only=organiser_only)


def open_session(s: Session, session_id: int) -> DialogueSession:
    """The session row, if it exists and is open; otherwise SessionClosed (what a participant may use)."""
    row = s.get(DialogueSession, session_id)
    if row is None or row.status != "open":
        raise SessionClosed(CLOSED)
    return row


def member(s: Session, session_id: int, participant_id: int) -> Participant:
    """The participant row, if that participant is in this session; otherwise NotFound."""
    person = s.get(Participant, participant_id)
    if person is None or person.session_id != session_id:
        raise NotFound(NOT_A_MEMBER)
    return person


def row_in_session(s: Session, table: type[Row], row_id: int | None, session_id: int, missing: str) -> Row:
    """Row ``row_id`` of ``table`` if it belongs to session ``session_id``; otherwise NotFound(``missing``),
    a message marked with ``N_()``.
    An id from another session is treated as unknown, so one session's console never reaches into another."""
    row = s.get(table, row_id) if row_id is not None else None
    if row is None or row.session_id != session_id:
        raise NotFound(missing)
    return row
