"""The session summary as one plain model; every export format renders this and nothing else.

Anonymised by default: a participant is "Deelnemer n" (by seating order) unless they ticked
"Mijn voornaam mag in het verslag". Contact details are never part of it.

A session with tables (docs/tables.md) gets a section per table (``Report.tables``: who sat there,
the table's own rounds and fairness figures, the cards written there) before the plenary harvest;
its totals add up every table. Without tables the report is exactly what it was before tables.

Written in the session's language (``Report.language``): the labels worked out while building
(kind and level names, "Deelnemer n", the statement) are in it, and so is every sentence the
renderers and the properties below make (see ``in_report_language``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from functools import wraps
from typing import ParamSpec, TypeVar

from babel.dates import format_date, format_time

from dialoog import db
from dialoog.i18n import N_, _, current, decimal, ngettext, normalise, use
from dialoog.models import DialogueSession, Evaluation
from dialoog.sessions import access, engine, fairness
from dialoog.sessions.access import Actor
from dialoog.sessions.errors import NotFound
from dialoog.sessions.gate import GateState, gate
from dialoog.sessions.harvest import PARTICIPATION_LEVELS
from dialoog.sessions.templates import KIND_LABELS, RESOURCES
from dialoog.sessions.views import ActionPlan, SessionSnapshot, TableView, load_snapshot
from sqlmodel import select

SCHEMA_VERSION = "1.0"
NO_THEME = N_("Zonder thema")
# The evaluation's faces: Dutch source text, translated where shown.
SMILEYS = {
    1: N_("Heel ontevreden"), 2: N_("Ontevreden"), 3: N_("Neutraal"), 4: N_("Tevreden"), 5: N_("Heel tevreden"),
}
# Per report language: the language tag documents carry (PDF, Word) and the locale dates are written in.
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB", "fr": "fr-FR"}

P = ParamSpec("P")
R = TypeVar("R")


def in_report_language(method: Callable[P, R]) -> Callable[P, R]:
    """``method`` (whose first argument is a ``Report``) runs with text in the report's language: a
    renderer runs in a worker thread, where no page says which language to use."""

    @wraps(method)
    def in_language(*args: P.args, **kwargs: P.kwargs) -> R:
        with use(args[0].language):  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return in_language


def short_date(day: date, language: str) -> str:
    """A date in numbers as people write it in ``language`` (Dutch: 22-11-2026)."""
    return format_date(day, format="short", locale=LANGUAGE_TAGS[normalise(language)].replace("-", "_"))


def short_time(moment: datetime, language: str) -> str:
    """A time of day as people write it in ``language`` (14:05)."""
    return format_time(moment.time(), format="short", locale=LANGUAGE_TAGS[normalise(language)].replace("-", "_"))


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
    table: str = ""  # the table it was written at ("" without tables: then not in the JSON)


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
class ReportAction(ActionPlan):
    """An action's plan as the report shows it, ``who`` spelled out as a name."""

    def details(self) -> list[tuple[str, str]]:
        """The filled-in details after ``what``, as (label in lower case, value), in print order."""
        rows = [
            (_("trekker"), self.who), (_("eerste stap"), self.first_step), (_("wanneer"), self.when),
            (_("nodig"), self.needs),
        ]
        if self.follow_up_on:
            rows.append((_("terugkoppeling"), short_date(self.follow_up_on, current())))
        return [(label, value) for label, value in rows if value]


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

    @property
    def listed_as(self) -> str:
        """The label as the process tables and charts print it: "(afwezig)" added for who left."""
        return self.label if self.present else _("{name} (afwezig)", name=self.label)


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
class ReportTablePhase:
    """The cards written at one table in one phase."""

    name: str
    cards: list[ReportCard]


