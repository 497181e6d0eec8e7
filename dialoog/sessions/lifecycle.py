"""A session's life after the evening: duplicate it, delete it completely, purge old ones."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlmodel import Session, delete, select

from dialoog import db, i18n
from dialoog.models import (
    Action,
    Card,
    CardRevision,
    Contact,
    DialogueSession,
    Evaluation,
    FacilitatorLink,
    Participant,
    Phase,
    SessionTable,
    Theme,
    TurnEvent,
    Vote,
)
from dialoog.sessions import turns
from dialoog.sessions.access import owned as _owned
from dialoog.sessions.facilitation import free_join_code


def duplicate(organiser_id: int, session_id: int) -> int:
    """A new open session with the same template, header and questions; no people, no cards."""
    with db.session() as s:
        old = _owned(s, organiser_id, session_id, organiser_only=True)
        with i18n.use(old.language):  # the title is the session's, so in the session's language
            title = i18n._("{title} (kopie)", title=old.title)[:200]
        new = DialogueSession(
            organiser_id=organiser_id, template_key=old.template_key, title=title,
            theme=old.theme, neighbourhood=old.neighbourhood, place=old.place, join_code=free_join_code(s),
            organisation=old.organisation, facilitator_name=old.facilitator_name,
            participation_level=old.participation_level, follow_up=old.follow_up, table_choice=old.table_choice,
            votes_per_person=old.votes_per_person, votes_per_card=old.votes_per_card, language=old.language,
        )
        s.add(new)
        s.flush()
        for t in s.exec(select(SessionTable).where(SessionTable.session_id == session_id)).all():
            s.add(SessionTable(session_id=new.id, position=t.position, name=t.name))  # the same tables, empty
        for p in s.exec(select(Phase).where(Phase.session_id == session_id).order_by(Phase.position)).all():
            s.add(Phase(session_id=new.id, position=p.position, key=p.key, name=p.name, question=p.question,
                        mode=p.mode, card_kinds=p.card_kinds))
        s.commit()
        return new.id


def _delete_all(s: Session, session_id: int) -> None:
    """Every row of a session, children first (no reliance on database cascades)."""
    card_ids = select(Card.id).where(Card.session_id == session_id)
    s.exec(delete(CardRevision).where(CardRevision.card_id.in_(card_ids)))
    for table in (Vote, Contact, Action, Evaluation):
        s.exec(delete(table).where(table.session_id == session_id))
    s.exec(delete(Card).where(Card.session_id == session_id))
    for table in (Theme, TurnEvent, FacilitatorLink, Participant, SessionTable, Phase):
        s.exec(delete(table).where(table.session_id == session_id))
    s.exec(delete(DialogueSession).where(DialogueSession.id == session_id))


def delete_session(organiser_id: int, session_id: int) -> None:
    """Delete a session and everything of it: people, cards, votes, contacts, turns, links."""
    with db.session() as s:
        _owned(s, organiser_id, session_id, organiser_only=True)
        _delete_all(s, session_id)
        s.commit()
    turns.forget(session_id)


def purge_expired(days: int, now: datetime | None = None) -> int:
    """Delete sessions that ended more than ``days`` ago; returns how many."""
    now = now or datetime.now(timezone.utc)
    cutoff = now - timedelta(days=days)
    with db.session() as s:
        ended = s.exec(select(DialogueSession).where(DialogueSession.status == "closed")).all()
        expired = [r.id for r in ended if _aware(r.closed_at or r.created_at) < cutoff]
        for session_id in expired:
            _delete_all(s, session_id)
        s.commit()
    for session_id in expired:
        turns.forget(session_id)
    return len(expired)


def _aware(moment: datetime) -> datetime:
    """A moment read back from a database that dropped its time zone (SQLite) is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
