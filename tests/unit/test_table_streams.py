"""One turn stream per table (issue #15, step 1 of docs/tables.md): each table has its own rounds,
passes and undo; a phase change moves every table; a restart rebuilds every stream; a phone's
command goes to the stream of the table its person sits at. A session without tables is untouched
(the rest of the suite runs on that path)."""

import pytest
from sqlmodel import select

from dialoog import db
from dialoog.models import Participant, SessionTable, TurnEvent
from dialoog.sessions import accounts, engine, facilitation, fairness, participation, turns
from dialoog.sessions.errors import InvalidInput
from tests.unit.test_turns import FakeClock


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(turns, "clock", fake)
    return fake


def seat(session_id: int, pid: int, table: int) -> None:
    """What seating does (``tables._move_one``), by hand: the person's table, and the streams."""
    with db.session() as s:
        person = s.get(Participant, pid)
        old = person.table_id
        person.table_id = table
        s.add(person)
        leaving = turns.Pending(s, session_id, old)
        leaving.add(lambda at: engine.Moved(at=at, pid=pid))
        arriving = turns.Pending(s, session_id, table)
        arriving.add(lambda at: engine.Joined(at=at, pid=pid, has_phone=person.has_phone))
        s.commit()
    leaving.done()
    arriving.done()


@pytest.fixture
def two_tables(database, clock):
    """Six people at two tables of three, in the Kennismaken phase."""
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkdialoog")
    people = [participation.join(sid, name).id for name in ("Anna", "Bram", "Cor", "Dirk", "Eva", "Fien")]
    with db.session() as s:  # the rows alone: these tests seat people by hand (tables.py seats evenly)
        tables = [SessionTable(session_id=sid, position=i, name=f"Tafel {i + 1}") for i in range(2)]
        s.add_all(tables)
        s.commit()
        ids = [t.id for t in tables]
    for index, pid in enumerate(people):
        seat(sid, pid, ids[index // 3])
    facilitation.go_to_phase(org, sid, 1)
    return org, sid, ids, people


def test_each_table_runs_its_own_round(two_tables, clock):
    org, sid, (one, two), (anna, bram, cor, dirk, eva, fien) = two_tables
    assert turns.state(sid, one).present == (anna, bram, cor)
    assert turns.state(sid, two).present == (dirk, eva, fien)
    assert turns.state(sid).present == ()  # everyone moved from the group to a table

    turns.start_round(org, sid, table=one)
    turns.start_round(org, sid, table=two)
    assert turns.next_speaker(org, sid, table=one) == anna
    assert turns.next_speaker(org, sid, table=two) == dirk
    clock.now += 30
    assert turns.record_pass(org, sid, table=one) == anna  # a pass at table 1 …
    assert turns.state(sid, two).speaker == dirk  # … changes nothing at table 2
    assert turns.next_speaker(org, sid, table=one) == bram
    assert engine.still_to_hear(turns.state(sid, one)) == [cor, anna]  # Anna's second chance
    assert engine.still_to_hear(turns.state(sid, two)) == [eva, fien]


def test_undo_stays_at_its_table(two_tables, clock):
    org, sid, (one, two), (anna, _b, _c, dirk, _e, _f) = two_tables
    turns.start_round(org, sid, table=one)
    turns.start_round(org, sid, table=two)
    turns.give_turn(org, sid, anna, table=one)
    turns.give_turn(org, sid, dirk, table=two)
    turns.undo(org, sid, table=one)
    assert turns.state(sid, one).speaker is None
    assert turns.state(sid, two).speaker == dirk
    with pytest.raises(InvalidInput):
        turns.give_turn(org, sid, dirk, table=one)  # Dirk does not sit at table 1


def test_a_phone_speaks_in_the_stream_of_its_table(two_tables, clock):
    org, sid, (one, two), (_a, _b, _c, dirk, eva, _f) = two_tables
    turns.start_round(org, sid, table=two)
    turns.give_turn(org, sid, dirk, table=two)
    clock.now += 12
    assert turns.finish_turn(sid, dirk)  # Dirk's phone ends his turn at table 2
    assert turns.pass_turn(sid, eva)
    two_state = turns.state(sid, two)
    assert [t.pid for t in two_state.turns] == [dirk] and [p.pid for p in two_state.passes] == [eva]
    assert turns.state(sid, one).turns == () and turns.state(sid, one).round is None


def test_a_phase_change_moves_every_table_and_a_restart_rebuilds_them(two_tables, clock):
    org, sid, (one, two), (anna, *_rest) = two_tables
    turns.start_round(org, sid, table=one)
    turns.give_turn(org, sid, anna, table=one)
    clock.now += 20
    facilitation.go_to_phase(org, sid, 2)
    assert {turns.state(sid, t).phase for t in (None, one, two)} == {2}
    assert turns.state(sid, one).speaker is None  # the phase change ended Anna's turn
    before = {t: turns.state(sid, t) for t in (None, one, two)}

    assert turns.rebuild_open_sessions() == 1  # as after a restart: folded again from the database
    for table, state in before.items():
        assert turns.state(sid, table).applied == state.applied
    with db.session() as s:
        streams = {row.table_id for row in s.exec(select(TurnEvent).where(TurnEvent.session_id == sid))}
    assert streams == {None, one, two}


def test_someone_who_moves_keeps_their_history_at_the_old_table(two_tables, clock):
    org, sid, (one, two), (anna, bram, cor, *_rest) = two_tables
    turns.start_round(org, sid, table=one)
    turns.give_turn(org, sid, anna, table=one)
    clock.now += 40
    turns.end_turn(org, sid, table=one)
    seat(sid, anna, two)  # Anna moves to table 2
    one_state = turns.state(sid, one)
    assert anna not in one_state.present and anna not in one_state.absent  # moved, not absent
    assert engine.still_to_hear(one_state) == [bram, cor]
    figures = {p.pid: p for p in fairness.per_person(one_state)}
    assert figures[anna].turns == 1 and figures[anna].seconds == 40  # her turn stays table 1's
    assert anna in turns.state(sid, two).present


def test_a_copy_has_the_same_tables_empty_and_deleting_takes_the_tables_along(two_tables):
    from dialoog.sessions import lifecycle

    org, sid, _tables, _people = two_tables
    copy = lifecycle.duplicate(org, sid)
    with db.session() as s:
        names = s.exec(select(SessionTable.name).where(SessionTable.session_id == copy).order_by(SessionTable.position))
        assert names.all() == ["Tafel 1", "Tafel 2"]
        assert s.exec(select(Participant).where(Participant.session_id == copy)).all() == []
    lifecycle.delete_session(org, sid)
    with db.session() as s:
        assert s.exec(select(SessionTable).where(SessionTable.session_id == sid)).all() == []
        assert s.exec(select(TurnEvent).where(TurnEvent.session_id == sid)).all() == []
    assert turns.state(copy).present == ()