@dataclass(frozen=True)
class ReportTable:
    """One table of a session with tables: who sat there, its own turns, the cards written there."""

    position: int
    name: str
    people: list[str]  # who sits there at the end, as the report names them
    process: ReportProcess  # the rounds and fairness figures of the table's own turns
    phases: list[ReportTablePhase]  # its visible cards, per phase that has some


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
    language: str = "nl"  # the session's (dialoog.i18n.LANGUAGES): every text of the report is in it
    tables: list[ReportTable] = field(default_factory=list)  # none: the session was one group

    @property
    def language_tag(self) -> str:
        """The report's language as documents declare it, e.g. "nl-NL"."""
        return LANGUAGE_TAGS[normalise(self.language)]

    @property
    @in_report_language
    def date_label(self) -> str:
        """The session's date as people write it (22-11-2026), or "geen datum"."""
        return short_date(self.header.held_on, self.language) if self.header.held_on else _("geen datum")

    def to_dict(self) -> dict:
        """Plain JSON-ready data (dates as ISO strings). ``tables`` and a card's ``table`` only when
        there are: without tables the data is what it was before tables."""
        return _jsonable(asdict(self, dict_factory=_without_empty_tables))

    # The sentences below are the same in every format (Markdown, PDF, Word): written once, here.
    @in_report_language
    def header_rows(self) -> list[tuple[str, str]]:
        """The header's filled-in fields as (label, value), in print order."""
        h = self.header
        rows = [
            (_("Thema"), h.theme), (_("Buurt"), h.neighbourhood), (_("Datum"), self.date_label),
            (_("Plaats"), h.place), (_("Organisatie"), h.organisation), (_("Gespreksleider"), h.facilitator),
            (_("Niveau van inspraak"), h.participation_level_label),
        ]
        return [(label, value) for label, value in rows if value]

    @property
    @in_report_language
    def attendance_text(self) -> str:
        """Who came, who stayed, who left and who took part without a phone, in one sentence."""
        a = self.attendance
        return ngettext(
            "{n} deelnemer, van wie {present} aanwezig tot het einde, {absent} afwezig, "
            "{without_phone} zonder telefoon.",
            "{n} deelnemers, van wie {present} aanwezig tot het einde, {absent} afwezig, "
            "{without_phone} zonder telefoon.",
            a.joined, present=a.present_at_end, absent=a.absent, without_phone=a.without_phone,
        )

    @property
    @in_report_language
    def evaluation_text(self) -> str:
        """How many evaluated and the average score, in one sentence."""
        e = self.evaluation
        return ngettext("{n} deelnemer gaf een oordeel; gemiddeld {average} van 5.",
                        "{n} deelnemers gaven een oordeel; gemiddeld {average} van 5.", e.count,
                        average=decimal(e.average or 0))

    @property
    @in_report_language
    def totals_text(self) -> str:
        """Rounds, turns, passes and speaking time of the whole session, in one sentence."""
        return self.totals_of(self.process)

    @in_report_language
    def totals_of(self, p: ReportProcess) -> str:
        """Rounds, turns, passes and speaking time of ``p`` (the session's or one table's), in one sentence."""
        # Three counts, each with its own plural: counted pieces in one translatable sentence frame.
        return _(
            "{rounds}, {turns}, {passes}, {time} spreektijd.",
            rounds=ngettext("{n} ronde", "{n} rondes", p.rounds),
            turns=ngettext("{n} beurt", "{n} beurten", p.turns),
            passes=ngettext("{n} keer gepast", "{n} keer gepast", p.passes),
            time=minutes(p.seconds),
        )

    @property
    @in_report_language
    def gini_text(self) -> str:
        """The spread of speaking time as a Gini figure, explained."""
        return self.gini_of(self.process)

    @in_report_language
    def gini_of(self, p: ReportProcess) -> str:
        """The spread of speaking time in ``p`` (the session's or one table's) as a Gini figure, explained."""
        return _("Verdeling van de spreektijd (Gini): {gini} (0 = gelijk verdeeld).", gini=decimal(p.gini, 2))

    @in_report_language
    def seated_text(self, people: list[str]) -> str:
        """Who sat at a table, in one sentence; ``people`` as the format writes names (e.g. escaped)."""
        if not people:
            return _("Aan het einde zat niemand aan deze tafel.")
        return _("Aan deze tafel: {names}.", names=", ".join(people))

    @property
    @in_report_language
    def colophon(self) -> str:
        """The closing line: made when, and what the report leaves out."""
        return _(
            "Gemaakt met Dialoog op {day} {time} UTC. "
            "Namen alleen met toestemming; contactgegevens staan niet in dit verslag.",
            day=short_date(self.generated_at.date(), self.language),
            time=short_time(self.generated_at, self.language),
        )


TABLE_KEYS = ("table", "tables")


def _without_empty_tables(items: list[tuple[str, object]]) -> dict:
    """``asdict``'s dict, without a ``table`` or ``tables`` that is empty."""
    return {key: value for key, value in items if value or key not in TABLE_KEYS}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def minutes(seconds: float) -> str:
    """Seconds as minutes and seconds, e.g. 3:05."""
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def labels(snap: SessionSnapshot) -> dict[int, str]:
    """How each participant is named in the report: first name by consent, else 'Deelnemer n'
    (in the current language: ``from_snapshot`` sets the session's)."""
    return {
        p.id: p.display_name if p.name_in_report else _("Deelnemer {number}", number=number)
        for number, p in enumerate(snap.participants, start=1)
    }


