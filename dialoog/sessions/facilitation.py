"""What an organiser or facilitator does with a session: create it, edit it, move through phases."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from dialoog import db, i18n
from dialoog.i18n import N_
from dialoog.models import DialogueSession, Participant, Phase, SessionTable, utcnow
from dialoog.sessions import codes, participation, templates, turns
from dialoog.sessions import engine as e
from dialoog.sessions.access import Actor, row_in_session
from dialoog.sessions.access import organiser as _organiser
from dialoog.sessions.access import owned as _owned
from dialoog.sessions.errors import InvalidInput
from dialoog.sessions.publishing import commit, publish
from dialoog.sessions.text import clean_line, required

MAX_TITLE = 200
MAX_QUESTION = 1000


def owns(organiser_id: int, session_id: int) -> bool:
    """Whether the session exists and is this organiser's own (a facilitator link never owns one)."""
    with db.session() as s:
        row = s.get(DialogueSession, session_id)
        return row is not None and row.organiser_id == organiser_id


def free_join_code(s: Session) -> str:
    """A code no open session uses. 25^6 ≈ 244 million codes, so a clash is rare."""
    for _attempt in range(50):
        code = codes.new_code()
        taken = s.exec(
            select(DialogueSession.id).where(DialogueSession.join_code == code, DialogueSession.status == "open")
        ).first()
        if taken is None:
            return code
    raise RuntimeError("no free join code found")


def _title(title: str) -> str:
    return required(title, limit=MAX_TITLE, empty=N_("Geef de sessie een titel."),
                    too_long=N_("De titel is te lang: hoogstens {limit} tekens."))


def create_session(
    organiser_id: int, title: str, template_key: str = templates.DEFAULT, language: str = i18n.DEFAULT
) -> int:
    """A new open session with the template's phases and questions, written in ``language`` (the
    facilitator can reword them afterwards); returns its id."""
    organiser_id = _organiser(organiser_id)
    title = _title(title)
    language = _language(language)
    try:
        template = templates.load(template_key)
    except KeyError:
        raise InvalidInput("Dit sjabloon bestaat niet.") from None
    with db.session() as s:
        row = DialogueSession(
            organiser_id=organiser_id, template_key=template.key, title=title, join_code=free_join_code(s),
            language=language,
        )
        s.add(row)
        s.flush()
        with i18n.use(language):
            phases = [(p, i18n._(p.name), i18n._(p.question)) for p in template.phases]
        for position, (p, name, question) in enumerate(phases):
            s.add(
                Phase(
                    session_id=row.id,
                    position=position,
                    key=p.key,
                    name=name,
                    question=question,
                    mode=p.mode,
                    card_kinds=",".join(p.card_kinds),
                )
            )
        s.commit()
        return row.id


def _language(language: str) -> str:
    if language not in i18n.LANGUAGES:
        raise InvalidInput("Kies een taal uit de lijst.")
    return language


def set_language(organiser_id: int, session_id: int, language: str) -> None:
    """The language of the console, the projector and the report (phones choose their own). The
    questions already written stay as they are: the facilitator rewords them if needed."""
    language = _language(language)
    with db.session() as s:
        row = _owned(s, organiser_id, session_id, organiser_only=True)
        row.language = language
        commit(s, row, session_id, "session")


def update_details(
    organiser_id: int,
    session_id: int,
    *,
    title: str,
    theme: str = "",
    neighbourhood: str = "",
    place: str = "",
    held_on: date | None = None,
) -> None:
    """Change the session's header; allowed before and during the session, to the organiser only."""
    title = _title(title)
    fields = {"theme": clean_line(theme), "neighbourhood": clean_line(neighbourhood), "place": clean_line(place)}
    for name, value in fields.items():
        if len(value) > MAX_TITLE:
            raise InvalidInput("Dit veld is te lang: hoogstens {limit} tekens.", limit=MAX_TITLE)
    with db.session() as s:
        row = _owned(s, organiser_id, session_id, organiser_only=True)
        row.title, row.held_on = title, held_on
        row.theme, row.neighbourhood, row.place = fields["theme"], fields["neighbourhood"], fields["place"]
        commit(s, row, session_id, "session")


