"""Tables of a session (issue #15, docs/tables.md): how many there are, who sits where, and moving
someone. Each table has a turn stream of its own (``turns.state(session_id, table)``); a person
sits at one table at a time, and moving keeps their cards and their turns at the old table.

A session without tables is one group, exactly as before: nothing here runs for it until the
facilitator asks for two tables or more.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from sqlmodel import Session, func, select

from dialoog import db
from dialoog.i18n import N_, _, use
from dialoog.models import DialogueSession, Participant, SessionTable, TurnEvent, utcnow
from dialoog.sessions import engine as e
from dialoog.sessions import turns
from dialoog.sessions.access import Actor, owned, row_in_session
from dialoog.sessions.errors import InvalidInput
from dialoog.sessions.publishing import publish
from dialoog.sessions.text import required

MAX_TABLES = 200  # 1,000 people at tables of 5
MAX_NAME = 40
MAX_MESSAGE = 120
MESSAGE_SECONDS = 300  # "Bericht aan alle tafels" shows this long, unless taken back or replaced
NO_TABLE = N_("Deze tafel bestaat niet (meer).")
VIEWS = ("plenair", "tafels")  # the projector of a session with tables: per theme, or per table


def listing(s: Session, session_id: int) -> list[SessionTable]:
    """The session's tables, in order (none: the session is one group)."""
    return list(s.exec(select(SessionTable).where(SessionTable.session_id == session_id).order_by(SessionTable.position)))


def names(session_id: int) -> dict[int, str]:
    """The session's tables by id, in order (for a page that has no snapshot at hand)."""
    with db.session() as s:
        return {t.id: t.name for t in listing(s, session_id)}


def set_count(actor: Actor, session_id: int, count: int) -> None:
    """"Aantal tafels": make or remove tables until there are ``count`` (0 or 1: one group).

    New tables are called "Tafel 3" in the session's language. Only a table without history
    (no turn of its own yet) is removed; its people are seated elsewhere. Whoever sits at no
    table yet (they joined before there were tables) is seated, fewest people first."""
    if not 0 <= count <= MAX_TABLES:
        raise InvalidInput("Kies een aantal tafels tussen 0 en {limit}.", limit=MAX_TABLES)
    wanted = 0 if count < 2 else count
    with db.session() as s:
        session = owned(s, actor, session_id)
        tables = listing(s, session_id)
        doomed = tables[wanted:]
        with_history = _with_history(s, session_id, [t.id for t in doomed])
        if with_history:
            last = max((t for t in doomed if t.id in with_history), key=lambda t: t.position)
            raise InvalidInput("{name} heeft al rondes gehad; die blijven in het verslag. Kies minstens {n} tafels.",
                               name=last.name, n=max(2, last.position + 1))
        with use(session.language):
            new = [SessionTable(session_id=session_id, position=position, name=_("Tafel {n}", n=position + 1))
                   for position in range(len(tables), wanted)]
        s.add_all(new)
        s.flush()
        pendings: dict[int | None, turns.Pending] = {}
        for table in new:  # a new table starts where the session is
            pendings[table.id] = turns.Pending(s, session_id, table.id)
            pendings[table.id].add(lambda at: e.PhaseChanged(at=at, phase=session.current_phase, by=e.PLENARY))
        doomed_ids = {t.id for t in doomed}
        kept = [t.id for t in listing(s, session_id) if t.id not in doomed_ids]
        people = s.exec(select(Participant).where(Participant.session_id == session_id)).all()
        if kept:
            _seat_all(s, session_id, [p for p in people if p.table_id is None or p.table_id in doomed_ids], kept,
                      pendings)
        else:  # back to one group: everyone at a table that goes returns to the group's stream
            for person in people:
                if person.table_id in doomed_ids:
                    _move_one(s, session_id, person, None, pendings)
        for table in doomed:
            s.delete(table)
        s.commit()
    for pending in pendings.values():
        pending.done()
    publish(session_id, "session")


def rename(actor: Actor, session_id: int, table_id: int, name: str) -> None:
    """A table's own name ("Tafel bij het raam")."""
    name = required(name, limit=MAX_NAME, empty=N_("Geef de tafel een naam."),
                    too_long=N_("Houd de naam kort: hoogstens {limit} tekens."))
    with db.session() as s:
        owned(s, actor, session_id)
        table = row_in_session(s, SessionTable, table_id, session_id, NO_TABLE)
        table.name = name
        s.add(table)
        s.commit()
    publish(session_id, "session")


def set_choice(actor: Actor, session_id: int, choose: bool) -> None:
    """Whether phones choose their table ("Kies je tafel") or are seated where it is quietest."""
    with db.session() as s:
        session = owned(s, actor, session_id)
        session.table_choice = bool(choose)
        s.add(session)
        s.commit()
    publish(session_id, "session")


def set_runs_on(actor: Actor, session_id: int, table_id: int, runs_on: bool) -> None:
    """"Laat doorlopen": the table stays in its phase (its round goes on) when the main console moves
    the others on. Switched off, the table joins the session's phase at once."""
    with db.session() as s:
        session = owned(s, actor, session_id)
        table = row_in_session(s, SessionTable, table_id, session_id, NO_TABLE)
        if table.runs_on == runs_on:
            return
        table.runs_on = runs_on
        s.add(table)
        pending = turns.Pending(s, session_id, table_id)
        if not runs_on:
            pending.add(lambda at: e.PhaseChanged(at=at, phase=session.current_phase, by=e.PLENARY))
        s.commit()
    pending.done()
    publish(session_id, "session")


