"""Read models: small immutable snapshots the pages render. One load serves every screen."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import NamedTuple

from sqlmodel import col, func, select

from dialoog import db
from dialoog.i18n import _
from dialoog.models import Action, Card, DialogueSession, Evaluation, Participant, Phase, SessionTable, Theme, Vote
from dialoog.sessions import engine, templates, turns


@dataclass(frozen=True)
class PhaseView:
    """One phase of the session's programme."""

    id: int
    position: int
    key: str
    name: str
    question: str
    mode: str
    card_kinds: tuple[str, ...]

    @property
    def takes_cards(self) -> bool:
        """Whether participants write cards in this phase."""
        return bool(self.card_kinds)


@dataclass(frozen=True)
class ParticipantView:
    """One participant, as the screens and the turn order know them."""

    id: int
    display_name: str
    seat: int
    has_phone: bool
    name_in_report: bool = False
    table_id: int | None = None  # the table the person sits at now; None: the session is one group


@dataclass(frozen=True)
class CardView:
    """One card, with its author's name and its dots."""

    id: int
    phase_id: int
    participant_id: int
    author: str
    kind: str
    text: str
    updated_at: datetime
    hidden: bool = False
    theme_id: int | None = None
    merged_into: int | None = None
    resource: str = ""
    votes: int = 0
    table_id: int | None = None  # the table it was written at

    @property
    def visible(self) -> bool:
        """Neither hidden by the facilitator nor merged into another card."""
        return not self.hidden and self.merged_into is None

    @property
    def kind_label(self) -> str:
        """The kind as people read it (e.g. "Ervaring"), in the language of the screen that shows it."""
        label = templates.KIND_LABELS.get(self.kind)
        return _(label) if label else self.kind.capitalize()


@dataclass(frozen=True)
class ThemeView:
    """A theme the facilitator grouped cards under, in one phase."""

    id: int
    phase_id: int
    name: str


@dataclass(frozen=True)
class ActionPlan:
    """What an action says; the report shows exactly this, ``who`` spelled out as a name."""

    what: str
    who: str
    first_step: str
    when: str
    needs: str
    follow_up_on: date | None
    no_action: bool  # "geen actie": a valid answer instead of a step

    @classmethod
    def from_action(cls, action, **changes):
        """A ``cls`` with the fields of ``action`` (a row or a view) of the same names, ``changes`` applied."""
        return cls(**({f.name: getattr(action, f.name) for f in fields(cls)} | changes))


@dataclass(frozen=True)
class ActionView(ActionPlan):
    """An action on the live screens: its plan, whose it is and the card it came from."""

    id: int
    participant_id: int | None
    source_card_id: int | None


@dataclass(frozen=True)
class TableView:
    """A table of a session with tables, and its own turns (docs/tables.md)."""

    id: int
    position: int
    name: str
    turns: engine.State = engine.INITIAL
    runs_on: bool = False  # "Laat doorlopen": it stays in its phase when the others move on


class PhoneTurnKey(NamedTuple):
    """All of the turns that every phone shows alike (see ``SessionSnapshot.phone_turn_key``).
    A tuple: two keys are equal when every field is."""

    is_open: bool
    rounds: int  # how many rounds were started
    mode: str | None  # the kind of the round that is going, if any
    speaker: int | None
    speaker_name: str
    next_up: int | None
    hands: tuple[tuple[int, float], ...]
    absent: frozenset[int]


CARDS_BY_PHASE = ("cards by phase", lambda c: c.phase_id)
CARDS_BY_PERSON = ("cards by person", lambda c: c.participant_id)
VISIBLE_BY_PHASE = "visible cards by phase"  # ``cards_in``'s answers; dropped whenever "cards by phase" is
"""Two indexes of a snapshot (name and key), built on first use and carried on by ``_with_news``."""


