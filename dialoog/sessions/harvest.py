"""The harvest of a session: moderation, themes, dot voting, offers and asks, actions, evaluation."""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session, delete, select

from dialoog import db
from dialoog.i18n import N_
from dialoog.models import Action, Card, CardRevision, Contact, Evaluation, Participant, Phase, Theme, Vote, utcnow
from dialoog.sessions.access import Actor, member, open_session, row_in_session
from dialoog.sessions.access import owned as _owned
from dialoog.sessions.errors import InvalidInput, NotFound
from dialoog.sessions.publishing import commit, publish
from dialoog.sessions.templates import RESOURCE_KINDS, check_resource
from dialoog.sessions.text import clean_card_text, clean_line, clean_text, required

# The rungs of the participation ladder: Dutch source text, translated where shown.
PARTICIPATION_LEVELS = {
    "informeren": N_("Informeren"),
    "raadplegen": N_("Raadplegen"),
    "adviseren": N_("Adviseren"),
    "coproduceren": N_("Coproduceren"),
    "meebeslissen": N_("Meebeslissen"),
}
# What a participant agrees to: shown translated (the checkbox); stored with the contact as this Dutch source text.
CONTACT_CONSENT = N_("Mijn contactgegevens mogen gedeeld worden met de organisator voor dit aanbod")
VOTABLE_KINDS = ("mogelijkheid",)
MAX_THEME = 80
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{7,18}[0-9]$")
CARD_GONE = N_("Deze kaart bestaat niet meer.")
THEME_GONE = N_("Dit thema bestaat niet meer.")
ACTION_GONE = N_("Deze actie bestaat niet meer.")


def _card(s: Session, session_id: int, card_id: int) -> Card:
    return row_in_session(s, Card, card_id, session_id, CARD_GONE)


# ---- moderation ----------------------------------------------------------------------------
def set_hidden(actor: Actor, session_id: int, card_id: int, hidden: bool = True) -> None:
    """Hide a card (it leaves the screen at once) or show it again."""
    with db.session() as s:
        _owned(s, actor, session_id)
        card = _card(s, session_id, card_id)
        card.hidden = hidden
        commit(s, card, session_id, "cards")


def edit_as_facilitator(actor: Actor, session_id: int, card_id: int, text: str) -> None:
    """Rewrite a card (a typo, a name that should not be there); the original stays in its history."""
    text = clean_card_text(text)
    with db.session() as s:
        _owned(s, actor, session_id)
        card = _card(s, session_id, card_id)
        if card.text == text:
            return
        s.add(CardRevision(card_id=card.id, text=card.text))
        card.text, card.updated_at = text, utcnow()
        commit(s, card, session_id, "cards")


def card_history(session_id: int, card_id: int) -> list[str]:
    """Earlier texts of a card, oldest first."""
    with db.session() as s:
        _card(s, session_id, card_id)
        rows = s.exec(select(CardRevision).where(CardRevision.card_id == card_id).order_by(CardRevision.id)).all()
    return [r.text for r in rows]


def merge(actor: Actor, session_id: int, keep_id: int, duplicate_id: int) -> None:
    """Fold a duplicate into another card: it disappears from view, its dots move along."""
    if keep_id == duplicate_id:
        raise InvalidInput("Kies twee verschillende kaarten.")
    with db.session() as s:
        _owned(s, actor, session_id)
        keep, duplicate = _card(s, session_id, keep_id), _card(s, session_id, duplicate_id)
        duplicate.merged_into, duplicate.hidden = keep.id, True
        for vote in s.exec(select(Vote).where(Vote.card_id == duplicate.id)).all():
            vote.card_id = keep.id
            s.add(vote)
        commit(s, duplicate, session_id, "cards")


# ---- themes ----------------------------------------------------------------------------------
def add_theme(actor: Actor, session_id: int, phase_id: int, name: str) -> int:
    """A new theme to group the cards of one phase under; returns its id."""
    name = required(name, limit=MAX_THEME, empty=N_("Geef het thema een naam."),
                    too_long=N_("Houd de naam van het thema kort: hoogstens {limit} tekens."))
    with db.session() as s:
        _owned(s, actor, session_id)
        row_in_session(s, Phase, phase_id, session_id, N_("Deze fase bestaat niet."))
        theme = Theme(session_id=session_id, phase_id=phase_id, name=name)
        commit(s, theme, session_id, "cards")
    return theme.id


