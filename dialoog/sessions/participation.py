"""What a participant does: join with a name, write, edit and delete cards."""

from __future__ import annotations

from sqlmodel import Session, func, select

from dialoog import db
from dialoog.config import get_settings
from dialoog.i18n import N_
from dialoog.models import Card, DialogueSession, Participant, Phase, utcnow
from dialoog.sessions import codes, tables, throttle, turns
from dialoog.sessions import engine as e
from dialoog.sessions.access import CLOSED, NOT_A_MEMBER, open_session
from dialoog.sessions.errors import InvalidInput, NotFound, SessionClosed
from dialoog.sessions.publishing import commit, publish
from dialoog.sessions.templates import RESOURCE_KINDS, check_resource
from dialoog.sessions.text import clean_card_text, required

MAX_NAME = 40
NO_CARDS = N_("In deze fase schrijf je geen kaarten.")


def find_open_session(code: str) -> int | None:
    """The id of the open session with this join code, or None."""
    return _find_by_code(code, "open")


def find_ended_session(code: str) -> int | None:
    """The most recently ended session with this join code (for its results page), or None."""
    return _find_by_code(code, "closed")


def _find_by_code(code: str, status: str) -> int | None:
    """The latest session with this join code (as typed) and ``status``, or None. An open code is
    unique among open sessions; an ended one may have been used before, so the latest counts."""
    code = codes.normalise(code)
    if len(code) != codes.LENGTH:
        return None
    with db.session() as s:
        return s.exec(
            select(DialogueSession.id)
            .where(DialogueSession.join_code == code, DialogueSession.status == status)
            .order_by(DialogueSession.id.desc())
        ).first()


def clean_name(name: str) -> str:
    """A participant's name as typed, cleaned to one line; InvalidInput when empty or too long."""
    return required(
        name, limit=MAX_NAME, empty=N_("Vul je voornaam of een bijnaam in."),
        too_long=N_("Kies een kortere naam: hoogstens {limit} tekens."),
    )


def join(session_id: int, name: str, *, has_phone: bool = True, table: int | None = None,
         by_facilitator: bool = False) -> Participant:
    """A new participant. A name already in use gets a number: 'Anna (2)'. With tables, they sit at
    the ``table`` they chose (when the session lets people choose) or a facilitator chose for them,
    else where it is quietest."""
    name = clean_name(name)
    with db.session() as s:
        open_session(s, session_id)
        # Plain columns, not ORM objects: a full room joins within seconds.
        names = s.exec(select(Participant.name).where(Participant.session_id == session_id)).all()
        same = sum(1 for n in names if n.casefold() == name.casefold())
        seat = (s.exec(select(func.max(Participant.seat)).where(Participant.session_id == session_id)).one() or 0) + 1
        participant = Participant(
            session_id=session_id,
            name=name,
            display_name=name if same == 0 else f"{name} ({same + 1})",
            seat=seat,
            has_phone=has_phone,
            table_id=tables.table_for_newcomer(s, session_id, table, by_facilitator=by_facilitator),
        )
        s.add(participant)
        s.flush()
        pending = turns.Pending(s, session_id, participant.table_id)
        by = e.PARTICIPANT if has_phone else e.FACILITATOR
        pending.add(lambda at: e.Joined(at=at, pid=participant.id, has_phone=has_phone, by=by))
        s.commit()
    pending.done()
    publish(session_id, "participants", about=participant.id)
    return participant


def get_participant(session_id: int, participant_id: int) -> Participant | None:
    """The participant row, if it belongs to this session; otherwise None."""
    with db.session() as s:
        p = s.get(Participant, participant_id)
        return p if p is not None and p.session_id == session_id else None