@dataclass(frozen=True)
class SessionSnapshot:
    """Everything the live screens of one session show, as of one moment."""

    id: int
    organiser_id: int
    title: str
    theme: str
    neighbourhood: str
    place: str
    held_on: date | None
    join_code: str
    status: str
    current_phase: int
    ground_rules: tuple[str, ...]  # the template's, in Dutch: translated where shown
    phases: tuple[PhaseView, ...]
    participants: tuple[ParticipantView, ...]
    cards: tuple[CardView, ...]
    turns: engine.State = engine.INITIAL
    themes: tuple[ThemeView, ...] = ()
    votes: tuple[tuple[int, int], ...] = ()  # (card id, participant id), one per dot
    actions: tuple[ActionView, ...] = ()
    evaluated: frozenset[int] = frozenset()  # participants who filled in the evaluation
    voting_open: bool = False
    results_shown: bool = False
    votes_per_person: int = 3
    votes_per_card: int = 2
    language: str = "nl"  # the console's, the projector's and the report's (dialoog.i18n.LANGUAGES)
    tables: tuple[TableView, ...] = ()  # none: the session is one group, whose turns are ``turns``
    table_choice: bool = False  # phones choose their table ("Kies je tafel")
    projector_view: str = "plenair"  # with tables: "plenair" (per theme) or "tafels" (per table)
    table_message: str = ""  # "Bericht aan alle tafels", while it lasts (``message_for_tables``)
    table_message_at: datetime | None = None
    _index: dict[str, dict] = field(default_factory=dict, compare=False, repr=False)
    """Lookups built on first use (a thousand phones each asking for their own cards stay cheap)."""

    @property
    def is_open(self) -> bool:
        """Whether the session is running (not yet closed)."""
        return self.status == "open"

    @property
    def phase(self) -> PhaseView | None:
        """The current phase, or None before the first one."""
        if 0 <= self.current_phase < len(self.phases):
            return self.phases[self.current_phase]
        return None

    @property
    def has_tables(self) -> bool:
        """Whether the session sits at tables (otherwise it is one group, as before tables)."""
        return bool(self.tables)

    def table(self, table_id: int | None) -> TableView | None:
        """The table with this id, or None (also for None: the one group)."""
        if table_id is None:
            return None
        by_id = self._index.get("tables")
        if by_id is None:
            by_id = self._index["tables"] = {t.id: t for t in self.tables}
        return by_id.get(table_id)

    def table_name(self, table_id: int | None) -> str:
        """The table's name, or "" for none."""
        found = self.table(table_id)
        return found.name if found else ""

    def phase_at(self, table_id: int | None) -> PhaseView | None:
        """The phase a table is in: the session's, unless the table runs on in an earlier one."""
        found = self.table(table_id)
        if found is None or found.turns.phase == self.current_phase or not 0 <= found.turns.phase < len(self.phases):
            return self.phase
        return self.phases[found.turns.phase]

    def turns_at(self, table_id: int | None) -> engine.State:
        """The turns of one table, or of the one group (``None``)."""
        if table_id is None:
            return self.turns
        found = self.table(table_id)
        return found.turns if found else engine.INITIAL

    def people_at(self, table_id: int | None) -> list[ParticipantView]:
        """Who sits at this table (``None``: at none), in seating order."""
        by_table = self._grouped("people by table", lambda p: p.table_id, self.participants)
        return list(by_table.get(table_id, []))

    def cards_at(self, table_id: int | None) -> list[CardView]:
        """The visible cards written at this table (``None``: at none), in the order they were written."""
        by_table = self._grouped("cards by table", lambda c: c.table_id, self.cards)
        return [c for c in by_table.get(table_id, []) if c.visible]

    def _grouped(self, name: str, key, items) -> dict:
        found = self._index.get(name)
        if found is None:
            found = {}
            for item in items:
                found.setdefault(key(item), []).append(item)
            self._index[name] = found
        return found

    def cards_in(self, phase_id: int, *, include_hidden: bool = False) -> list[CardView]:
        """The cards of one phase in the order they were written; visible ones unless ``include_hidden``."""
        cards = self._grouped(*CARDS_BY_PHASE, self.cards).get(phase_id, [])
        if include_hidden:
            return list(cards)
        # Kept with the snapshot: the projector asks at every flush, and most flushes (a new speaker)
        # bring no card. Filtering a full room's 3,000 cards each time was 2–3 % of the server's time.
        visible = self._index.setdefault(VISIBLE_BY_PHASE, {})
        found = visible.get(phase_id)
        if found is None:
            found = visible[phase_id] = tuple(c for c in cards if c.visible)
        return list(found)

    def themes_in(self, phase_id: int) -> list[ThemeView]:
        """The themes of one phase."""
        return [t for t in self.themes if t.phase_id == phase_id]

    def votes_of(self, participant_id: int) -> list[int]:
        """The cards this participant put a dot on, one entry per dot."""
        by_person = self._grouped("votes by person", lambda v: v[1], self.votes)
        return [card for card, _voter in by_person.get(participant_id, [])]

    def possibilities(self) -> tuple[CardView, ...]:
        """Visible possibilities in the order they were written (what phones vote on)."""
        found = self._index.get("possibilities")
        if found is None:
            found = self._index["possibilities"] = tuple(
                c for c in self.cards if c.kind == "mogelijkheid" and c.visible and c.merged_into is None
            )
        return found

    def possibilities_key(self) -> tuple[tuple[int, str], ...]:
        """(id, text) of each possibility: what a phone's voting list must change with."""
        found = self._index.get("possibilities key")
        if found is None:
            found = self._index["possibilities key"] = tuple((c.id, c.text) for c in self.possibilities())
        return found

    def ranked_possibilities(self) -> list[CardView]:
        """Visible possibilities, most dots first (then oldest first)."""
        cards = [c for c in self.cards if c.kind == "mogelijkheid" and c.visible]
        return sorted(cards, key=lambda c: (-c.votes, c.id))

    def actions_of(self, participant_id: int) -> list[ActionView]:
        """The actions this participant wrote (indexed once per snapshot, for a thousand phones)."""
        by_person = self._grouped("actions by person", lambda a: a.participant_id, self.actions)
        return list(by_person.get(participant_id, []))

    def cards_of(self, participant_id: int) -> list[CardView]:
        """The cards this participant wrote, hidden ones included (indexed once per snapshot)."""
        return list(self._grouped(*CARDS_BY_PERSON, self.cards).get(participant_id, []))

    def name(self, participant_id: int | None) -> str:
        """The participant's display name, or "" for nobody or someone unknown."""
        found = self.participant(participant_id) if participant_id is not None else None
        return found.display_name if found else ""

    @property
    def round_here(self) -> engine.Round | None:
        """The round of the current phase that is still going, if any."""
        return self.turns.live_round

    def phone_turn_key(self, table_id: int | None = None) -> PhoneTurnKey:
        """All of the turns that every phone (at this table) shows alike: who speaks, who is next,
        the raised hands, the kind of round, who is absent. Besides this a phone shows only its own
        part (am I present?), and news about one participant goes to that participant's phone. So
        when this key stays the same, no other phone needs to hear of a change of turns or people
        (a full room joining is a thousand such changes)."""
        t = self.turns_at(table_id)
        rnd = t.live_round
        return PhoneTurnKey(self.is_open, len(t.rounds), rnd.mode if rnd else None, t.speaker,
                            self.name(t.speaker), engine.next_up(t), t.hands, t.absent)

    def participant(self, participant_id: int) -> ParticipantView | None:
        """The participant with this id, or None (indexed once per snapshot)."""
        by_id = self._index.get("people")
        if by_id is None:
            by_id = self._index["people"] = {p.id: p for p in self.participants}
        return by_id.get(participant_id)