def votes_label(votes: int) -> str:
    """'1 stem', '3 stemmen'."""
    return ngettext("{n} stem", "{n} stemmen", votes)


def build(session_id: int, *, actor: Actor | None = None, now: float | None = None) -> Report:
    """The report of one session. With ``actor`` (an organiser or a facilitator link) only
    when that one may run the session: the report holds no contact details, so a link may export it."""
    if actor is not None:
        access.check(actor, session_id)
    snap = load_snapshot(session_id)
    if snap is None:
        raise NotFound(access.NOT_YOURS)
    with db.session() as s:
        row = s.get(DialogueSession, session_id)
        evaluations = s.exec(select(Evaluation).where(Evaluation.session_id == session_id)).all()
    return from_snapshot(snap, row, evaluations, now=now)


def from_snapshot(snap: SessionSnapshot, row: DialogueSession, evaluations, *, now: float | None = None) -> Report:
    """The report from a loaded snapshot, the session's row and its evaluations, as of ``now``, in
    the session's language (``snap.language``)."""
    language = normalise(snap.language)
    with use(language):
        return _from_snapshot(snap, row, evaluations, language, now=now)


def _from_snapshot(
    snap: SessionSnapshot, row: DialogueSession, evaluations, language: str, *, now: float | None = None
) -> Report:
    now = time.time() if now is None else now
    names = labels(snap)
    themes = {t.id: t.name for t in snap.themes}
    phase_names = {p.id: p.name for p in snap.phases}
    streams = [snap.turns, *(t.turns for t in snap.tables)]  # the one group's turns, then each table's

    def card(c) -> ReportCard:
        return ReportCard(
            id=c.id, phase=phase_names.get(c.phase_id, ""), kind=c.kind, kind_label=_kind_label(c.kind),
            text=c.text, author=names.get(c.participant_id, ""), theme=themes.get(c.theme_id, ""),
            votes=c.votes, hidden=not c.visible, resource=c.resource, table=snap.table_name(c.table_id),
        )

    if snap.has_tables:
        process, phase_figures = _process_at_tables(snap, names, now)
    else:
        process, phase_figures = _process(snap.turns, names, now, snap.turns.override)
    per_phase = {f.phase: f for f in phase_figures}
    phases = []
    for p in snap.phases:
        visible = [card(c) for c in snap.cards_in(p.id)]
        groups = [ReportTheme(t.name, [c for c in visible if c.theme == t.name]) for t in snap.themes_in(p.id)]
        groups = [g for g in groups if g.cards]
        loose = [c for c in visible if not c.theme]
        if loose:
            groups.append(ReportTheme(_(NO_THEME) if groups else "", loose))
        f = per_phase.get(p.position)
        phases.append(ReportPhase(p.position, p.name, p.question, p.mode, groups,
                                  f.turns if f else 0, f.passes if f else 0, f.seconds if f else 0.0))

    scores = [e.score for e in evaluations]
    evaluation = ReportEvaluation(
        count=len(scores),
        average=round(sum(scores) / len(scores), 1) if scores else None,
        distribution={n: scores.count(n) for n in range(1, 6)},
        remarks=[e.remark for e in evaluations if e.remark],
    )
    visible_cards = [card(c) for c in snap.cards if c.visible]
    present = {pid for state in streams for pid in state.present}
    absent = {pid for state in streams for pid in state.absent}
    return Report(
        schema_version=SCHEMA_VERSION,
        generated_at=datetime.fromtimestamp(now, timezone.utc),
        header=ReportHeader(
            title=row.title, theme=row.theme, neighbourhood=row.neighbourhood, held_on=row.held_on, place=row.place,
            organisation=row.organisation, facilitator=row.facilitator_name,
            participation_level=row.participation_level,
            participation_level_label=_level_label(row.participation_level),
            follow_up=row.follow_up, join_code=row.join_code,
        ),
        attendance=Attendance(
            joined=len(snap.participants),
            present_at_end=sum(1 for p in snap.participants if p.id in present),
            absent=sum(1 for p in snap.participants if p.id in absent),
            without_phone=sum(1 for p in snap.participants if not p.has_phone),
        ),
        phases=phases,
        cards=[card(c) for c in snap.cards],
        possibilities=[card(c) for c in snap.ranked_possibilities()],
        offers=sorted([c for c in visible_cards if c.kind == "aanbod"], key=lambda c: (c.resource or "~", c.id)),
        asks=sorted([c for c in visible_cards if c.kind == "vraag"], key=lambda c: (c.resource or "~", c.id)),
        actions=[
            ReportAction.from_action(a, who=a.who if not a.participant_id else names.get(a.participant_id, a.who))
            for a in snap.actions
        ],
        evaluation=evaluation,
        process=process,
        language=language,
        tables=[_table(snap, t, names, card, now) for t in snap.tables],
    )


