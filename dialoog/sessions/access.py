"""Who may touch a session: its own organiser. One check, used by every facilitator command."""

from __future__ import annotations

from sqlmodel import Session

from dialoog.models import DialogueSession
from dialoog.sessions.errors import NotFound


def owned(s: Session, organiser_id: int, session_id: int) -> DialogueSession:
    """The session row, if it exists and belongs to ``organiser_id``; otherwise NotFound."""
    row = s.get(DialogueSession, session_id)
    if row is None or row.organiser_id != organiser_id:
        raise NotFound("Deze sessie bestaat niet, of is niet van jou.")
    return row
