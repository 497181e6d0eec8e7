"""Duplicate, delete completely, purge after the retention period, API tokens."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text

from dialoog import db
from dialoog.sessions import accounts, api_tokens, demo, facilitation, harvest, lifecycle, views
from dialoog.sessions.errors import NotFound


@pytest.fixture
def org(database):
    return accounts.create_organiser("org@example.nl", "een lang wachtwoord").id


def _rows_of(session_id: int) -> dict[str, int]:
    """Rows per table that belong to the session, by any session_id column or via its cards."""
    counts = {}
    with db.engine().connect() as c:
        for table in inspect(c).get_table_names():
            columns = {col["name"] for col in inspect(c).get_columns(table)}
            if table == "dialogue_session":
                n = c.execute(text("select count(*) from dialogue_session where id = :i"), {"i": session_id}).scalar()
            elif "session_id" in columns:
                n = c.execute(text(f"select count(*) from {table} where session_id = :i"), {"i": session_id}).scalar()
            elif "card_id" in columns:
                n = c.execute(text(f"select count(*) from {table} where card_id in "
                                   "(select id from card where session_id = :i)"), {"i": session_id}).scalar()
            else:
                continue
            counts[table] = n
    return counts


def test_deleting_a_session_leaves_no_row_of_it_in_any_table(org):
    sid = demo.seed_session(org, people=6, cards=20, turn_count=10)
    other = demo.seed_session(org, people=3, cards=6, turn_count=3, title="Andere sessie")
    snap = views.load_snapshot(sid)
    offer = next(c for c in snap.cards if c.kind == "aanbod")
    harvest.share_contact(sid, offer.participant_id, offer.id, "06 1234 5678")
    harvest.edit_as_facilitator(org, sid, snap.cards[0].id, "Nieuwe tekst")
    before = _rows_of(sid)
    assert before["card"] and before["turn_event"] and before["vote"] and before["contact"] and before["card_revision"]
    lifecycle.delete_session(org, sid)
    assert all(n == 0 for n in _rows_of(sid).values()), _rows_of(sid)
    assert views.load_snapshot(other).cards  # the other session is untouched


def test_only_the_owner_can_delete_or_duplicate(org):
    sid = facilitation.create_session(org, "Van mij")
    other = accounts.create_organiser("ander@example.nl", "een lang wachtwoord").id
    with pytest.raises(NotFound):
        lifecycle.delete_session(other, sid)
    with pytest.raises(NotFound):
        lifecycle.duplicate(other, sid)


def test_duplicate_copies_template_header_and_questions(org):
    sid = facilitation.create_session(org, "Buurtgesprek")
    snap = views.load_snapshot(sid)
    facilitation.update_question(org, sid, snap.phases[2].id, "Eigen vraag?")
    copy = views.load_snapshot(lifecycle.duplicate(org, sid))
    assert copy.title == "Buurtgesprek (kopie)" and copy.join_code != snap.join_code
    assert copy.phases[2].question == "Eigen vraag?" and copy.participants == () and copy.current_phase == -1


def test_purge_deletes_only_sessions_ended_before_the_retention_period(org):
    old, recent, running = (facilitation.create_session(org, t) for t in ("Oud", "Recent", "Loopt"))
    facilitation.close_session(org, old)
    facilitation.close_session(org, recent)
    later = datetime.now(timezone.utc) + timedelta(days=366)
    with db.session() as s:
        from dialoog.models import DialogueSession

        row = s.get(DialogueSession, recent)
        row.closed_at = later - timedelta(days=10)
        s.add(row)
        s.commit()
    assert lifecycle.purge_expired(365, now=later) == 1
    assert views.load_snapshot(old) is None
    assert views.load_snapshot(recent) is not None and views.load_snapshot(running) is not None


def test_api_tokens_are_stored_hashed_and_can_be_revoked(org):
    token = api_tokens.create(org, "Rapportage")
    assert token.startswith("dlg_") and api_tokens.organiser_for(token) == org
    [row] = api_tokens.listing(org)
    assert token not in row.token_hash and row.last_used_at is not None
    assert api_tokens.organiser_for("dlg_wrong") is None
    api_tokens.revoke(org, row.id)
    assert api_tokens.organiser_for(token) is None
