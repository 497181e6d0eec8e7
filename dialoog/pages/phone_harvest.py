"""The phone's parts of the harvest: dot voting, offers, actions, the evaluation and consent."""

from __future__ import annotations

from nicegui import ui

from dialoog.pages.common import attempt, labelled
from dialoog.sessions import harvest, participation
from dialoog.sessions.report import SMILEYS
from dialoog.sessions.views import SessionSnapshot

FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


class VoteList:
    """The possibilities with a 'Stem' button each, and how many dots are left."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        self.key: tuple = ()
        with ui.column().classes("w-full gap-3") as self.root:
            ui.label("Stemmen").classes("text-xl font-bold")
            self.left = ui.label().classes("d-soon text-lg font-bold")
            self.list = ui.column().classes("w-full gap-3")

    def paint(self, s: SessionSnapshot) -> None:
        show = s.is_open and s.voting_open
        self.root.set_visibility(show)
        if not show:
            return
        mine = s.votes_of(self.participant_id)
        left = s.votes_per_person - len(mine)
        self.left.set_text(f"Je hebt nog {left} van je {s.votes_per_person} stemmen." if left else
                           "Je hebt al je stemmen gebruikt. Je kunt een stem terughalen.")
        cards = [c for c in s.cards if c.kind == "mogelijkheid" and c.visible]
        key = (tuple((c.id, c.text, mine.count(c.id)) for c in cards), left)
        if key == self.key:
            return
        self.key = key
        self.list.clear()
        with self.list:
            for card in cards:
                given = mine.count(card.id)
                with ui.column().classes("d-card kind-mogelijkheid w-full gap-2"):
                    ui.label(card.text).classes("text-lg")
                    with ui.row().classes("w-full items-center justify-between no-wrap gap-2"):
                        ui.label("●" * given if given else "").classes("text-2xl text-primary tracking-widest")
                        with ui.row().classes("gap-1 no-wrap shrink-0"):
                            if given:
                                back = ui.button("Terug", on_click=lambda cid=card.id: attempt(
                                    lambda: harvest.withdraw_vote(self.session_id, self.participant_id, cid)))
                                labelled(back.props("flat no-caps").classes("whitespace-nowrap"),
                                         f"Stem terughalen: {card.text}")
                            vote = ui.button("Stem", icon="add", on_click=lambda cid=card.id: attempt(
                                lambda: harvest.cast_vote(self.session_id, self.participant_id, cid)))
                            vote.props("unelevated no-caps").classes("whitespace-nowrap")
                            vote.set_enabled(left > 0 and given < s.votes_per_card)
                            labelled(vote, f"Stem: {card.text}")


class OfferDialog:
    """'Aanbod toevoegen': what you offer, which resource, and an explicit opt-in for contact."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        with ui.dialog() as self.dialog, ui.card().classes("w-full gap-3"):
            ui.label("Wat bied je aan?").classes("text-xl font-bold")
            self.text = ui.textarea("Jouw aanbod").props("outlined autogrow").classes("w-full text-lg")
            ui.label("Wat voor hulp is het?").classes("text-lg")
            self.resource = ui.toggle(harvest.RESOURCES, value="tijd").props(
                'no-caps unelevated toggle-color=primary aria-label="Soort hulp"'
            ).classes("flex-wrap")
            self.consent = ui.checkbox(harvest.CONTACT_CONSENT).classes("text-base")
            self.contact = ui.input("E-mail of telefoon").props("outlined").classes("w-full")
            self.contact.bind_visibility_from(self.consent, "value")
            ui.label("Je contactgegevens komen nooit op het scherm of in het verslag.").classes("d-muted text-base")
            self.message = ui.label().classes("text-negative text-lg").props("role=alert")
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=self.dialog.close).props("flat size=lg")
                ui.button("Aanbod opslaan", on_click=self.save).props("unelevated size=lg")

    def open(self) -> None:
        self.message.set_text("")
        self.dialog.open()

    def save(self) -> None:
        contact = ""
        if self.consent.value:
            ok, contact = attempt(lambda: harvest.clean_contact(self.contact.value or ""), self.message.set_text)
            if not ok:
                return
        ok, card = attempt(lambda: participation.add_card(
            self.session_id, self.participant_id, self.text.value or "", kind="aanbod",
            resource=self.resource.value or ""), self.message.set_text)
        if not ok:
            return
        if contact:
            attempt(lambda: harvest.share_contact(self.session_id, self.participant_id, card.id, contact),
                    self.message.set_text)
        self.text.set_value("")
        self.contact.set_value("")
        self.consent.set_value(False)
        self.dialog.close()
        ui.notify("Je aanbod is geplaatst", type="positive", position="bottom")


