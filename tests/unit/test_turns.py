"""Turn-taking commands over a real database: stored events, restart, gate, undo."""

import pytest
from sqlmodel import select

from dialoog import db
from dialoog.models import TurnEvent
from dialoog.sessions import accounts, engine, facilitation, fairness, participation, turns, views
from dialoog.sessions.errors import InvalidInput, NotFound


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(turns, "clock", fake)
    return fake


@pytest.fixture
def room(database, clock):
    """An organiser, a session in the Kennismaken phase and three people: Anna, Bram, Cor."""
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkdialoog")
    people = [participation.join(sid, n).id for n in ("Anna", "Bram", "Cor")]
    facilitation.go_to_phase(org, sid, 1)
    return org, sid, people


def test_a_full_round_with_a_pass_and_its_second_chance(room, clock, published):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    assert turns.next_speaker(org, sid) == anna
    clock.now += 5
    assert turns.record_pass(org, sid) == anna  # the pass is for whoever has the turn
    assert turns.next_speaker(org, sid) == bram
    clock.now += 60
    assert turns.next_speaker(org, sid) == cor
    clock.now += 90
    assert turns.next_speaker(org, sid) == anna  # tweede kans at the end
    clock.now += 30
    assert not turns.summary_ready(sid)
    assert turns.next_speaker(org, sid) is None  # ends Anna's turn: everyone heard
    state = turns.state(sid)
    assert engine.round_complete(state) and turns.summary_ready(sid)
    assert [(t.pid, t.seconds) for t in state.turns] == [(bram, 60), (cor, 90), (anna, 30)]
    assert [p.pid for p in state.passes] == [anna]
    with pytest.raises(InvalidInput, match="Iedereen is gehoord"):
        turns.next_speaker(org, sid)
    assert (sid, "turns") in published.events

    # Nobody has the turn: a pass goes to whoever is next.
    turns.start_round(org, sid)
    assert turns.record_pass(org, sid) == anna


def test_state_is_rebuilt_exactly_from_stored_events(room, clock):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    turns.next_speaker(org, sid)
    clock.now += 42
    turns.record_pass(org, sid, bram)
    turns.give_turn(org, sid, cor)
    before = turns.state(sid)
    turns.forget_all()  # as after a restart
    assert turns.state(sid) == before
    assert before.speaker == cor and engine.still_to_hear(before) == [bram]


def test_joined_is_stored_with_the_participant_in_one_transaction(room):
    org, sid, people = room
    with db.session() as s:
        kinds = [r.kind for r in s.exec(select(TurnEvent).where(TurnEvent.session_id == sid)).all()]
    assert kinds == ["Joined"] * 3 + ["PhaseChanged"]
    assert turns.state(sid).seating == tuple(people)


def test_participant_without_phone_takes_part_like_the_others(room):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    dirk = facilitation.add_participant_without_phone(org, sid, "Dirk")
    snap = views.load_snapshot(sid)
    assert snap.participant(dirk).has_phone is False
    assert engine.still_to_hear(snap.turns) == [anna, bram, cor, dirk]  # late arrival at the end
    turns.give_turn(org, sid, dirk)
    assert turns.state(sid).speaker == dirk


def test_absent_is_reported_as_absent_not_as_passed(room):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    turns.mark_absent(org, sid, bram)
    state = turns.state(sid)
    assert engine.still_to_hear(state) == [anna, cor] and state.passes == ()
    figures = {f.pid: f for f in fairness.per_person(state)}
    assert figures[bram].present is False and figures[bram].passes == 0


def test_undo_restores_the_previous_state(room, clock):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    turns.next_speaker(org, sid)
    before = turns.state(sid)
    clock.now += 5
    turns.next_speaker(org, sid)
    turns.undo(org, sid)
    assert turns.state(sid) == before
    turns.forget_all()
    assert turns.state(sid) == before  # the undo is stored too


def test_going_to_another_phase_ends_the_turn_and_undo_goes_back(room, clock):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    turns.next_speaker(org, sid)
    before = turns.state(sid)
    clock.now += 20
    facilitation.next_phase(org, sid)
    state = turns.state(sid)
    assert state.speaker is None and state.turns[-1].seconds == 20
    turns.undo(org, sid)
    assert turns.state(sid) == before
    assert views.load_snapshot(sid).current_phase == 1


def test_phone_commands_are_refused_once_the_session_is_closed(room):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    facilitation.close_session(org, sid)
    from dialoog.sessions.errors import SessionClosed

    with pytest.raises(SessionClosed):
        turns.raise_hand(sid, anna)


def test_phone_actions(room):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    turns.give_turn(org, sid, anna)
    assert not turns.finish_turn(sid, bram)  # not Bram's turn: nothing happens
    assert turns.finish_turn(sid, anna)
    assert turns.raise_hand(sid, cor) and not turns.raise_hand(sid, cor)
    assert engine.hand_queue(turns.state(sid)) == [cor]
    assert turns.lower_hand(sid, cor)
    assert turns.pass_turn(sid, bram)
    with pytest.raises(InvalidInput, match="Passen kan nu niet"):
        turns.pass_turn(sid, anna)  # Anna already spoke


def test_gate_override_needs_a_reason(room):
    org, sid, _ = room
    turns.start_round(org, sid)
    with pytest.raises(InvalidInput, match="waarom"):
        turns.override_gate(org, sid, "  ")
    turns.override_gate(org, sid, "Twee mensen moesten eerder weg")
    assert turns.summary_ready(sid) and turns.state(sid).override == "Twee mensen moesten eerder weg"


def test_rounds_need_a_phase_with_a_round_and_only_the_owner_may_act(database, clock):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkdialoog")
    participation.join(sid, "Anna")
    with pytest.raises(InvalidInput, match="Er is niets om ongedaan te maken"):
        turns.undo(org, sid)  # an arrival is not the facilitator's to take back
    with pytest.raises(InvalidInput, match="Kies eerst een fase"):
        turns.start_round(org, sid)
    facilitation.go_to_phase(org, sid, 0)
    with pytest.raises(InvalidInput, match="geen ronde"):
        turns.start_round(org, sid)
    facilitation.go_to_phase(org, sid, 1)
    other = accounts.create_organiser("ander@example.nl", "een lang wachtwoord").id
    with pytest.raises(NotFound):
        turns.start_round(other, sid)


def test_move_in_order(room):
    org, sid, (anna, bram, cor) = room
    turns.start_round(org, sid)
    turns.move_in_order(org, sid, cor, -2)
    assert turns.state(sid).round.order == (cor, anna, bram)
    assert turns.next_speaker(org, sid) == cor
