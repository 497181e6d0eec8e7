"""The phone's parts of the harvest: dot voting, offers, actions, the evaluation and consent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from nicegui import ui

from dialoog.i18n import _, ngettext
from dialoog.pages.common import attempt, labelled, resource_toggle
from dialoog.pages.dialogs import FormDialog
from dialoog.sessions import harvest, participation
from dialoog.sessions.report import SMILEYS
from dialoog.sessions.views import SessionSnapshot

FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}
T = TypeVar("T")


class Later(Generic[T]):
    """A part of the phone page that is built the first time it is needed.

    A whole room scans the QR code within seconds: every element the page does not build
    at once makes that faster. The slot has no box of its own (``display: contents``), so the
    part sits in the page's column exactly where it would have been built."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self.part: T | None = None
        self.slot = ui.element("div").classes("contents")

    def get(self) -> T:
        if self.part is None:
            with self.slot:
                self.part = self._build()
        return self.part

    def paint_if(self, needed: bool, s: SessionSnapshot) -> None:
        """Paint the part when it is needed now, or was built before (then it hides)."""
        if needed or self.part is not None:
            self.get().paint(s, needed)  # type: ignore[attr-defined]


@dataclass
class VoteRow:
    """One possibility to vote on: its text, the dots given, and the two buttons."""

    root: ui.column
    text: ui.label
    dots: ui.label
    back: ui.button
    vote: ui.button


class VoteList:
    """The possibilities with a 'Stem' button each, and how many dots are left.

    Updated by difference: a new card adds a row, a vote changes one row's dots and buttons;
    with a thousand phones in the room nothing is rebuilt on every change."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        self.key: tuple = ()
        self.rows: dict[int, VoteRow] = {}
        with ui.column().classes("w-full gap-3") as self.root:
            ui.label(_("Stemmen")).classes("text-xl font-bold").props("role=heading aria-level=2")
            self.left = ui.label().classes("d-soon text-lg font-bold")
            self.list = ui.column().classes("w-full gap-3")

    def paint(self, s: SessionSnapshot, show: bool) -> None:
        """``show``: voting is open."""
        self.root.set_visibility(show)
        if not show:
            return
        mine = s.votes_of(self.participant_id)
        left = s.votes_per_person - len(mine)
        key = (s.possibilities_key(), tuple(sorted(mine)), left, s.votes_per_card)
        if key == self.key:
            return
        self.key = key
        self.left.set_text(ngettext("Je hebt nog {left} van je {n} stem.", "Je hebt nog {left} van je {n} stemmen.",
                                    s.votes_per_person, left=left) if left
                           else _("Je hebt al je stemmen gebruikt. Je kunt een stem terughalen."))
        cards = s.possibilities()
        wanted = {c.id for c in cards}
        for card_id in [i for i in self.rows if i not in wanted]:
            self.list.remove(self.rows.pop(card_id).root)
        for card in cards:
            row = self.rows.get(card.id)
            if row is None:
                row = self.rows[card.id] = self._row(card.id)
            if row.text.text != card.text:
                row.text.set_text(card.text)
                # the name holds the visible "Terug" (WCAG 2.5.3 label in name): voice control finds it
                labelled(row.back, _("Haal je stem terug: {text}", text=card.text))
                labelled(row.vote, _("Stem: {text}", text=card.text))
            given = mine.count(card.id)
            row.dots.set_text("●" * given)
            row.back.set_visibility(given > 0)
            row.vote.set_enabled(left > 0 and given < s.votes_per_card)

    def _row(self, card_id: int) -> VoteRow:
        with self.list:
            with ui.column().classes("d-card kind-mogelijkheid w-full gap-2") as root:
                text = ui.label().classes("text-lg")
                with ui.row().classes("w-full items-center justify-between no-wrap gap-2"):
                    dots = ui.label().classes("text-2xl text-primary tracking-widest")
                    with ui.row().classes("gap-1 no-wrap shrink-0"):
                        back = ui.button(_("Terug"), on_click=lambda: attempt(
                            lambda: harvest.withdraw_vote(self.session_id, self.participant_id, card_id)))
                        back.props("flat no-caps").classes("whitespace-nowrap")
                        vote = ui.button(_("Stem"), icon="add", on_click=lambda: attempt(
                            lambda: harvest.cast_vote(self.session_id, self.participant_id, card_id)))
                        vote.props("unelevated no-caps").classes("whitespace-nowrap")
        return VoteRow(root, text, dots, back, vote)


class OfferDialog:
    """'Aanbod toevoegen': what you offer, which resource, and an explicit opt-in for contact."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        self.dialog = FormDialog(_("Wat bied je aan?"), _("Aanbod opslaan"), self.save, after=self.saved, phone=True)
        with self.dialog.fields:
            self.text = ui.textarea(_("Jouw aanbod")).props("outlined autogrow").classes("w-full text-lg")
            ui.label(_("Wat voor hulp is het?")).classes("text-lg")
            self.resource = resource_toggle()
            self.consent = ui.checkbox(_(harvest.CONTACT_CONSENT)).classes("text-base")
            self.contact = ui.input(_("E-mail of telefoon")).props("outlined").classes("w-full")
            self.contact.bind_visibility_from(self.consent, "value")
            ui.label(_("Je contactgegevens komen nooit op het scherm of in het verslag.")).classes("d-muted text-base")

    def open(self) -> None:
        self.dialog.open()

    def save(self) -> None:
        """Place the offer; a contact is checked before anything is stored."""
        contact = harvest.clean_contact(self.contact.value or "") if self.consent.value else ""
        card = participation.add_card(self.session_id, self.participant_id, self.text.value or "", kind="aanbod",
                                      resource=self.resource.value or "")
        if contact:  # the offer stands: a contact that cannot be kept says so, but does not place it twice
            attempt(lambda: harvest.share_contact(self.session_id, self.participant_id, card.id, contact))

    def saved(self, _card) -> None:
        self.text.set_value("")
        self.contact.set_value("")
        self.consent.set_value(False)
        ui.notify(_("Je aanbod is geplaatst"), type="positive", position="bottom")