@dataclass(frozen=True)
class SessionSummary:
    """One row of the organiser's dashboard."""

    id: int
    title: str
    held_on: date | None
    status: str
    current_phase: int
    phase_name: str
    participant_count: int
    card_count: int
    join_code: str

    @property
    def status_label(self) -> str:
        """The status as the dashboard shows it, in the language of the screen that shows it."""
        if self.status == "closed":
            return _("Afgerond")
        if self.current_phase < 0:
            return _("Nog niet begonnen")
        return _("Bezig: {phase}", phase=self.phase_name)


def _phase_view(p: Phase) -> PhaseView:
    kinds = tuple(k for k in p.card_kinds.split(",") if k)
    return PhaseView(p.id, p.position, p.key, p.name, p.question, p.mode, kinds)


TURNS_ONLY = frozenset({"turns", "presence"})
PEOPLE_ONLY = frozenset({"participants", "turns", "presence"})
NEW_CARDS = PEOPLE_ONLY | {"card-added"}
RECHECK = 20  # the newest card ids read again on every new-cards load (cheap insurance, see below)
# Rows are read as plain columns, each named as the field of the view it fills.
_CARD_COLUMNS = (Card.id, Card.phase_id, Card.participant_id, Card.kind, Card.text, Card.updated_at, Card.hidden,
                 Card.theme_id, Card.merged_into, Card.resource, Card.table_id)
