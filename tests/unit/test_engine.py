"""The turn-taking engine: each rule by example. The invariants over any sequence of facilitator and
phone actions are checked by the state machine in test_engine_machine.py."""

import pytest

from dialoog.sessions import engine as e
from dialoog.sessions import fairness
from dialoog.sessions.engine import PARTICIPANT, apply, fold


class Clock:
    def __init__(self) -> None:
        self.t = 1_000.0

    def __call__(self, step: float = 10.0) -> float:
        self.t += step
        return self.t


@pytest.fixture
def clock():
    return Clock()


def seated(clock, *pids, phase=1, mode="round"):
    events = [e.Joined(at=clock(), pid=p, by=PARTICIPANT) for p in pids]
    events.append(e.PhaseChanged(at=clock(), phase=phase))
    events.append(e.RoundStarted(at=clock(), phase=phase, mode=mode))
    return fold(events)


def next_phase(s, clock, phase, mode=None):
    s = apply(s, e.PhaseChanged(at=clock(), phase=phase))
    return apply(s, e.RoundStarted(at=clock(), phase=phase, mode=mode)) if mode else s


# ---- rule 1: rounds, seating order, passing and the second chance -------------------------
def test_round_order_is_seating_order_and_completes_when_all_spoke(clock):
    s = seated(clock, 1, 2, 3)
    assert e.still_to_hear(s) == [1, 2, 3] and e.next_up(s) == 1
    for pid in (1, 2, 3):
        s = apply(s, e.TurnStarted(at=clock(), pid=pid))
        assert not e.round_complete(s)
    s = apply(s, e.TurnEnded(at=clock()))
    assert e.round_complete(s) and e.still_to_hear(s) == []


def test_facilitator_may_call_anyone_next(clock):
    s = seated(clock, 1, 2, 3)
    s = apply(s, e.TurnStarted(at=clock(), pid=3))
    assert s.speaker == 3 and e.still_to_hear(s) == [1, 2]


def test_a_pass_gets_a_second_chance_at_the_end_and_a_second_pass_closes_it(clock):
    s = seated(clock, 1, 2, 3)
    s = apply(s, e.TurnStarted(at=clock(), pid=1))
    s = apply(s, e.Passed(at=clock(), pid=1))
    assert s.speaker is None and e.still_to_hear(s) == [2, 3, 1]
    assert e.second_chance(s) == {1}
    for pid in (2, 3):
        s = apply(s, e.TurnStarted(at=clock(), pid=pid))
    s = apply(s, e.TurnEnded(at=clock()))
    assert not e.round_complete(s) and e.next_up(s) == 1
    s = apply(s, e.Passed(at=clock(), pid=1))
    assert e.round_complete(s)
    assert apply(s, e.Passed(at=clock(), pid=1)) is s  # a third pass changes nothing


def test_who_passed_and_then_speaks_has_spoken(clock):
    s = seated(clock, 1, 2)
    s = apply(s, e.Passed(at=clock(), pid=1))
    s = apply(s, e.TurnStarted(at=clock(), pid=2))
    s = apply(s, e.TurnStarted(at=clock(), pid=1))
    s = apply(s, e.TurnEnded(at=clock()))
    assert e.round_complete(s)
    assert [t.pid for t in s.turns] == [2, 1]


# ---- rule 2: one speaker at a time --------------------------------------------------------
def test_starting_a_turn_ends_the_previous_one(clock):
    s = seated(clock, 1, 2)
    s = apply(s, e.TurnStarted(at=1100.0, pid=1))
    s = apply(s, e.TurnStarted(at=1130.0, pid=2))
    assert s.speaker == 2 and s.turns[-1] == e.Turn(1, 1, 1100.0, 1130.0)


def test_a_phone_can_only_end_its_own_turn(clock):
    s = seated(clock, 1, 2)
    s = apply(s, e.TurnStarted(at=clock(), pid=1))
    assert apply(s, e.TurnEnded(at=clock(), pid=2, by=PARTICIPANT)) is s
    assert apply(s, e.TurnEnded(at=clock(), pid=1, by=PARTICIPANT)).speaker is None


# ---- rule 3: arrivals and absence ---------------------------------------------------------
def test_late_arrival_joins_the_current_round_at_the_end(clock):
    s = seated(clock, 1, 2)
    s = apply(s, e.Joined(at=clock(), pid=9))
    assert s.round.order == (1, 2, 9) and e.still_to_hear(s) == [1, 2, 9]