def remove_theme(actor: Actor, session_id: int, theme_id: int) -> None:
    """Delete a theme; its cards stay, without a theme."""
    with db.session() as s:
        _owned(s, actor, session_id)
        theme = row_in_session(s, Theme, theme_id, session_id, THEME_GONE)
        for card in s.exec(select(Card).where(Card.theme_id == theme_id)).all():
            card.theme_id = None
            s.add(card)
        s.delete(theme)
        s.commit()
    publish(session_id, "cards")


def set_theme(actor: Actor, session_id: int, card_id: int, theme_id: int | None) -> None:
    """Put a card under a theme, or (``theme_id`` None) under none."""
    with db.session() as s:
        _owned(s, actor, session_id)
        card = _card(s, session_id, card_id)
        if theme_id is not None:
            row_in_session(s, Theme, theme_id, session_id, THEME_GONE)
        card.theme_id = theme_id
        commit(s, card, session_id, "cards")


# ---- dot voting ------------------------------------------------------------------------------
def set_voting(
    actor: Actor, session_id: int, *, open_: bool | None = None, show_results: bool | None = None,
    per_person: int | None = None, per_card: int | None = None,
) -> None:
    """Open or close the dot voting, show or hide its results, set the dots per person and per card;
    what is left None stays as it is."""
    with db.session() as s:
        row = _owned(s, actor, session_id)
        if per_person is not None:
            if not 1 <= per_person <= 20:
                raise InvalidInput("Kies 1 tot 20 stemmen per persoon.")
            row.votes_per_person = per_person
        if per_card is not None:
            if not 1 <= per_card <= 20:
                raise InvalidInput("Kies 1 tot 20 stemmen per kaart.")
            row.votes_per_card = per_card
        if open_ is not None:
            row.voting_open = open_
        if show_results is not None:
            row.results_shown = show_results
        commit(s, row, session_id, "session")


def cast_vote(session_id: int, participant_id: int, card_id: int) -> None:
    """Put one dot on a possibility; refused with a friendly reason past the limits."""
    with db.session() as s:
        session = open_session(s, session_id)
        member(s, session_id, participant_id)
        if not session.voting_open:
            raise InvalidInput("Het stemmen is nu niet open.")
        card = _card(s, session_id, card_id)
        if card.hidden or card.kind not in VOTABLE_KINDS:
            raise InvalidInput("Op deze kaart kun je niet stemmen.")
        mine = s.exec(select(Vote.card_id).where(Vote.session_id == session_id, Vote.participant_id == participant_id)).all()
        if len(mine) >= session.votes_per_person:
            raise InvalidInput.counted(
                "Je hebt je stem al gebruikt. Haal hem weg om opnieuw te kiezen.",
                "Je hebt al je {n} stemmen gebruikt. Haal er een weg om opnieuw te kiezen.",
                session.votes_per_person,
            )
        if sum(1 for c in mine if c == card_id) >= session.votes_per_card:
            raise InvalidInput.counted(
                "Je kunt hoogstens {n} stem op één kaart zetten.",
                "Je kunt hoogstens {n} stemmen op één kaart zetten.",
                session.votes_per_card,
            )
        s.add(Vote(session_id=session_id, card_id=card_id, participant_id=participant_id))
        s.commit()
    publish(session_id, "cards")


def withdraw_vote(session_id: int, participant_id: int, card_id: int) -> None:
    """Take one of your dots off a card again (nothing happens when there is none)."""
    with db.session() as s:
        session = open_session(s, session_id)
        if not session.voting_open:
            raise InvalidInput("Het stemmen is nu niet open.")
        vote = s.exec(
            select(Vote).where(Vote.card_id == card_id, Vote.participant_id == participant_id)
        ).first()
        if vote is None:
            return
        s.delete(vote)
        s.commit()
    publish(session_id, "cards")


# ---- offers and asks -------------------------------------------------------------------------
def set_resource(session_id: int, participant_id: int, card_id: int, resource: str) -> None:
    """Say what your own offer or ask is about: a key of ``templates.RESOURCES``, or empty for none."""
    check_resource(resource)
    with db.session() as s:
        card = _card(s, session_id, card_id)
        if card.participant_id != participant_id:
            raise NotFound(CARD_GONE)
        card.resource = resource
        commit(s, card, session_id, "cards")