_PEOPLE_COLUMNS = (Participant.id, Participant.display_name, Participant.seat, Participant.has_phone,
                   Participant.name_in_report, Participant.table_id)
_THEME_COLUMNS = (Theme.id, Theme.phase_id, Theme.name)
_PEOPLE_FIELDS = tuple(c.key for c in _PEOPLE_COLUMNS)
_THEME_FIELDS = tuple(c.key for c in _THEME_COLUMNS)
_PEOPLE = select(*_PEOPLE_COLUMNS).order_by(Participant.seat)


def _named(names: tuple[str, ...], row) -> dict:
    """A row of plain columns as {field: value}: several times cheaper than a Row's own ``row.name``
    or ``row._mapping``."""
    return dict(zip(names, row))


def _participant_view(row) -> ParticipantView:
    """One row of ``_PEOPLE_COLUMNS`` as a ParticipantView."""
    return ParticipantView(**_named(_PEOPLE_FIELDS, row))


def _card_view(row, names: dict[int, str], votes: dict[int, int]) -> CardView:
    """One row of ``_CARD_COLUMNS`` as a CardView, with its author's name and its dots.
    Unpacked in the columns' order rather than through ``_named``: a full load builds up to
    3,000 of these, and a dict per row made that half again as slow."""
    id_, phase_id, participant_id, kind, text, updated_at, hidden, theme_id, merged_into, resource, table_id = row
    return CardView(id=id_, phase_id=phase_id, participant_id=participant_id, author=names.get(participant_id, ""),
                    kind=kind, text=text, updated_at=updated_at, hidden=hidden, theme_id=theme_id,
                    merged_into=merged_into, resource=resource, votes=votes.get(id_, 0), table_id=table_id)