def test_absent_leaves_the_list_is_not_a_pass_and_does_not_block_the_round(clock):
    s = seated(clock, 1, 2, 3)
    s = apply(s, e.TurnStarted(at=clock(), pid=2))
    s = apply(s, e.MarkedAbsent(at=clock(), pid=2))
    assert s.speaker is None and [t.pid for t in s.turns] == [2]  # the turn ended, and counts
    s = apply(s, e.MarkedAbsent(at=clock(), pid=3))
    assert e.still_to_hear(s) == [1] and s.passes == ()
    s = apply(s, e.TurnStarted(at=clock(), pid=1))
    s = apply(s, e.TurnEnded(at=clock()))
    assert e.round_complete(s)
    s = apply(s, e.Returned(at=clock(), pid=3))
    assert not e.round_complete(s) and e.still_to_hear(s) == [3]


def test_who_leaves_mid_turn_is_asked_again_on_return(clock):
    s = seated(clock, 1, 2)
    s = apply(s, e.TurnStarted(at=clock(), pid=1))
    s = apply(s, e.MarkedAbsent(at=clock(), pid=1))
    assert s.turns[-1].heard is False and fairness.per_person(s)[0].seconds > 0
    s = apply(s, e.Returned(at=clock(), pid=1))
    assert e.still_to_hear(s) == [1, 2]


def test_arrivals_and_returns_do_not_reopen_an_earlier_phase(clock):
    s = seated(clock, 1, 2, phase=3)
    s = apply(s, e.MarkedAbsent(at=clock(), pid=2))
    s = apply(s, e.TurnStarted(at=clock(), pid=1))
    s = apply(s, e.TurnEnded(at=clock()))
    assert e.round_complete(s)
    s = next_phase(s, clock, 5)  # Doen: no round yet
    s = apply(s, e.Joined(at=clock(), pid=7, by=PARTICIPANT))
    s = apply(s, e.Returned(at=clock(), pid=2))
    assert e.summary_ready(s) and e.incomplete_phases(s) == []
    assert s.rounds[-1].order == (1, 2)  # the Dromen round took no newcomers


def test_undo_of_a_phase_change_brings_back_the_phase_and_the_speaker(clock):
    s = seated(clock, 1, 2)
    before = apply(s, e.TurnStarted(at=clock(), pid=1))
    moved = apply(before, e.PhaseChanged(at=clock(), phase=2))
    assert moved.speaker is None and moved.live_round is None
    assert apply(moved, e.Undo(at=clock())) == before


def test_absent_people_cannot_be_given_a_turn(clock):
    s = seated(clock, 1, 2)
    s = apply(s, e.MarkedAbsent(at=clock(), pid=2))
    assert apply(s, e.TurnStarted(at=clock(), pid=2)) is s


# ---- rule 4: open mode -------------------------------------------------------------------
def test_open_mode_progressive_stack_then_first_come_first_served(clock):
    s = seated(clock, 1, 2, 3)
    for pid in (1, 1, 2):  # 1 spoke twice, 2 once, 3 never
        s = apply(s, e.TurnStarted(at=clock(), pid=pid))
        s = apply(s, e.TurnEnded(at=clock()))
    s = next_phase(s, clock, 4, "open")
    for pid in (1, 2, 3):
        s = apply(s, e.HandRaised(at=clock(), pid=pid, by=PARTICIPANT))
    assert e.hand_queue(s) == [3, 2, 1] and e.next_up(s) == 3
    s = apply(s, e.QueueModeChanged(at=clock(), mode="fifo"))
    assert e.hand_queue(s) == [1, 2, 3]
    s = apply(s, e.TurnStarted(at=clock(), pid=1))
    assert e.hand_queue(s) == [2, 3]  # the speaker's hand goes down
    s = apply(s, e.HandLowered(at=clock(), pid=3, by=PARTICIPANT))
    assert e.hand_queue(s) == [2]


# ---- rule 5: undo ---------------------------------------------------------------------------
def test_undo_takes_back_the_last_facilitator_action_only(clock):
    s = seated(clock, 1, 2)
    before = apply(s, e.TurnStarted(at=clock(), pid=1))
    after = apply(before, e.Passed(at=clock(), pid=1))
    assert apply(after, e.Undo(at=clock())) == before
    with_hand = apply(after, e.HandRaised(at=clock(), pid=2, by=PARTICIPANT))
    undone = apply(with_hand, e.Undo(at=clock()))
    assert undone.speaker == 1 and e.hand_queue(undone) == [2]  # the phone's hand stays up


