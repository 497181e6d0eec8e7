"""API tokens: an organiser creates one to fetch summaries; only a hash is kept."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import select

from dialoog import db
from dialoog.models import ApiToken, utcnow
from dialoog.sessions.access import organiser
from dialoog.sessions.errors import InvalidInput, NotFound
from dialoog.sessions.text import clean_line


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(organiser_id: int, name: str) -> str:
    """A new token, shown once: 'dlg_' and 40 random characters."""
    organiser_id = organiser(organiser_id)  # never for a facilitator link
    name = clean_line(name)[:80]
    if not name:
        raise InvalidInput("Geef de sleutel een naam, bijvoorbeeld waar je hem gebruikt.")
    token = "dlg_" + secrets.token_urlsafe(30)
    with db.session() as s:
        s.add(ApiToken(organiser_id=organiser_id, name=name, token_hash=_hash(token)))
        s.commit()
    return token


def organiser_for(token: str) -> int | None:
    """The organiser a token belongs to, or None."""
    if not token.startswith("dlg_"):
        return None
    with db.session() as s:
        row = s.exec(select(ApiToken).where(ApiToken.token_hash == _hash(token))).first()
        if row is None:
            return None
        row.last_used_at = utcnow()
        s.add(row)
        s.commit()
        return row.organiser_id


def listing(organiser_id: int) -> list[ApiToken]:
    """The organiser's tokens, oldest first (names and dates; the tokens themselves are not kept)."""
    organiser_id = organiser(organiser_id)
    with db.session() as s:
        return list(s.exec(select(ApiToken).where(ApiToken.organiser_id == organiser_id).order_by(ApiToken.id)).all())


def revoke(organiser_id: int, token_id: int) -> None:
    """Delete one of the organiser's tokens; it stops working at once."""
    organiser_id = organiser(organiser_id)
    with db.session() as s:
        row = s.get(ApiToken, token_id)
        if row is None or row.organiser_id != organiser_id:
            raise NotFound("Deze sleutel bestaat niet meer.")
        s.delete(row)
        s.commit()