def add_card(
    session_id: int, participant_id: int, text: str, *, kind: str = "", draft_key: str = "", resource: str = ""
) -> Card:
    """Store a card in the current phase. The same ``draft_key`` twice stores one card."""
    text = clean_card_text(text)
    with db.session() as s:
        # One read for the session, the participant, the current phase and an earlier card of the
        # same draft: a full room places fifty cards a second, and each ORM round trip costs about
        # a millisecond here.
        found = s.exec(
            select(DialogueSession.status, Phase.id, Phase.card_kinds, Card.id, Participant.table_id)
            .select_from(Participant)
            .join(DialogueSession, DialogueSession.id == Participant.session_id)
            .outerjoin(Phase, (Phase.session_id == DialogueSession.id)
                       & (Phase.position == DialogueSession.current_phase))
            .outerjoin(Card, (Card.participant_id == Participant.id) & (Card.draft_key == draft_key[:64])
                       & (Card.draft_key != ""))
            .where(Participant.id == participant_id, Participant.session_id == session_id)
            .order_by(Card.id)
        ).first()
        if found is None:
            open_session(s, session_id)  # a closed or unknown session says so first
            raise NotFound(NOT_A_MEMBER)
        status, phase_id, card_kinds, earlier_id, table_id = found
        if status != "open":
            raise SessionClosed(CLOSED)
        if earlier_id is not None:  # the same draft sent again (a retry): stored once
            return s.get(Card, earlier_id)
        position = _table_phase(session_id, table_id)
        if position is not None:  # a table that runs on ("Laat doorlopen") writes in its own phase
            phase_id, card_kinds = s.exec(select(Phase.id, Phase.card_kinds).where(
                Phase.session_id == session_id, Phase.position == position)).first() or (None, "")
        if phase_id is None or not card_kinds:
            raise InvalidInput(NO_CARDS)
        throttle.hit(
            "cards", f"{session_id}:{participant_id}", get_settings().cards_per_minute,
            N_("Rustig aan: je hebt veel kaarten vlak na elkaar geplaatst. Wacht even en probeer het over "
               "een minuut opnieuw. Je tekst blijft staan."),
        )
        kinds = card_kinds.split(",")
        if kind and kind not in kinds:
            raise InvalidInput("Dit soort kaart hoort niet bij deze fase.")
        check_resource(resource)
        card = Card(
            session_id=session_id,
            phase_id=phase_id,
            participant_id=participant_id,
            kind=kind or kinds[0],
            text=text,
            draft_key=draft_key[:64],
            resource=resource if (kind or kinds[0]) in RESOURCE_KINDS else "",
            table_id=table_id,  # where it was written: the projector's "Tafelweergave", the report
        )
        commit(s, card, session_id, "card-added", about=participant_id)
    return card


def _table_phase(session_id: int, table_id: int | None) -> int | None:
    """The phase a table is in when it is not the session's: it runs on ("Laat doorlopen") in an
    earlier one. Its stream keeps it (``SessionSnapshot.phase_at`` shows the same); None otherwise."""
    if table_id is None:
        return None
    phase = turns.state(session_id, table_id).phase
    return phase if phase >= 0 else None


def _own_open_card(s: Session, session_id: int, participant_id: int, card_id: int) -> Card:
    session = open_session(s, session_id)
    card = s.get(Card, card_id)
    if card is None or card.session_id != session_id or card.participant_id != participant_id:
        raise NotFound("Deze kaart bestaat niet meer.")
    phase = s.get(Phase, card.phase_id)
    person = s.get(Participant, participant_id)
    table_phase = _table_phase(session_id, person.table_id if person else None)
    if phase is None or phase.position != (session.current_phase if table_phase is None else table_phase):
        raise InvalidInput("Deze fase is voorbij; de kaart kan niet meer veranderen.")
    return card


def edit_card(session_id: int, participant_id: int, card_id: int, text: str) -> Card:
    """Change your own card while its phase is still the current one."""
    text = clean_card_text(text)
    with db.session() as s:
        card = _own_open_card(s, session_id, participant_id, card_id)
        card.text, card.updated_at = text, utcnow()
        commit(s, card, session_id, "cards")
    return card


def delete_card(session_id: int, participant_id: int, card_id: int) -> None:
    """Remove your own card while its phase is still the current one."""
    with db.session() as s:
        card = _own_open_card(s, session_id, participant_id, card_id)
        s.delete(card)
        s.commit()
    publish(session_id, "cards")


def count_cards(session_id: int) -> int:
    """How many cards the session has, hidden ones included."""
    with db.session() as s:
        return s.exec(select(func.count()).select_from(Card).where(Card.session_id == session_id)).one()
