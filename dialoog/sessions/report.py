"""The session summary as one plain model; every export format renders this and nothing else.

Anonymised by default: a participant is "Deelnemer n" (by seating order) unless they ticked
"Mijn voornaam mag in het verslag". Contact details are never part of it.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone

from dialoog import db
from dialoog.models import DialogueSession, Evaluation
from dialoog.sessions import access, engine, fairness
from dialoog.sessions.access import Actor
from dialoog.sessions.errors import NotFound
from dialoog.sessions.harvest import PARTICIPATION_LEVELS, RESOURCES
from dialoog.sessions.templates import KIND_LABELS
from dialoog.sessions.views import SessionSnapshot, load_snapshot
from sqlmodel import select

SCHEMA_VERSION = "1.0"
NO_THEME = "Zonder thema"
SMILEYS = {1: "Heel ontevreden", 2: "Ontevreden", 3: "Neutraal", 4: "Tevreden", 5: "Heel tevreden"}


@dataclass(frozen=True)
class ReportCard:
    id: int
    phase: str
    kind: str
    kind_label: str
    text: str
    author: str
    theme: str
    votes: int
    hidden: bool
    resource: str = ""


@dataclass(frozen=True)
class ReportTheme:
    name: str
    cards: list[ReportCard]


@dataclass(frozen=True)
class ReportPhase:
    position: int
    name: str
    question: str
    mode: str
    themes: list[ReportTheme]
    turns: int
    passes: int
    seconds: float


@dataclass(frozen=True)
class ReportAction:
    what: str
    who: str
    first_step: str
    when: str
    needs: str
    follow_up_on: date | None
    no_action: bool


@dataclass(frozen=True)
class ReportEvaluation:
    count: int
    average: float | None
    distribution: dict[int, int]
    remarks: list[str]


@dataclass(frozen=True)
class ReportPerson:
    label: str
    turns: int
    passes: int
    seconds: float
    share: float
    present: bool


@dataclass(frozen=True)
class ReportProcess:
    rounds: int
    turns: int
    passes: int
    seconds: float
    people: list[ReportPerson]
    gini: float
    everyone_heard: bool
    override_reason: str
    statement: str


@dataclass(frozen=True)
class ReportHeader:
    title: str
    theme: str
    neighbourhood: str
    held_on: date | None
    place: str
    organisation: str
    facilitator: str
    participation_level: str
    participation_level_label: str
    follow_up: str
    join_code: str


@dataclass(frozen=True)
class Attendance:
    joined: int
    present_at_end: int
    absent: int
    without_phone: int


@dataclass(frozen=True)
class Report:
    schema_version: str
    generated_at: datetime
    header: ReportHeader
    attendance: Attendance
    phases: list[ReportPhase]
    cards: list[ReportCard]  # every card, hidden ones too (flagged), for CSV and JSON
    possibilities: list[ReportCard]  # visible, most votes first
    offers: list[ReportCard]
    asks: list[ReportCard]
    actions: list[ReportAction]
    evaluation: ReportEvaluation
    process: ReportProcess
    notes: list[str] = field(default_factory=list)

    @property
    def date_label(self) -> str:
        return self.header.held_on.strftime("%d-%m-%Y") if self.header.held_on else "geen datum"

    def to_dict(self) -> dict:
        """Plain JSON-ready data (dates as ISO strings)."""
        return _jsonable(asdict(self))


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def minutes(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def labels(snap: SessionSnapshot) -> dict[int, str]:
    """How each participant is named in the report: first name by consent, else 'Deelnemer n'."""
    return {
        p.id: p.display_name if p.name_in_report else f"Deelnemer {number}"
        for number, p in enumerate(snap.participants, start=1)
    }


def build(session_id: int, *, organiser_id: Actor | None = None, now: float | None = None) -> Report:
    """The report of one session. With ``organiser_id`` (an organiser or a facilitator link) only
    when that one may run the session: the report holds no contact details, so a link may export it."""
    if organiser_id is not None:
        access.check(organiser_id, session_id)
    snap = load_snapshot(session_id)
    if snap is None:
        raise NotFound(access.NOT_YOURS)
    with db.session() as s:
        row = s.get(DialogueSession, session_id)
        evaluations = s.exec(select(Evaluation).where(Evaluation.session_id == session_id)).all()
    return from_snapshot(snap, row, evaluations, now=now)


def from_snapshot(snap: SessionSnapshot, row: DialogueSession, evaluations, *, now: float | None = None) -> Report:
    now = time.time() if now is None else now
    names = labels(snap)
    themes = {t.id: t.name for t in snap.themes}
    phase_names = {p.id: p.name for p in snap.phases}
    state = snap.turns

    def card(c) -> ReportCard:
        return ReportCard(
            id=c.id, phase=phase_names.get(c.phase_id, ""), kind=c.kind, kind_label=KIND_LABELS.get(c.kind, c.kind),
            text=c.text, author=names.get(c.participant_id, ""), theme=themes.get(c.theme_id, ""),
            votes=c.votes, hidden=not c.visible, resource=c.resource,
        )

    per_phase = {f.phase: f for f in fairness.per_phase(state, now)}
    phases = []
    for p in snap.phases:
        visible = [card(c) for c in snap.cards_in(p.id)]
        groups = [ReportTheme(t.name, [c for c in visible if c.theme == t.name]) for t in snap.themes_in(p.id)]
        groups = [g for g in groups if g.cards]
        loose = [c for c in visible if not c.theme]
        if loose:
            groups.append(ReportTheme(NO_THEME if groups else "", loose))
        f = per_phase.get(p.position)
        phases.append(ReportPhase(p.position, p.name, p.question, p.mode, groups,
                                  f.turns if f else 0, f.passes if f else 0, f.seconds if f else 0.0))

    people = [
        ReportPerson(names.get(f.pid, "?"), f.turns, f.passes, f.seconds, f.share, f.present)
        for f in fairness.per_person(state, now)
    ]
    complete = not engine.incomplete_phases(state)
    rounds = engine.round_phases(state)
    if state.override:
        statement = f"Niet iedereen is in elke ronde gehoord. Reden van de gespreksleider: {state.override}"
    elif rounds and complete:
        statement = "Iedereen die aanwezig was, is in elke ronde aan het woord geweest of heeft gepast."
    elif not rounds:
        statement = "Er zijn geen rondes gehouden."
    else:
        statement = "Nog niet iedereen is in elke ronde gehoord."
    process = ReportProcess(
        rounds=len(state.rounds),
        turns=len(state.turns),
        passes=len(state.passes),
        seconds=sum(f.seconds for f in per_phase.values()),
        people=people,
        gini=fairness.speaking_gini(state, now),
        everyone_heard=bool(rounds) and complete,
        override_reason=state.override,
        statement=statement,
    )

    scores = [e.score for e in evaluations]
    evaluation = ReportEvaluation(
        count=len(scores),
        average=round(sum(scores) / len(scores), 1) if scores else None,
        distribution={n: scores.count(n) for n in range(1, 6)},
        remarks=[e.remark for e in evaluations if e.remark],
    )
    visible_cards = [card(c) for c in snap.cards if c.visible]
    present = set(state.present)
    return Report(
        schema_version=SCHEMA_VERSION,
        generated_at=datetime.fromtimestamp(now, timezone.utc),
        header=ReportHeader(
            title=row.title, theme=row.theme, neighbourhood=row.neighbourhood, held_on=row.held_on, place=row.place,
            organisation=row.organisation, facilitator=row.facilitator_name,
            participation_level=row.participation_level,
            participation_level_label=PARTICIPATION_LEVELS.get(row.participation_level, row.participation_level),
            follow_up=row.follow_up, join_code=row.join_code,
        ),
        attendance=Attendance(
            joined=len(snap.participants),
            present_at_end=sum(1 for p in snap.participants if p.id in present),
            absent=sum(1 for p in snap.participants if p.id in state.absent),
            without_phone=sum(1 for p in snap.participants if not p.has_phone),
        ),
        phases=phases,
        cards=[card(c) for c in snap.cards],
        possibilities=[card(c) for c in snap.ranked_possibilities()],
        offers=sorted([c for c in visible_cards if c.kind == "aanbod"], key=lambda c: (c.resource or "~", c.id)),
        asks=sorted([c for c in visible_cards if c.kind == "vraag"], key=lambda c: (c.resource or "~", c.id)),
        actions=[
            ReportAction(a.what, a.who if not a.participant_id else names.get(a.participant_id, a.who), a.first_step,
                         a.when, a.needs, a.follow_up_on, a.no_action)
            for a in snap.actions
        ],
        evaluation=evaluation,
        process=process,
    )


def resource_label(key: str) -> str:
    return RESOURCES.get(key, "Overig")