def load_snapshot(
    session_id: int, previous: SessionSnapshot | None = None, topics: frozenset[str] = frozenset({"session"})
) -> SessionSnapshot | None:
    """The session's read model, or None if it does not exist.

    With the ``previous`` snapshot and the ``topics`` that changed since, only what changed is
    read again: a turn change needs no database at all (the turn state lives in memory), and
    rows are read as plain columns, which is several times cheaper than ORM objects.
    """
    if previous is not None and previous.id == session_id:
        if topics <= TURNS_ONLY:
            return replace(previous, turns=turns.state(session_id), tables=_table_turns(session_id, previous.tables),
                           _index=_without(previous._index, {"tables"}))
        if topics <= NEW_CARDS:  # people joined, cards were placed: nothing already shown changed
            return _with_news(previous, topics)
    with db.session() as s:
        row = s.get(DialogueSession, session_id)
        if row is None:
            return None
        phases = s.exec(select(Phase).where(Phase.session_id == session_id).order_by(Phase.position)).all()
        people = s.exec(_PEOPLE.where(Participant.session_id == session_id)).all()
        cards = s.exec(select(*_CARD_COLUMNS).where(Card.session_id == session_id).order_by(Card.id)).all()
        themes = s.exec(select(*_THEME_COLUMNS).where(Theme.session_id == session_id).order_by(Theme.id)).all()
        votes = s.exec(select(Vote.card_id, Vote.participant_id).where(Vote.session_id == session_id)).all()
        actions = s.exec(select(Action).where(Action.session_id == session_id).order_by(Action.id)).all()
        evaluated = s.exec(select(Evaluation.participant_id).where(Evaluation.session_id == session_id)).all()
        tables = s.exec(select(SessionTable.id, SessionTable.position, SessionTable.name, SessionTable.runs_on)
                        .where(SessionTable.session_id == session_id).order_by(SessionTable.position)).all()
    participants = tuple(_participant_view(p) for p in people)
    names = {p.id: p.display_name for p in participants}
    tally: dict[int, int] = {}
    for card_id, _voter in votes:
        tally[card_id] = tally.get(card_id, 0) + 1
    try:
        rules = templates.load(row.template_key).ground_rules
    except KeyError:
        rules = ()
    return SessionSnapshot(
        id=row.id,
        organiser_id=row.organiser_id,
        title=row.title,
        theme=row.theme,
        neighbourhood=row.neighbourhood,
        place=row.place,
        held_on=row.held_on,
        join_code=row.join_code,
        status=row.status,
        current_phase=row.current_phase,
        ground_rules=rules,
        phases=tuple(_phase_view(p) for p in phases),
        participants=participants,
        cards=tuple(_card_view(c, names, tally) for c in cards),
        turns=turns.state(session_id),
        themes=tuple(ThemeView(**_named(_THEME_FIELDS, t)) for t in themes),
        votes=tuple((card_id, pid) for card_id, pid in votes),
        actions=tuple(ActionView.from_action(a) for a in actions),
        evaluated=frozenset(evaluated),
        voting_open=row.voting_open,
        results_shown=row.results_shown,
        votes_per_person=row.votes_per_person,
        votes_per_card=row.votes_per_card,
        language=row.language,
        tables=tuple(TableView(id_, position, name, turns.state(session_id, id_), runs_on)
                     for id_, position, name, runs_on in tables),
        table_choice=row.table_choice,
        projector_view=row.projector_view,
        table_message=row.table_message,
        table_message_at=row.table_message_at,
    )


def _table_turns(session_id: int, tables: tuple[TableView, ...]) -> tuple[TableView, ...]:
    """The tables with their turns as they are now (kept in memory: no database)."""
    return tuple(t if t.turns is (now := turns.state(session_id, t.id)) else replace(t, turns=now) for t in tables)


def _without(index: dict, names: set[str]) -> dict:
    return {k: v for k, v in index.items() if k not in names} if names & index.keys() else index


def _with_news(previous: SessionSnapshot, topics: frozenset[str]) -> SessionSnapshot:
    """The previous snapshot plus who joined and which cards were placed since.

    A placed card only adds a row, so the new ones are read by id. The newest ``RECHECK`` ids
    already known are read again and merged: a card committed a moment after a higher id (two
    workers) is still picked up, and an edit of a brand-new card too. Votes do not change here."""
    session_id = previous.id
    changed = {"people", "people by table"} if "participants" in topics else set()
    participants, cards = previous.participants, previous.cards
    with db.session() as s:
        if "participants" in topics:  # someone joined or changed their consent: nobody's name changed
            people = s.exec(_PEOPLE.where(Participant.session_id == session_id)).all()
            participants = _kept(previous.participants, people)
            if participants is previous.participants:
                changed = set()
        if "card-added" in topics:
            kept = cards[:max(0, len(cards) - RECHECK)]
            since = kept[-1].id if kept else 0
            rows = s.exec(select(*_CARD_COLUMNS).where(Card.session_id == session_id, Card.id > since)
                          .order_by(Card.id)).all()
    if "card-added" in topics:
        names = {p.id: p.display_name for p in participants}
        votes = {c.id: c.votes for c in cards[len(kept):]}
        fresh = tuple(_card_view(c, names, votes) for c in rows)
        if fresh != cards[len(kept):]:
            cards = kept + fresh
            changed |= {"cards by phase", VISIBLE_BY_PHASE, "cards by person", "cards by table", "possibilities",
                        "possibilities key"}
    index = {k: v for k, v in previous._index.items() if k not in changed}
    if "card-added" in topics and "cards by phase" in changed:
        # Every screen and phone asks for cards by phase or by person after each flush: grouping
        # all of a full room's cards anew each time cost more than reading the new ones.
        for name, key in (CARDS_BY_PHASE, CARDS_BY_PERSON):
            if name in previous._index:
                index[name] = _regrouped(previous._index[name], since, fresh, key)
    index.pop("tables", None)
    return replace(previous, participants=participants, cards=cards, turns=turns.state(session_id),
                   tables=_table_turns(session_id, previous.tables), _index=index)