def update_question(actor: Actor, session_id: int, phase_id: int, question: str) -> None:
    """Reword one phase's question; the screens follow at once."""
    question = required(question, limit=MAX_QUESTION, multiline=True,
                        empty=N_("Een fase heeft een vraag nodig."),
                        too_long=N_("De vraag is te lang: hoogstens {limit} tekens."))
    with db.session() as s:
        _owned(s, actor, session_id)
        phase = row_in_session(s, Phase, phase_id, session_id, N_("Deze fase bestaat niet."))
        phase.question = question
        commit(s, phase, session_id, "session")


def go_to_phase(actor: Actor, session_id: int, index: int) -> int:
    """Make phase ``index`` current (-1 is 'not started'); returns the index set."""
    with db.session() as s:
        row = _owned(s, actor, session_id)
        count = len(s.exec(select(Phase.id).where(Phase.session_id == session_id)).all())
        index = max(-1, min(index, count - 1))
        if index == row.current_phase:
            return index
        row.current_phase = index
        s.add(row)
        # Every stream moves: the session's group, and with tables each table (docs/tables.md),
        # but for a table that runs on ("Laat doorlopen"): it follows when that is switched off.
        running_on = set(s.exec(select(SessionTable.id).where(SessionTable.session_id == session_id,
                                                             SessionTable.runs_on)).all())
        moving = [turns.Pending(s, session_id, table) for table in turns.streams(s, session_id)
                  if table not in running_on]
        for pending in moving:
            # Ends the turn. Undoable in the one group's stream; in a table's, the plenary's clock.
            by = e.FACILITATOR if pending.table is None else e.PLENARY
            pending.add(lambda at, by=by: e.PhaseChanged(at=at, phase=index, by=by))
        s.commit()
    for pending in moving:
        pending.done()
    publish(session_id, "session")
    return index


def next_phase(actor: Actor, session_id: int) -> int:
    """Move on to the next phase (the last one stays); returns the index set."""
    return _step_phase(actor, session_id, +1)


def previous_phase(actor: Actor, session_id: int) -> int:
    """Go back to the previous phase (down to 'not started'); returns the index set."""
    return _step_phase(actor, session_id, -1)


def _step_phase(actor: Actor, session_id: int, step: int) -> int:
    with db.session() as s:
        current = _owned(s, actor, session_id).current_phase
    return go_to_phase(actor, session_id, current + step)


def close_session(actor: Actor, session_id: int) -> None:
    """End the session: no more joins or cards; its code becomes free for others."""
    with db.session() as s:
        row = _owned(s, actor, session_id)
        row.status = "closed"
        row.closed_at = utcnow()
        commit(s, row, session_id, "session")


def reopen_session(actor: Actor, session_id: int) -> None:
    """Undo a close made by mistake; gets a new code if another open session took the old one."""
    with db.session() as s:
        row = _owned(s, actor, session_id)
        if row.status == "open":
            return
        clash = s.exec(
            select(DialogueSession.id).where(
                DialogueSession.join_code == row.join_code, DialogueSession.status == "open"
            )
        ).first()
        if clash is not None:
            row.join_code = free_join_code(s)
        row.status = "open"
        commit(s, row, session_id, "session")


def add_participant_without_phone(actor: Actor, session_id: int, name: str, *, table: int | None = None) -> int:
    """Someone without a smartphone takes part through the console, exactly like the others; returns
    their id. With tables: at ``table`` (a table host adds to their own), else where it is quietest."""
    with db.session() as s:
        _owned(s, actor, session_id, table=table)
    return participation.join(session_id, name, has_phone=False, table=table, by_facilitator=True).id


def add_card_for(actor: Actor, session_id: int, participant_id: int, text: str, *, kind: str = "",
                 resource: str = "") -> int:
    """A card written by the facilitator on behalf of a participant (someone without a phone, or
    whose phone gave up): stored as that participant's own, like any card; returns its id."""
    with db.session() as s:
        person = s.get(Participant, participant_id)  # a table host writes for the people at their table
        _owned(s, actor, session_id, table=person.table_id if person is not None else None)
    return participation.add_card(session_id, participant_id, text, kind=kind, resource=resource).id


def report_header(organiser_id: int, session_id: int) -> dict[str, str]:
    """The report's header fields that are not in the live snapshot (the organiser's to edit)."""
    with db.session() as s:
        row = _owned(s, organiser_id, session_id, organiser_only=True)
        return {
            "organisation": row.organisation, "facilitator_name": row.facilitator_name,
            "participation_level": row.participation_level, "follow_up": row.follow_up,
        }
