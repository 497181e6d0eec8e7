"""Facilitator links: the organiser lets someone else run one session's console.

The organiser makes a link for a person ("Fatima"); the link carries an unguessable token
that is shown once and stored only as its sha256. Whoever opens the link may run that one
session (phases, turns, cards, voting, actions, closing, the summary) but nothing that is
the organiser's alone (see ``access``). Revoking a link takes effect on the next command,
also on a console that is already open.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import func, select

from dialoog import db
from dialoog.i18n import N_
from dialoog.models import FacilitatorLink, SessionTable, utcnow
from dialoog.sessions.access import LINK_GONE, FacilitatorPass, find_link, owned, row_in_session, token_hash
from dialoog.sessions.errors import InvalidInput, NotFound
from dialoog.sessions.publishing import commit, publish
from dialoog.sessions.text import required

MAX_LABEL = 80
MAX_ACTIVE = 20  # per session, besides one per table: more is a sign of a mistake, not of a big evening


@dataclass(frozen=True)
class LinkView:
    """One link as the organiser sees it: never the token, which is not kept."""

    id: int
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    table_id: int | None = None  # a table host's link: that table only

    @property
    def active(self) -> bool:
        """Whether the link still works (it was not revoked)."""
        return self.revoked_at is None


def _view(row: FacilitatorLink) -> LinkView:
    return LinkView(row.id, row.label, row.created_at, row.last_used_at, row.revoked_at, row.table_id)


def new_token() -> str:
    """192 random bits, URL-safe: 32 characters."""
    return secrets.token_urlsafe(24)


def create(organiser_id: int, session_id: int, label: str, *, table: int | None = None) -> str:
    """A new link for the person ``label``; returns its token. It is shown once and not kept.
    With ``table``, a table host's link: it runs that table's rounds and nothing else."""
    label = required(label, limit=MAX_LABEL, empty=N_("Voor wie is de link? Vul een naam in, bijvoorbeeld Fatima."),
                     too_long=N_("Houd de naam kort: hoogstens {limit} tekens."))
    token = new_token()
    with db.session() as s:
        owned(s, organiser_id, session_id, organiser_only=True)
        if table is not None:
            row_in_session(s, SessionTable, table, session_id, N_("Deze tafel bestaat niet (meer)."))
        tables = s.exec(select(func.count()).select_from(SessionTable).where(SessionTable.session_id == session_id))
        limit = MAX_ACTIVE + tables.one()
        active = s.exec(
            select(FacilitatorLink.id).where(
                FacilitatorLink.session_id == session_id, FacilitatorLink.revoked_at.is_(None)
            )
        ).all()
        if len(active) >= limit:
            raise InvalidInput(
                "Deze sessie heeft al {n} links. Trek eerst een link in die niet meer nodig is.", n=limit
            )
        s.add(FacilitatorLink(session_id=session_id, label=label, token_hash=token_hash(token), table_id=table))
        s.commit()
    publish(session_id, "links")
    return token


def listing(organiser_id: int, session_id: int, *, include_revoked: bool = False) -> list[LinkView]:
    """The session's links, oldest first; by default only those that still work."""
    with db.session() as s:
        owned(s, organiser_id, session_id, organiser_only=True)
        query = select(FacilitatorLink).where(FacilitatorLink.session_id == session_id)
        if not include_revoked:
            query = query.where(FacilitatorLink.revoked_at.is_(None))
        return [_view(r) for r in s.exec(query.order_by(FacilitatorLink.id)).all()]


def revoke(organiser_id: int, session_id: int, link_id: int) -> None:
    """Stop a link at once: its next command is refused, also on a console that is open now."""
    with db.session() as s:
        owned(s, organiser_id, session_id, organiser_only=True)
        row = row_in_session(s, FacilitatorLink, link_id, session_id, N_("Deze link bestaat niet meer."))
        if row.revoked_at is not None:
            return
        row.revoked_at = utcnow()
        commit(s, row, session_id, "links")


def resolve(token: str) -> int:
    """The session a link opens (and note that it was used); NotFound when it does not work."""
    with db.session() as s:
        row = find_link(s, token)
        if row is None or row.revoked_at is not None:
            raise NotFound(LINK_GONE)
        row.last_used_at = utcnow()
        s.add(row)
        s.commit()
        return row.session_id


def active_session(token: str) -> int | None:
    """The session of a link that still works, or None. Reads only: for checks at every click."""
    with db.session() as s:
        row = find_link(s, token)
        return row.session_id if row is not None and row.revoked_at is None else None


def table_of(passport: FacilitatorPass) -> int | None:
    """The table a table host's link is for; None for a link for the whole session."""
    with db.session() as s:
        row = find_link(s, passport.token)
        return row.table_id if row is not None else None


def opens(passport: FacilitatorPass, session_id: int) -> bool:
    """Whether this pass still opens this session's console; notes the use when it does."""
    with db.session() as s:
        row = find_link(s, passport.token)
        if row is None or row.revoked_at is not None or row.session_id != session_id:
            return False
        row.last_used_at = utcnow()
        s.add(row)
        s.commit()
        return True