def _card_id(card: CardView) -> int:
    return card.id


def _kept(previous: tuple[ParticipantView, ...], rows) -> tuple[ParticipantView, ...]:
    """The participants of ``rows``, each as the previous snapshot's view where nothing about them
    changed (``previous`` itself if nothing did). A full room joining rereads everyone at each
    flush; new views for all of them each time, kept alive by the phones that still hold an older
    snapshot, were 11–21 thousand objects for every full garbage collection to walk at the join
    storm (benchmarks/RESULTS.md, issue #15)."""
    old = {p.id: p for p in previous}
    fresh = []
    for row in rows:
        view = _participant_view(row)
        same = old.get(view.id)
        fresh.append(same if same == view else view)
    if len(fresh) == len(previous) and all(a is b for a, b in zip(fresh, previous)):
        return previous
    return tuple(fresh)


def _regrouped(groups: dict, since: int, fresh: tuple[CardView, ...], key) -> dict:
    """``groups`` (lists in id order) without the cards after id ``since``, plus ``fresh``.
    The previous snapshot's lists are shared by other screens: changed ones are copies."""
    result = dict(groups)
    touched: dict = {}
    for old in groups.values():  # the rechecked tail: at the end of its lists
        if old and old[-1].id > since:
            k = key(old[-1])
            touched[k] = old[:bisect.bisect_right(old, since, key=_card_id)]  # (in C: a phase's list is long)
    for card in fresh:
        k = key(card)
        if k not in touched:
            touched[k] = list(groups.get(k, ()))
        touched[k].append(card)
    for k, cards in touched.items():
        if cards:
            result[k] = cards
        else:
            result.pop(k, None)
    return result


def list_sessions(organiser_id: int) -> list[SessionSummary]:
    """The organiser's sessions, newest first, with counts in three queries."""
    with db.session() as s:
        rows = s.exec(
            select(DialogueSession)
            .where(DialogueSession.organiser_id == organiser_id)
            .order_by(col(DialogueSession.created_at).desc(), col(DialogueSession.id).desc())
        ).all()
        ids = [r.id for r in rows]
        people = dict(
            s.exec(
                select(Participant.session_id, func.count())
                .where(col(Participant.session_id).in_(ids))
                .group_by(Participant.session_id)
            ).all()
        )
        cards = dict(
            s.exec(
                select(Card.session_id, func.count()).where(col(Card.session_id).in_(ids)).group_by(Card.session_id)
            ).all()
        )
        phase_names = {
            (p.session_id, p.position): p.name
            for p in s.exec(select(Phase).where(col(Phase.session_id).in_(ids))).all()
        }
    return [
        SessionSummary(
            id=r.id,
            title=r.title,
            held_on=r.held_on,
            status=r.status,
            current_phase=r.current_phase,
            phase_name=phase_names.get((r.id, r.current_phase), ""),
            participant_count=people.get(r.id, 0),
            card_count=cards.get(r.id, 0),
            join_code=r.join_code,
        )
        for r in rows
    ]