def clean_contact(contact: str) -> str:
    """Contact details as typed, cleaned; InvalidInput unless it looks like an e-mail address or a phone number."""
    contact = clean_line(contact)
    if not (_EMAIL.match(contact) or _PHONE.match(contact)):
        raise InvalidInput("Vul een e-mailadres of telefoonnummer in, bijvoorbeeld naam@voorbeeld.nl of 06 1234 5678.")
    return contact


def share_contact(session_id: int, participant_id: int, card_id: int, contact: str) -> None:
    """Explicit opt-in: these details go to the organiser for this offer, nowhere else."""
    contact = clean_contact(contact)
    with db.session() as s:
        open_session(s, session_id)
        card = _card(s, session_id, card_id)
        if card.participant_id != participant_id or card.kind not in RESOURCE_KINDS:
            raise InvalidInput("Contactgegevens horen bij een eigen aanbod of vraag.")
        s.exec(delete(Contact).where(Contact.card_id == card_id))
        s.add(Contact(session_id=session_id, card_id=card_id, participant_id=participant_id,
                      contact=contact, consent=CONTACT_CONSENT))
        s.commit()


def withdraw_contact(session_id: int, participant_id: int, card_id: int) -> None:
    """Take back the contact details you shared for your offer or ask."""
    with db.session() as s:
        s.exec(delete(Contact).where(Contact.card_id == card_id, Contact.participant_id == participant_id))
        s.commit()


def contact_of(session_id: int, participant_id: int, card_id: int) -> str:
    """The contact details you shared for this card of yours, or an empty string."""
    with db.session() as s:
        row = s.exec(
            select(Contact).where(Contact.card_id == card_id, Contact.participant_id == participant_id)
        ).first()
    return row.contact if row else ""


def contacts(organiser_id: int, session_id: int) -> list[tuple[str, str, str, str]]:
    """For the organiser only (not for a facilitator link): (name, offer text, contact, consent) per opt-in."""
    with db.session() as s:
        _owned(s, organiser_id, session_id, organiser_only=True)
        rows = s.exec(
            select(Contact, Card, Participant)
            .where(Contact.session_id == session_id, Contact.card_id == Card.id, Contact.participant_id == Participant.id)
            .order_by(Contact.id)
        ).all()
    return [(p.display_name, c.text, k.contact, k.consent) for k, c, p in rows]


# ---- actions -----------------------------------------------------------------------------------
def _action_fields(what: str, who: str, first_step: str, when: str, needs: str) -> dict[str, str]:
    fields = {
        "what": clean_text(what), "who": clean_line(who), "first_step": clean_text(first_step),
        "when": clean_line(when), "needs": clean_text(needs),
    }
    limits = {"what": 500, "who": 200, "first_step": 500, "when": 100, "needs": 500}
    for key, value in fields.items():
        if len(value) > limits[key]:
            raise InvalidInput("Dit veld is te lang: hoogstens {limit} tekens.", limit=limits[key])
    if not fields["what"]:
        raise InvalidInput("Schrijf op wat je gaat doen, of kies ‘Geen actie’.")
    return fields


def add_action(
    session_id: int, participant_id: int | None, *, what: str = "", who: str = "", first_step: str = "",
    when: str = "", needs: str = "", no_action: bool = False, source_card_id: int | None = None,
    follow_up_on: date | None = None,
) -> int:
    """A step someone takes (Doen). ``no_action`` records the valid answer "geen actie"."""
    with db.session() as s:
        open_session(s, session_id)
        if participant_id is not None:
            person = member(s, session_id, participant_id)
            who = who or person.display_name
        if no_action:
            action = Action(session_id=session_id, participant_id=participant_id, no_action=True, who=who)
        else:
            action = Action(session_id=session_id, participant_id=participant_id, source_card_id=source_card_id,
                            follow_up_on=follow_up_on, **_action_fields(what, who, first_step, when, needs))
        commit(s, action, session_id, "cards")
    return action.id