def test_arrivals_are_not_undone(clock):
    s = fold([e.Joined(at=clock(), pid=1, by=e.FACILITATOR, has_phone=False)])
    assert apply(s, e.Undo(at=clock())) is s


# ---- rule 6: time ---------------------------------------------------------------------------
def test_speaking_time_comes_from_the_event_times(clock):
    s = seated(clock, 1, 2)
    s = apply(s, e.TurnStarted(at=2000.0, pid=1))
    s = apply(s, e.TurnStarted(at=2090.0, pid=2))
    figures = {f.pid: f for f in fairness.per_person(s, now=2120.0)}
    assert figures[1].seconds == 90 and figures[2].seconds == 30
    assert figures[1].share == pytest.approx(0.75)


def test_a_clock_that_steps_back_never_gives_negative_time(clock):
    s = seated(clock, 1)
    s = apply(s, e.TurnStarted(at=5000.0, pid=1))
    s = apply(s, e.TurnEnded(at=4990.0))
    assert s.turns[-1].seconds == 0


def test_soft_limit_is_per_phase_with_a_default_of_three_minutes(clock):
    s = seated(clock, 1, phase=2)
    assert e.soft_limit(s) == 180
    s = apply(s, e.SoftLimitChanged(at=clock(), phase=2, seconds=120))
    assert e.soft_limit(s) == 120 and e.soft_limit(s, 3) == 180


def test_round_order_given_at_the_start_is_kept(clock):
    s = fold([e.Joined(at=clock(), pid=p, by=PARTICIPANT) for p in (1, 2, 3)])
    s = apply(s, e.PhaseChanged(at=clock(), phase=1))
    s = apply(s, e.RoundStarted(at=clock(), phase=1, order=(3, 1)))
    assert s.round.order == (3, 1, 2)  # whoever the stored order missed still gets a place


# ---- rule 7: fairness figures -----------------------------------------------------------------
def test_gini_is_zero_for_equal_time_and_high_for_one_talker():
    assert fairness.gini([60, 60, 60]) == 0
    assert fairness.gini([0, 0, 0, 300]) == pytest.approx(0.75)
    assert fairness.gini([]) == 0


def test_per_phase_totals(clock):
    s = seated(clock, 1, 2, phase=2)
    s = apply(s, e.TurnStarted(at=3000.0, pid=1))
    s = apply(s, e.Passed(at=3060.0, pid=2))
    s = apply(s, e.PhaseChanged(at=3100.0, phase=3))
    s = apply(s, e.RoundStarted(at=3100.0, phase=3))
    [p2, p3] = fairness.per_phase(s)
    assert (p2.phase, p2.turns, p2.passes, p2.seconds) == (2, 1, 1, 100.0)
    assert (p3.phase, p3.turns) == (3, 0)


# ---- rule 8: the export gate ------------------------------------------------------------------
def test_summary_gate_needs_complete_rounds_or_an_override(clock):
    assert e.summary_ready(e.INITIAL)
    s = seated(clock, 1, 2)
    assert not e.summary_ready(s) and e.incomplete_phases(s) == [1]
    s2 = apply(s, e.GateOverridden(at=clock(), reason="  Bram moest eerder weg  "))
    assert e.summary_ready(s2) and s2.override == "Bram moest eerder weg"
    assert apply(s, e.GateOverridden(at=clock(), reason="   ")) is s
    for pid in (1, 2):
        s = apply(s, e.TurnStarted(at=clock(), pid=pid))
    s = apply(s, e.TurnEnded(at=clock()))
    assert e.summary_ready(s)
    s = next_phase(s, clock, 2, "open")
    assert e.summary_ready(s)  # an open round is not a round phase


def test_events_survive_storage_as_records(clock):
    events = [
        e.Joined(at=1.0, pid=1, has_phone=False), e.OrderChanged(at=2.0, order=(2, 1)),
        e.DisplayChanged(at=3.0, timer=True, names=False), e.TurnEnded(at=4.0, pid=None, by=PARTICIPANT),
    ]
    for event in events:
        assert e.from_record(*e.to_record(event)) == event