class ActionForm:
    """Doen: what you will do, the first step, when, and what you need; or 'Geen actie'."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        with ui.column().classes("w-full gap-3") as self.root:
            self.what = ui.textarea(_("Wat ga je doen?")).props("outlined autogrow").classes("w-full")
            self.first = ui.input(_("Wat is je eerste stap?")).props("outlined").classes("w-full")
            self.when = ui.input(_("Wanneer?")).props("outlined").classes("w-full")
            self.needs = ui.input(_("Wat heb je nodig, en van wie?")).props("outlined").classes("w-full")
            self.message = ui.label().classes("text-negative text-lg").props("role=alert")
            ui.button(_("Actie opslaan"), icon="check", on_click=self.save).classes("w-full").props(
                "unelevated size=lg")
            ui.button(_("Geen actie"), on_click=self.none).classes("w-full").props("outline size=lg")
            ui.label(_("‘Geen actie’ is ook een goed antwoord.")).classes("d-muted")
        self.done = ui.label().classes("text-lg font-bold")

    def save(self) -> None:
        ok, _action = attempt(lambda: harvest.add_action(
            self.session_id, self.participant_id, what=self.what.value or "", first_step=self.first.value or "",
            when=self.when.value or "", needs=self.needs.value or ""), self.message.set_text)
        if ok:
            for field in (self.what, self.first, self.when, self.needs):
                field.set_value("")
            self.message.set_text("")
            ui.notify(_("Je actie is opgeslagen"), type="positive", position="bottom")

    def none(self) -> None:
        ok, _action = attempt(lambda: harvest.add_action(self.session_id, self.participant_id, no_action=True),
                              self.message.set_text)
        if ok:
            ui.notify(_("Genoteerd: geen actie"), type="positive", position="bottom")

    def paint(self, s: SessionSnapshot, show: bool) -> None:
        """``show``: this person's table is in a phase of actions."""
        self.root.set_visibility(show)
        mine = [a for a in s.actions if a.participant_id == self.participant_id]
        self.done.set_visibility(show and bool(mine))
        self.done.set_text(" · ".join(_("Geen actie") if a.no_action else a.what for a in mine))


class EvaluationForm:
    """Afronding: five faces and an optional sentence."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        self.score = 0
        with ui.column().classes("w-full gap-3") as self.root:
            ui.label(_("Hoe vond je dit gesprek?")).classes("text-xl font-bold").props("role=heading aria-level=2")
            with ui.row().classes("w-full justify-between no-wrap"):
                self.faces = {}
                for n in range(1, 6):
                    face = ui.button(FACES[n], on_click=lambda n=n: self.pick(n)).props("flat size=xl")
                    labelled(face, _(SMILEYS[n]))
                    self.faces[n] = face
            self.remark = ui.input(_("Wil je nog iets zeggen? (mag leeg blijven)")).props("outlined").classes("w-full")
            self.message = ui.label().classes("text-negative text-lg").props("role=alert")
            ui.button(_("Verstuur"), on_click=self.send).classes("w-full").props("unelevated size=lg")
        self.thanks = ui.label(_("Bedankt voor je mening!")).classes("text-xl font-bold")

    def pick(self, n: int) -> None:
        self.score = n
        for k, face in self.faces.items():
            face.props(f"{'unelevated color=primary' if k == n else 'flat'}", remove="unelevated flat color")

    def send(self) -> None:
        ok, _evaluation = attempt(lambda: harvest.evaluate(self.session_id, self.participant_id, self.score,
                                                           self.remark.value or ""), self.message.set_text)
        if ok:
            self.message.set_text("")

    def paint(self, s: SessionSnapshot, show: bool) -> None:
        """``show``: this person's table is in the closing phase."""
        done = self.participant_id in s.evaluated
        self.root.set_visibility(show and not done)
        self.thanks.set_visibility(show and done)