def action_from_card(actor: Actor, session_id: int, card_id: int) -> int:
    """Turn a possibility into an action; the trekker and steps can be filled in afterwards."""
    with db.session() as s:
        _owned(s, actor, session_id)
        card = _card(s, session_id, card_id)
        if s.exec(select(Action.id).where(Action.source_card_id == card_id)).first() is not None:
            raise InvalidInput("Van deze kaart is al een actie gemaakt.")
        text = card.text
    return add_action(session_id, None, what=text, source_card_id=card_id)


def update_action(actor: Actor, session_id: int, action_id: int, **values) -> None:
    """Change an action's fields (``what``, ``who``, ``first_step``, ``when``, ``needs``, ``follow_up_on``);
    those not given keep their value. A "geen actie" answer becomes an action."""
    with db.session() as s:
        _owned(s, actor, session_id)
        action = row_in_session(s, Action, action_id, session_id, ACTION_GONE)
        follow_up = values.pop("follow_up_on", action.follow_up_on)
        fields = _action_fields(
            values.get("what", action.what), values.get("who", action.who), values.get("first_step", action.first_step),
            values.get("when", action.when), values.get("needs", action.needs),
        )
        for key, value in fields.items():
            setattr(action, key, value)
        action.follow_up_on, action.no_action = follow_up, False
        commit(s, action, session_id, "cards")


def remove_action(actor: Actor, session_id: int, action_id: int) -> None:
    """Delete an action (or a "geen actie" answer); one that is already gone is no error."""
    with db.session() as s:
        _owned(s, actor, session_id)
        removed = _delete_action(s, session_id, action_id)
    if removed:
        publish(session_id, "cards")


def remove_own_action(session_id: int, participant_id: int, action_id: int) -> None:
    """A participant deletes an action (or "geen actie" answer) of their own; NotFound for anyone else's."""
    with db.session() as s:
        removed = _delete_action(s, session_id, action_id, participant_id)
    if removed:
        publish(session_id, "cards")


def _delete_action(s: Session, session_id: int, action_id: int, participant_id: int | None = None) -> bool:
    """Delete and commit; False when the action is already gone. With ``participant_id``, only theirs."""
    action = s.get(Action, action_id)
    if action is None or action.session_id != session_id:
        return False
    if participant_id is not None and action.participant_id != participant_id:
        raise NotFound(ACTION_GONE)
    s.delete(action)
    s.commit()
    return True


# ---- evaluation and consent -------------------------------------------------------------------
def evaluate(session_id: int, participant_id: int, score: int, remark: str = "") -> None:
    """One evaluation per participant (a later one replaces it): 1 to 5 and an optional sentence."""
    if score not in range(1, 6):
        raise InvalidInput("Kies een van de vijf gezichtjes.")
    remark = clean_text(remark)
    if len(remark) > 500:
        raise InvalidInput("Houd je zin kort: hoogstens 500 tekens.")
    with db.session() as s:
        open_session(s, session_id)
        member(s, session_id, participant_id)
        row = s.exec(select(Evaluation).where(Evaluation.participant_id == participant_id)).first()
        if row is None:
            row = Evaluation(session_id=session_id, participant_id=participant_id, score=score, remark=remark)
        row.score, row.remark = score, remark
        commit(s, row, session_id, "cards")


def set_name_in_report(session_id: int, participant_id: int, allowed: bool) -> None:
    """The participant's consent to their first name in the report; only while the session runs
    (after it, the report may be out: a change then goes through the organiser)."""
    with db.session() as s:
        open_session(s, session_id)
        person = member(s, session_id, participant_id)
        person.name_in_report = allowed
        commit(s, person, session_id, "participants", about=participant_id)


def update_report_header(
    organiser_id: int, session_id: int, *, organisation: str, facilitator_name: str, participation_level: str,
    follow_up: str,
) -> None:
    """The report's header fields that are not in the session's details (the organiser's to edit)."""
    if participation_level not in PARTICIPATION_LEVELS:
        raise InvalidInput("Kies een niveau van informeren tot meebeslissen.")
    follow_up = clean_text(follow_up)
    if len(follow_up) > 2000:
        raise InvalidInput("Houd dit korter: hoogstens 2000 tekens.")
    with db.session() as s:
        row = _owned(s, organiser_id, session_id, organiser_only=True)
        row.organisation, row.facilitator_name = clean_line(organisation)[:200], clean_line(facilitator_name)[:200]
        row.participation_level, row.follow_up = participation_level, follow_up
        commit(s, row, session_id, "session")