def _process(
    state: engine.State, names: dict[int, str], now: float, override: str
) -> tuple[ReportProcess, list[fairness.PhaseFigures]]:
    """The turns of one stream (the one group's, or one table's) as the report tells them, and the
    figures per phase. ``override``: the reason given for not hearing everyone, if any."""
    per_phase = fairness.per_phase(state, now)
    people = [
        ReportPerson(names.get(f.pid, "?"), f.turns, f.passes, f.seconds, f.share, f.present)
        for f in fairness.per_person(state, now)
    ]
    held = bool(engine.round_phases(state))
    complete = not engine.incomplete_phases(state)
    process = ReportProcess(
        rounds=len(state.rounds),
        turns=len(state.turns),
        passes=len(state.passes),
        seconds=sum(f.seconds for f in per_phase),
        people=people,
        gini=fairness.speaking_gini(state, now),
        everyone_heard=held and complete,
        override_reason=override,
        statement=_statement(override, held, complete),
    )
    return process, per_phase


def _process_at_tables(
    snap: SessionSnapshot, names: dict[int, str], now: float
) -> tuple[ReportProcess, list[fairness.PhaseFigures]]:
    """The turns of a session with tables, every table's (and the one group's, from before the
    tables) added up: the people in the session's order, the gate judged per table."""
    streams = [snap.turns, *(t.turns for t in snap.tables)]
    order = {p.id: index for index, p in enumerate(snap.participants)}
    figures = fairness.combined_people(fairness.per_person(state, now) for state in streams)
    figures.sort(key=lambda f: order.get(f.pid, len(order)))
    per_phase = fairness.combined_phases(fairness.per_phase(state, now) for state in streams)
    status = gate(snap)
    override = status.reason if status.state is GateState.OVERRIDDEN else ""
    held = any(engine.round_phases(state) for state in streams)
    complete = not any(engine.incomplete_phases(state) for state in streams)
    process = ReportProcess(
        rounds=sum(len(state.rounds) for state in streams),
        turns=sum(len(state.turns) for state in streams),
        passes=sum(len(state.passes) for state in streams),
        seconds=sum(f.seconds for f in per_phase),
        people=[ReportPerson(names.get(f.pid, "?"), f.turns, f.passes, f.seconds, f.share, f.present)
                for f in figures],
        gini=fairness.gini([f.seconds for f in figures if f.present]),
        everyone_heard=held and complete,
        override_reason=override,
        statement=_statement(override, held, complete),
    )
    return process, per_phase


def _table(snap: SessionSnapshot, table: TableView, names: dict[int, str], card, now: float) -> ReportTable:
    """One table's section: who sits there, its own turns, and the cards written there per phase. The
    main console's reason for not hearing everyone counts at a table where someone was not heard."""
    state = table.turns
    override = state.override or (snap.turns.override if engine.incomplete_phases(state) else "")
    process, _per_phase = _process(state, names, now, override)
    written = snap.cards_at(table.id)
    phases = [ReportTablePhase(p.name, [card(c) for c in written if c.phase_id == p.id]) for p in snap.phases]
    return ReportTable(
        position=table.position, name=table.name, people=[names.get(p.id, "?") for p in snap.people_at(table.id)],
        process=process, phases=[p for p in phases if p.cards],
    )


def _statement(override: str, held: bool, complete: bool) -> str:
    """Whether everyone was heard, in one sentence: ``held`` any rounds, all of them ``complete``."""
    if override:
        return _("Niet iedereen is in elke ronde gehoord. Reden van de gespreksleider: {reason}", reason=override)
    if held and complete:
        return _("Iedereen die aanwezig was, is in elke ronde aan het woord geweest of heeft gepast.")
    if not held:
        return _("Er zijn geen rondes gehouden.")
    return _("Nog niet iedereen is in elke ronde gehoord.")


def _kind_label(kind: str) -> str:
    """A card kind's name in the current language (the key itself for a kind without one)."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def _level_label(level: str) -> str:
    """A participation level's name in the current language (the key itself for an unknown one)."""
    return _(PARTICIPATION_LEVELS[level]) if level in PARTICIPATION_LEVELS else level


def resource_label(key: str) -> str:
    """How a resource key is called in the report, in the current language; "Overig" for none."""
    return _(RESOURCES[key]) if key in RESOURCES else _("Overig")