class ActionForm:
    """Doen: what you will do, the first step, when, and what you need; or 'Geen actie'."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        with ui.column().classes("w-full gap-3") as self.root:
            self.what = ui.textarea("Wat ga je doen?").props("outlined autogrow").classes("w-full")
            self.first = ui.input("Wat is je eerste stap?").props("outlined").classes("w-full")
            self.when = ui.input("Wanneer?").props("outlined").classes("w-full")
            self.needs = ui.input("Wat heb je nodig, en van wie?").props("outlined").classes("w-full")
            self.message = ui.label().classes("text-negative text-lg").props("role=alert")
            ui.button("Actie opslaan", icon="check", on_click=self.save).classes("w-full").props("unelevated size=lg")
            ui.button("Geen actie", on_click=self.none).classes("w-full").props("outline size=lg")
            ui.label("‘Geen actie’ is ook een goed antwoord.").classes("d-muted")
        self.done = ui.label().classes("text-lg font-bold")

    def save(self) -> None:
        ok, _ = attempt(lambda: harvest.add_action(
            self.session_id, self.participant_id, what=self.what.value or "", first_step=self.first.value or "",
            when=self.when.value or "", needs=self.needs.value or ""), self.message.set_text)
        if ok:
            for field in (self.what, self.first, self.when, self.needs):
                field.set_value("")
            self.message.set_text("")
            ui.notify("Je actie is opgeslagen", type="positive", position="bottom")

    def none(self) -> None:
        ok, _ = attempt(lambda: harvest.add_action(self.session_id, self.participant_id, no_action=True),
                        self.message.set_text)
        if ok:
            ui.notify("Genoteerd: geen actie", type="positive", position="bottom")

    def paint(self, s: SessionSnapshot) -> None:
        show = s.is_open and s.phase is not None and "actie" in s.phase.card_kinds
        self.root.set_visibility(show)
        mine = [a for a in s.actions if a.participant_id == self.participant_id]
        self.done.set_visibility(show and bool(mine))
        self.done.set_text(" · ".join("Geen actie" if a.no_action else a.what for a in mine))


class EvaluationForm:
    """Afronding: five faces and an optional sentence."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id = session_id, participant_id
        self.score = 0
        with ui.column().classes("w-full gap-3") as self.root:
            ui.label("Hoe vond je dit gesprek?").classes("text-xl font-bold")
            with ui.row().classes("w-full justify-between no-wrap"):
                self.faces = {}
                for n in range(1, 6):
                    face = ui.button(FACES[n], on_click=lambda n=n: self.pick(n)).props("flat size=xl")
                    labelled(face, SMILEYS[n])
                    self.faces[n] = face
            self.remark = ui.input("Wil je nog iets zeggen? (mag leeg blijven)").props("outlined").classes("w-full")
            self.message = ui.label().classes("text-negative text-lg").props("role=alert")
            ui.button("Verstuur", on_click=self.send).classes("w-full").props("unelevated size=lg")
        self.thanks = ui.label("Bedankt voor je mening!").classes("text-xl font-bold")

    def pick(self, n: int) -> None:
        self.score = n
        for k, face in self.faces.items():
            face.props(f"{'unelevated color=primary' if k == n else 'flat'}", remove="unelevated flat color")

    def send(self) -> None:
        ok, _ = attempt(lambda: harvest.evaluate(self.session_id, self.participant_id, self.score,
                                                 self.remark.value or ""), self.message.set_text)
        if ok:
            self.message.set_text("")

    def paint(self, s: SessionSnapshot) -> None:
        show = s.is_open and s.phase is not None and s.phase.key == "afronding"
        done = self.participant_id in s.evaluated
        self.root.set_visibility(show and not done)
        self.thanks.set_visibility(show and done)