def set_projector_view(actor: Actor, session_id: int, view: str) -> None:
    """"Plenair" (the cards of all tables per theme) or "Tafelweergave" (per table) on the projector."""
    if view not in VIEWS:
        raise InvalidInput("Kies Plenair of Tafelweergave.")
    with db.session() as s:
        session = owned(s, actor, session_id)
        session.projector_view = view
        s.add(session)
        s.commit()
    publish(session_id, "session")


def send_message(actor: Actor, session_id: int, text: str) -> None:
    """"Bericht aan alle tafels": a short line ("Nog 5 minuten") on every table host's console and
    every phone, for ``MESSAGE_SECONDS`` or until it is taken back or replaced."""
    text = required(text, limit=MAX_MESSAGE, empty=N_("Schrijf eerst een kort bericht, bijvoorbeeld: Nog 5 minuten."),
                    too_long=N_("Houd het bericht kort: hoogstens {limit} tekens."))
    _set_message(actor, session_id, text)


def clear_message(actor: Actor, session_id: int) -> None:
    """Take the message to all tables back (also what the main console does when its time is up)."""
    _set_message(actor, session_id, "")


def _set_message(actor: Actor, session_id: int, text: str) -> None:
    with db.session() as s:
        session = owned(s, actor, session_id)
        if not text and not session.table_message:
            return
        session.table_message, session.table_message_at = text, utcnow() if text else None
        s.add(session)
        s.commit()
    publish(session_id, "session")


def message_now(text: str, sent_at: datetime | None, now: datetime | None = None) -> str:
    """The message to all tables as it shows now: "" once ``MESSAGE_SECONDS`` have passed."""
    if not text or sent_at is None:
        return ""
    if sent_at.tzinfo is None:  # SQLite gives it back without its zone
        sent_at = sent_at.replace(tzinfo=timezone.utc)
    return text if ((now or utcnow()) - sent_at).total_seconds() < MESSAGE_SECONDS else ""


def table_for_newcomer(s: Session, session_id: int, chosen: int | None, *, by_facilitator: bool = False) -> int | None:
    """Where someone who joins now sits: the table they chose (when the session lets them, or when a
    facilitator seats them there), else the table with the fewest people (the first of equals);
    None without tables."""
    tables = [t.id for t in listing(s, session_id)]
    if not tables:
        return None
    if chosen is not None and chosen in tables and (by_facilitator or s.get(DialogueSession, session_id).table_choice):
        return chosen
    return _quietest(_seated(s, session_id), tables)


def move(actor: Actor, session_id: int, participant_id: int, table_id: int) -> None:
    """"Verplaats naar": the person sits at ``table_id`` from now on. Their cards stay theirs, their
    turns stay in the old table's history; in the new table's round they join at the end."""
    with db.session() as s:
        owned(s, actor, session_id)
        person = row_in_session(s, Participant, participant_id, session_id, N_("Deze deelnemer bestaat niet."))
        row_in_session(s, SessionTable, table_id, session_id, NO_TABLE)
        if person.table_id == table_id:
            return
        pendings: dict[int | None, turns.Pending] = {}
        _move_one(s, session_id, person, table_id, pendings)
        s.commit()
    for pending in pendings.values():
        pending.done()
    publish(session_id, "participants", about=participant_id)


# ---- inside a transaction ---------------------------------------------------------------------
def _with_history(s: Session, session_id: int, table_ids: list[int]) -> set[int]:
    """Which of these tables have turns, passes or rounds of their own (more than arrivals)."""
    if not table_ids:
        return set()
    rows = s.exec(
        select(TurnEvent.table_id)
        .where(TurnEvent.session_id == session_id, TurnEvent.table_id.in_(table_ids),
               TurnEvent.kind.not_in(["Joined", "Moved", "PhaseChanged"]))
        .group_by(TurnEvent.table_id)
    )
    return set(rows.all())


def _seated(s: Session, session_id: int) -> Counter[int]:
    rows = s.exec(
        select(Participant.table_id, func.count()).where(Participant.session_id == session_id,
                                                         Participant.table_id.is_not(None))
        .group_by(Participant.table_id)
    )
    return Counter(dict(rows.all()))


def _quietest(seated: Counter[int], tables: list[int]) -> int:
    return min(tables, key=lambda t: (seated[t], tables.index(t)))


def _seat_all(s: Session, session_id: int, people: list[Participant], tables: list[int],
              pendings: dict[int | None, turns.Pending]) -> None:
    """Seat ``people`` one by one at the quietest of ``tables`` (their events go into ``pendings``)."""
    seated = _seated(s, session_id)
    for person in sorted(people, key=lambda p: p.seat):
        if person.table_id is not None:
            seated[person.table_id] -= 1
        target = _quietest(seated, tables)
        seated[target] += 1
        _move_one(s, session_id, person, target, pendings)


def _move_one(s: Session, session_id: int, person: Participant, table_id: int | None,
              pendings: dict[int | None, turns.Pending]) -> None:
    """``Moved`` in the old stream, ``Joined`` in the new one, and the person's table; one Pending
    per stream, so a hundred people seated at once are a hundred events, not a hundred reloads."""
    for stream in (person.table_id, table_id):
        if stream not in pendings:
            pendings[stream] = turns.Pending(s, session_id, stream)
    pid, has_phone, by = person.id, person.has_phone, e.FACILITATOR
    pendings[person.table_id].add(lambda at: e.Moved(at=at, pid=pid))
    pendings[table_id].add(lambda at: e.Joined(at=at, pid=pid, has_phone=has_phone, by=by))
    person.table_id = table_id
    s.add(person)
