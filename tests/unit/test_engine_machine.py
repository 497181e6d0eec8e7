"""The turn-taking engine as a state machine: hypothesis plays the facilitator and the phones with
the actions they really have (join, leave, come back, change phase, start a round, give the turn,
pass, end a turn, raise a hand, undo, ...), and after every event checks the engine against a small
model of the session and against the rules of PRODUCT.md ("The turn-taking engine — rules").

The model is written plainly, per rule, without the engine's code: who is present, the rounds with
who spoke and how often each person passed, the speaker, the hands, the turn and pass logs. An
event the model says changes nothing must give back the very same state (the service stores only
events that count); one that counts must give the state the model describes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from dialoog.sessions import engine as e
from dialoog.sessions import fairness
from dialoog.sessions.engine import FACILITATOR, PARTICIPANT, apply, fold

MAX_SEATS = 6
ANY_PID = st.integers(1, MAX_SEATS + 2)  # for stray events: also people who never came


def takes_back(event: e.Event) -> bool:
    """Rule 8: every facilitator action can be undone; an arrival cannot (the person is really here)."""
    return event.by == FACILITATOR and not isinstance(event, (e.Joined, e.Moved, e.Undo))


def is_subsequence(part, whole) -> bool:
    rest = iter(whole)
    return all(any(item == other for other in rest) for item in part)


# ---- the model ------------------------------------------------------------------------------
@dataclass
class ModelRound:
    phase: int
    mode: str
    order: list[int]
    started_at: float
    spoke: set[int] = field(default_factory=set)
    passes: Counter = field(default_factory=Counter)  # passes per person in this round
    final_present: frozenset[int] | None = None  # set when the round is left behind

    def done(self, pid: int) -> bool:
        """Heard: spoke, or passed twice (the second chance was declined too)."""
        return pid in self.spoke or self.passes[pid] >= 2


class Model:
    def __init__(self) -> None:
        self.seating: list[int] = []
        self.absent: set[int] = set()
        self.no_phone: set[int] = set()
        self.phase = -1
        self.rounds: list[ModelRound] = []
        self.speaker: int | None = None
        self.since = 0.0
        self.hands: list[tuple[int, float]] = []
        self.queue_mode = "progressive"
        self.turns: list[tuple[int, int, float, float, bool]] = []  # pid, phase, start, end, heard
        self.passes: list[tuple[int, int, float]] = []  # pid, phase, at
        self.display = (False, False)
        self.soft: dict[int, int] = {}
        self.override = ""
        self.accepted: list[e.Event] = []  # the events that counted, undone ones taken out

    # -- what the facilitator sees
    @property
    def present(self) -> list[int]:
        return [p for p in self.seating if p not in self.absent]

    @property
    def latest(self) -> ModelRound | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def live(self) -> ModelRound | None:
        rnd = self.latest
        return rnd if rnd and rnd.phase == self.phase and rnd.final_present is None else None

    def still_to_hear(self) -> list[int]:
        rnd = self.live
        if rnd is None or rnd.mode != "round":
            return []
        waiting = [p for p in rnd.order if p in self.present and not rnd.done(p) and p != self.speaker]
        return [p for p in waiting if rnd.passes[p] == 0] + [p for p in waiting if rnd.passes[p] == 1]

    def second_chance(self) -> set[int]:
        rnd = self.live
        return {p for p, n in rnd.passes.items() if n == 1 and p not in rnd.spoke} if rnd else set()

    def hand_queue(self) -> list[int]:
        if self.queue_mode == "fifo":
            return [p for p, _ in sorted(self.hands, key=lambda h: h[1])]
        spoken = Counter(t[0] for t in self.turns)
        return [p for p, _ in sorted(self.hands, key=lambda h: (spoken[h[0]], h[1]))]

    def next_up(self) -> int | None:
        rnd = self.live
        if rnd is None:
            return None
        queue = self.still_to_hear() if rnd.mode == "round" else self.hand_queue()
        return queue[0] if queue else None

    def pending(self, rnd: ModelRound) -> list[int]:
        present = rnd.final_present if rnd.final_present is not None else set(self.present)
        return [p for p in rnd.order if p in present and not rnd.done(p)]

    def complete(self, rnd: ModelRound | None) -> bool:
        return rnd is not None and rnd.mode == "round" and not self.pending(rnd)

    def incomplete_phases(self) -> list[int]:
        latest = {r.phase: r for r in self.rounds if r.mode == "round"}
        return [phase for phase, r in latest.items() if not self.complete(r)]

    # -- what an event does; True when it counts
    def take(self, ev: e.Event) -> bool:
        if isinstance(ev, e.Undo):
            undoable = [i for i, old in enumerate(self.accepted) if takes_back(old)]
            if not undoable:
                return False
            kept = self.accepted[: undoable[-1]] + self.accepted[undoable[-1] + 1:]
            fresh = Model()
            for old in kept:
                fresh.take(old)
            self.__dict__ = fresh.__dict__
            return True
        if not self._take(ev):
            return False
        self.accepted.append(ev)
        return True

    def _end_turn(self, at: float, heard: bool = True) -> None:
        if self.speaker is None:
            return
        rnd = self.latest
        self.turns.append((self.speaker, rnd.phase if rnd else -1, self.since, max(at, self.since), heard))
        if rnd and heard:
            rnd.spoke.add(self.speaker)
        self.speaker, self.since = None, 0.0

    def _leave_behind(self) -> None:
        rnd = self.latest
        if rnd and rnd.final_present is None:
            rnd.final_present = frozenset(self.present)

    def _lower(self, pid: int) -> None:
        self.hands = [h for h in self.hands if h[0] != pid]

    def _take(self, ev: e.Event) -> bool:  # noqa: C901 - one branch per event
        rnd, live = self.latest, self.live
        present = self.present
        if isinstance(ev, e.Joined):  # late arrivals join this phase's round at the end
            if ev.pid in self.seating:
                return False
            self.seating.append(ev.pid)
            if not ev.has_phone:
                self.no_phone.add(ev.pid)
            if live and ev.pid not in live.order:
                live.order.append(ev.pid)
        elif isinstance(ev, e.MarkedAbsent):  # absent is not a pass; a turn cut short is asked again
            if ev.pid not in present:
                return False
            if self.speaker == ev.pid:
                self._end_turn(ev.at, heard=False)
            self._lower(ev.pid)
            self.absent.add(ev.pid)
        elif isinstance(ev, e.Moved):  # to another table: out of this one's seating, no absence
            if ev.pid not in self.seating:
                return False
            if self.speaker == ev.pid:
                self._end_turn(ev.at, heard=False)
            self._lower(ev.pid)
            self.seating.remove(ev.pid)
            self.absent.discard(ev.pid)
        elif isinstance(ev, e.Returned):
            if ev.pid not in self.absent:
                return False
            self.absent.discard(ev.pid)
            if live and ev.pid not in live.order:
                live.order.append(ev.pid)
        elif isinstance(ev, e.PhaseChanged):
            if ev.phase == self.phase:
                return False
            self._end_turn(ev.at)
            if rnd and rnd.phase == ev.phase:
                rnd.final_present = None  # back to the latest round's phase: it takes arrivals again
            elif rnd:
                self._leave_behind()
            self.phase, self.hands = ev.phase, []
        elif isinstance(ev, e.RoundStarted):
            if ev.mode not in ("round", "open"):
                return False
            order = [p for p in ev.order if p in present] if ev.order else list(present)
            order += [p for p in present if p not in order]
            self._end_turn(ev.at)
            self._leave_behind()
            self.rounds.append(ModelRound(ev.phase, ev.mode, order, ev.at))
            self.hands = []
        elif isinstance(ev, e.TurnStarted):  # one speaker at a time
            if live is None or ev.pid not in present or ev.pid == self.speaker:
                return False
            self._end_turn(ev.at)
            self._lower(ev.pid)
            self.speaker, self.since = ev.pid, ev.at
        elif isinstance(ev, e.TurnEnded):
            if self.speaker is None or ev.pid not in (None, self.speaker):
                return False
            self._end_turn(ev.at)
        elif isinstance(ev, e.Passed):  # one more offer at the end of the round, never a third
            if live is None or live.mode != "round" or ev.pid not in present or ev.pid not in live.order:
                return False
            if live.done(ev.pid):
                return False
            live.passes[ev.pid] += 1
            if self.speaker == ev.pid:
                self.speaker, self.since = None, 0.0
            self.passes.append((ev.pid, live.phase, ev.at))
        elif isinstance(ev, e.HandRaised):
            if live is None or ev.pid not in present or ev.pid == self.speaker or ev.pid in dict(self.hands):
                return False
            self.hands.append((ev.pid, ev.at))
        elif isinstance(ev, e.HandLowered):
            if ev.pid not in dict(self.hands):
                return False
            self._lower(ev.pid)
        elif isinstance(ev, e.OrderChanged):
            if live is None or sorted(ev.order) != sorted(live.order) or list(ev.order) == live.order:
                return False
            live.order = list(ev.order)
        elif isinstance(ev, e.QueueModeChanged):
            if ev.mode not in ("progressive", "fifo") or ev.mode == self.queue_mode:
                return False
            self.queue_mode = ev.mode
        elif isinstance(ev, e.DisplayChanged):
            if (ev.timer, ev.names) == self.display:
                return False
            self.display = (ev.timer, ev.names)
        elif isinstance(ev, e.SoftLimitChanged):
            if ev.seconds <= 0 or ev.seconds == self.soft.get(ev.phase, e.DEFAULT_SOFT_LIMIT):
                return False
            self.soft[ev.phase] = ev.seconds
        elif isinstance(ev, e.GateOverridden):
            reason = ev.reason.strip()
            if not reason or reason == self.override:
                return False
            self.override = reason
        else:
            return False
        return True


def log_oracle_complete(state: e.State) -> bool:
    """Rule 1 read from the turn and pass logs since the latest round began (not from its own sets)."""
    rnd = state.round
    if rnd is None or rnd.mode != "round":
        return False
    spoke = {t.pid for t in state.turns if t.start >= rnd.started_at and t.heard}
    passes = Counter(p.pid for p in state.passes if p.at >= rnd.started_at)
    present = rnd.final_present if rnd.final_present is not None else set(state.present)
    return not [p for p in rnd.order if p in present and p not in spoke and passes[p] < 2]


# ---- the machine ----------------------------------------------------------------------------
class EngineMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = e.INITIAL
        self.model = Model()
        self.stored: list[e.Event] = []  # what the service would have written, Undo events too
        self.at = 1_000.0
        self.next_pid = 1
        self.setup = 0  # events that seated the table and started its first round

    # -- sending one event, and everything checked after it
    def send(self, make, by: str = FACILITATOR) -> e.State:
        self.at += 1.0  # the service stamps events with a clock that never goes back
        event = make(self.at, by)
        before = self.state
        after = apply(before, event)
        counts = self.model.take(event)
        assert (after is not before) == counts, f"{event}: the model says it {'counts' if counts else 'changes nothing'}"
        if counts:
            self.stored.append(event)
        self.state = after
        if counts and takes_back(event):  # undo right after an action gives back the state before it
            assert apply(after, e.Undo(at=self.at)) == before
        if isinstance(event, e.Undo) and counts:  # undo drops exactly the last undoable event
            index = max(i for i, old in enumerate(before.applied) if takes_back(old))
            kept = before.applied[:index] + before.applied[index + 1:]
            assert after == fold(kept)
            assert is_subsequence(after.applied, kept)  # later events stay, unless they no longer count
        self.check_model()
        self.check_second_chance(event, before)
        self.check_fairness()
        return after

    def check_model(self) -> None:
        s, m = self.state, self.model
        assert list(s.seating) == m.seating and s.absent == m.absent and s.no_phone == m.no_phone
        assert s.phase == m.phase and (s.speaker, s.speaker_since) == (m.speaker, m.since)
        assert [(r.phase, r.mode, list(r.order), r.started_at, r.final_present) for r in s.rounds] == [
            (r.phase, r.mode, r.order, r.started_at, r.final_present) for r in m.rounds
        ]
        assert [(r.spoke, r.passed_once, r.passed_twice) for r in s.rounds] == [
            (r.spoke, {p for p, n in r.passes.items() if n >= 1}, {p for p, n in r.passes.items() if n >= 2})
            for r in m.rounds
        ]
        assert [(t.pid, t.phase, t.start, t.end, t.heard) for t in s.turns] == m.turns
        assert [(p.pid, p.phase, p.at) for p in s.passes] == m.passes
        assert list(s.hands) == m.hands and s.queue_mode == m.queue_mode
        assert (s.show_timer, s.show_names) == m.display and dict(s.soft_limits) == m.soft
        assert s.override == m.override
        assert list(s.applied) == m.accepted
        # rule 4: who has not yet been heard; rule 5: the hand queue; what the engine suggests
        assert e.still_to_hear(s) == m.still_to_hear()
        assert e.second_chance(s) == m.second_chance()
        assert e.hand_queue(s) == m.hand_queue()
        assert e.next_up(s) == m.next_up()
        # rule 1: a round is complete exactly when every present participant spoke or passed twice
        assert e.round_complete(s) == m.complete(m.latest) == log_oracle_complete(s)
        for engine_round, model_round in zip(s.rounds, m.rounds):
            assert e.pending(s, engine_round) == m.pending(model_round)
            assert e.round_complete(s, engine_round) == m.complete(model_round)
        # rule 9: the export gate
        assert e.incomplete_phases(s) == m.incomplete_phases()
        assert e.summary_ready(s) == (bool(m.override) or not m.incomplete_phases())
        # rule 2: one speaker at a time, present, after the previous turn
        assert all(t.start <= t.end for t in s.turns)
        assert all(a.end <= b.start for a, b in zip(s.turns, s.turns[1:]))
        if s.speaker is not None:
            assert s.speaker in s.present and s.live_round is not None
            assert not s.turns or s.speaker_since >= s.turns[-1].end

    def check_second_chance(self, event: e.Event, before: e.State) -> None:
        """Rule 3 on its own terms: one more offer at the end of the round, and no third."""
        s = self.state
        waiting, again = e.still_to_hear(s), e.second_chance(s)
        assert waiting == [p for p in waiting if p not in again] + [p for p in waiting if p in again]
        rnd = s.live_round
        if rnd is not None and rnd.mode == "round":
            offered = {p for p in again if p in s.present_set and p in rnd.order and p != s.speaker}
            assert offered <= set(waiting), "someone who passed once is not offered again"
        if not isinstance(event, e.Passed) or s is before:
            return
        times = self.model.live.passes[event.pid]
        assert s.speaker != event.pid  # passing is not speaking
        if times == 1 and event.pid not in rnd.spoke:  # first pass: offered again, at the end
            assert event.pid in again and event.pid in waiting
            assert not e.round_complete(s)
        elif times == 2:  # second pass: closed for this round, never offered a third time
            assert event.pid not in waiting and event.pid not in again
            assert event.pid not in e.pending(s, s.round)
            assert apply(s, e.Passed(at=self.at, pid=event.pid)) is s

    def check_fairness(self) -> None:
        s, now = self.state, self.at
        people, phases = fairness.per_person(s, now=now), fairness.per_phase(s, now=now)
        running = 1 if s.speaker is not None else 0
        assert all(p.seconds >= 0 and p.turns >= 0 and p.passes >= 0 and 0 <= p.share <= 1 for p in people)
        assert all(ph.seconds >= 0 and ph.turns >= 0 and ph.passes >= 0 for ph in phases)
        total = sum(t[3] - t[2] for t in self.model.turns) + (now - s.speaker_since if running else 0)
        assert sum(p.seconds for p in people) == pytest.approx(total)
        assert sum(ph.seconds for ph in phases) == pytest.approx(total)
        assert sum(p.share for p in people) == pytest.approx(1.0 if total else 0.0)
        assert sum(p.turns for p in people) == sum(ph.turns for ph in phases) == len(self.model.turns) + running
        assert sum(p.passes for p in people) == sum(ph.passes for ph in phases) == len(self.model.passes)
        assert -1e-9 <= fairness.speaking_gini(s, now=now) <= 1

    @invariant()
    def a_restart_rebuilds_exactly(self) -> None:
        """Rule 10: the stored records, folded again, give this very state; so does its own log."""
        records = [e.to_record(event) for event in self.stored]
        assert fold(e.from_record(*record) for record in records) == self.state
        assert fold(self.state.applied) == self.state

    # -- the helpers the rules use
    def _live_in_round_mode(self) -> bool:
        rnd = self.state.live_round
        return rnd is not None and rnd.mode == "round"

    # -- the table sits down: a round in seating order for phase 1
    @initialize(size=st.integers(2, 5), phones=st.lists(st.booleans(), min_size=5, max_size=5))
    def a_table_sits_down(self, size: int, phones: list[bool]) -> None:
        for has_phone in phones[:size]:
            self.join(has_phone)
        self.send(lambda at, by: e.PhaseChanged(at=at, phase=1, by=by))
        self.send(lambda at, by: e.RoundStarted(at=at, phase=1, mode="round", by=by))
        self.setup = len(self.state.applied)

    # -- arrivals, leaving, coming back (rule 6)
    @precondition(lambda self: len(self.state.seating) < MAX_SEATS)
    @rule(has_phone=st.booleans())
    def join(self, has_phone: bool) -> None:
        pid, self.next_pid = self.next_pid, self.next_pid + 1
        by = PARTICIPANT if has_phone else FACILITATOR  # without a phone the facilitator adds them
        self.send(lambda at, by: e.Joined(at=at, pid=pid, has_phone=has_phone, by=by), by)

    @precondition(lambda self: self.state.present)
    @rule(data=st.data())
    def someone_leaves(self, data) -> None:
        pid = data.draw(st.sampled_from(self.state.present))
        self.send(lambda at, by: e.MarkedAbsent(at=at, pid=pid, by=by))

    @precondition(lambda self: self.state.seating)
    @rule(data=st.data())
    def someone_moves_to_another_table(self, data) -> None:
        pid = data.draw(st.sampled_from(self.state.seating))
        self.send(lambda at, by: e.Moved(at=at, pid=pid, by=by))

    @precondition(lambda self: set(range(1, self.next_pid)) - set(self.state.seating))
    @rule(data=st.data(), has_phone=st.booleans())
    def someone_moves_back(self, data, has_phone: bool) -> None:
        pid = data.draw(st.sampled_from(sorted(set(range(1, self.next_pid)) - set(self.state.seating))))
        self.send(lambda at, by: e.Joined(at=at, pid=pid, has_phone=has_phone, by=by), PARTICIPANT)

    @precondition(lambda self: self.state.absent)
    @rule(data=st.data())
    def someone_comes_back(self, data) -> None:
        pid = data.draw(st.sampled_from(sorted(self.state.absent)))
        self.send(lambda at, by: e.Returned(at=at, pid=pid, by=by))

    # -- phases and rounds
    @rule(phase=st.integers(-1, 4), mode=st.sampled_from([None, "round", "round", "open"]), data=st.data())
    def move_on(self, phase: int, mode: str | None, data) -> None:
        """The facilitator moves to a phase (or stays) and may start its round: the stored seating
        order may miss people, the engine adds them."""
        self.send(lambda at, by: e.PhaseChanged(at=at, phase=phase, by=by))
        if mode is None:
            return
        order: tuple[int, ...] = ()
        if self.state.present and data.draw(st.booleans(), label="stored order"):
            shuffled = data.draw(st.permutations(self.state.present))
            order = tuple(shuffled[: data.draw(st.integers(0, len(shuffled)))])
        self.send(lambda at, by: e.RoundStarted(at=at, phase=phase, mode=mode, order=order, by=by))

    @precondition(lambda self: self.state.live_round is not None and len(self.state.live_round.order) > 1)
    @rule(data=st.data())
    def reorder(self, data) -> None:
        order = tuple(data.draw(st.permutations(self.state.live_round.order)))
        self.send(lambda at, by: e.OrderChanged(at=at, order=order, by=by))

    # -- turns (rules 1-3)
    @precondition(lambda self: e.next_up(self.state) is not None)
    @rule(answer=st.sampled_from(["speaks", "speaks", "passes", "passes", "still speaks"]), wait=st.floats(1.0, 240.0))
    def the_next_one_gets_the_turn(self, answer: str, wait: float) -> None:
        """The usual step: the suggested person (round order, or the hand queue) gets the turn,
        then speaks and taps "klaar", or passes, or is still speaking at the next step."""
        pid = e.next_up(self.state)
        self.send(lambda at, by: e.TurnStarted(at=at, pid=pid, by=by))
        self.at += wait
        if answer == "speaks":
            self.send(lambda at, by: e.TurnEnded(at=at, pid=pid, by=by), PARTICIPANT)
        elif answer == "passes":
            self.send(lambda at, by: e.Passed(at=at, pid=pid, by=by), PARTICIPANT)

    @precondition(lambda self: self.state.live_round is not None and self.state.present)
    @rule(data=st.data())
    def call_anyone(self, data) -> None:
        pid = data.draw(st.sampled_from(self.state.present))
        self.send(lambda at, by: e.TurnStarted(at=at, pid=pid, by=by))

    @precondition(lambda self: self.state.speaker is not None)
    @rule(from_phone=st.booleans(), wait=st.floats(0.0, 300.0))
    def end_the_turn(self, from_phone: bool, wait: float) -> None:
        self.at += wait
        pid = self.state.speaker if from_phone else None
        self.send(lambda at, by: e.TurnEnded(at=at, pid=pid, by=by), PARTICIPANT if from_phone else FACILITATOR)

    @precondition(lambda self: self.state.speaker is not None and self._live_in_round_mode())
    @rule(from_phone=st.booleans())
    def the_speaker_passes(self, from_phone: bool) -> None:
        pid = self.state.speaker
        self.send(lambda at, by: e.Passed(at=at, pid=pid, by=by), PARTICIPANT if from_phone else FACILITATOR)

    @precondition(lambda self: e.still_to_hear(self.state))
    @rule(data=st.data())
    def someone_waiting_passes_from_the_phone(self, data) -> None:
        pid = data.draw(st.sampled_from(e.still_to_hear(self.state)))
        self.send(lambda at, by: e.Passed(at=at, pid=pid, by=by), PARTICIPANT)

    @precondition(lambda self: e.second_chance(self.state) & set(e.still_to_hear(self.state)))
    @rule(data=st.data(), speaks=st.booleans())
    def the_second_chance_is_offered(self, data, speaks: bool) -> None:
        """The facilitator gives the turn to someone who passed once; they speak or pass again."""
        pid = data.draw(st.sampled_from(sorted(e.second_chance(self.state) & set(e.still_to_hear(self.state)))))
        self.send(lambda at, by: e.TurnStarted(at=at, pid=pid, by=by))
        if speaks:
            self.send(lambda at, by: e.TurnEnded(at=at, pid=pid, by=by), PARTICIPANT)
        else:
            self.send(lambda at, by: e.Passed(at=at, pid=pid, by=by), PARTICIPANT)

    @precondition(lambda self: self._live_in_round_mode() and any(map(self.state.live_round.done, self.state.present)))
    @rule(data=st.data())
    def someone_already_heard_passes(self, data) -> None:
        rnd = self.state.live_round
        pid = data.draw(st.sampled_from([p for p in self.state.present if rnd.done(p)]))
        self.send(lambda at, by: e.Passed(at=at, pid=pid, by=by), PARTICIPANT)

    # -- open rounds: hands (rule 5)
    @precondition(lambda self: self.state.live_round is not None and self.state.present)
    @rule(data=st.data())
    def raise_a_hand(self, data) -> None:
        pid = data.draw(st.sampled_from(self.state.present))
        self.send(lambda at, by: e.HandRaised(at=at, pid=pid, by=by), PARTICIPANT)

    @precondition(lambda self: self.state.hands)
    @rule(data=st.data(), from_phone=st.booleans())
    def lower_a_hand(self, data, from_phone: bool) -> None:
        pid = data.draw(st.sampled_from([p for p, _ in self.state.hands]))
        self.send(lambda at, by: e.HandLowered(at=at, pid=pid, by=by), PARTICIPANT if from_phone else FACILITATOR)

    # -- the console's settings, the export gate, undo (rules 5, 7, 8, 9)
    @rule(setting=st.sampled_from(["queue", "display", "soft limit", "gate"]), data=st.data())
    def change_a_setting(self, setting: str, data) -> None:
        if setting == "queue":
            mode = data.draw(st.sampled_from(["progressive", "fifo"]))
            self.send(lambda at, by: e.QueueModeChanged(at=at, mode=mode, by=by))
        elif setting == "display":
            timer, names = data.draw(st.booleans()), data.draw(st.booleans())
            self.send(lambda at, by: e.DisplayChanged(at=at, timer=timer, names=names, by=by))
        elif setting == "soft limit":
            phase, seconds = data.draw(st.integers(0, 4)), data.draw(st.sampled_from([0, 60, 120, 180, 300]))
            self.send(lambda at, by: e.SoftLimitChanged(at=at, phase=phase, seconds=seconds, by=by))
        else:
            reason = data.draw(st.sampled_from(["", "   ", "Bram moest weg", " Bram moest weg ", "tijd op"]))
            self.send(lambda at, by: e.GateOverridden(at=at, reason=reason, by=by))

    @precondition(lambda self: any(takes_back(event) for event in self.state.applied[self.setup:]))
    @rule()
    def undo(self) -> None:
        """Take back an action since the table sat down (a stray Undo may go further back)."""
        self.send(lambda at, by: e.Undo(at=at, by=by))

    # -- stray events: a late tap, a stale phone, someone who never came; most change nothing
    @rule(
        kind=st.sampled_from(["Joined", "MarkedAbsent", "Returned", "Moved", "TurnStarted", "TurnEnded", "Passed", "HandRaised",
                              "HandLowered", "RoundStarted", "OrderChanged", "Undo"]),
        pid=ANY_PID, from_phone=st.booleans(),
    )
    def a_stray_event(self, kind: str, pid: int, from_phone: bool) -> None:
        if kind == "Joined" and pid not in self.state.seating:
            return  # arrivals are numbered by ``join``
        by = PARTICIPANT if from_phone else FACILITATOR
        if kind == "RoundStarted":
            self.send(lambda at, by: e.RoundStarted(at=at, phase=pid, mode="circle", by=by), by)
        elif kind == "OrderChanged":  # from a console that still shows an earlier round, or no round
            order = tuple(reversed(self.state.round.order)) if self.state.round else (pid,)
            self.send(lambda at, by: e.OrderChanged(at=at, order=order, by=by), by)
        elif kind == "Undo":  # a second tap on the console's undo, or one with nothing left to undo
            self.send(lambda at, by: e.Undo(at=at, by=by))
        else:
            self.send(lambda at, by: e.EVENT_TYPES[kind](at=at, pid=pid, by=by), by)


EngineMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestEngineMachine = EngineMachine.TestCase
