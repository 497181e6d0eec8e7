"""The facilitator's console: join code, phases, participants and the cards arriving live."""

from __future__ import annotations

import time
from datetime import date

from fastapi.responses import RedirectResponse
from nicegui import Client, app, ui

from dialoog.live import hub
from dialoog.net import join_url, qr_data_uri
from dialoog.pages.common import (
    LINK_GONE_PATH,
    attempt,
    forget_pass,
    labelled,
    logged_in_organiser,
    login_redirect,
    not_found_page,
    organiser_frame,
    qr_image,
    set_qr,
    still_logged_in,
    stored_pass,
)
from dialoog.pages.harvest_panel import ActionsPanel, ConsoleCards, VotingPanel, export_menu
from dialoog.pages.links import LinksDialog, link_gone_page
from dialoog.pages.turns_panel import TurnsPanel, clock_text
from dialoog.sessions import engine, facilitation, facilitator_links, fairness, harvest, turns
from dialoog.sessions.access import Actor, FacilitatorPass
from dialoog.sessions.errors import InvalidInput
from dialoog.sessions.views import PhaseView, SessionSnapshot


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("Deze datum klopt niet. Kies een datum in de kalender.") from None


def _phase_label(index: int, phase: PhaseView | None) -> str:
    return "Voor de start: QR-code op het scherm" if phase is None else f"{index + 1}. {phase.name}"


PEOPLE_TOPICS = frozenset({"participants", "turns", "presence", "session"})
PEOPLE_SHOWN = 40  # rows of people at first; a big room is searched by name, or shown in steps of this many
CARD_NEWS_GAP = 2.0  # seconds: cards placed on phones repaint the console's cards at most this often
CARD_TOPICS = frozenset({"cards", "card-added", "session"})


@ui.page("/sessie/{session_id}", title="Dialoog – gespreksleider")
def console(session_id: int, client: Client) -> RedirectResponse | None:
    organiser_id = logged_in_organiser()
    actor: Actor
    if organiser_id is not None and facilitation.owns(organiser_id, session_id):
        actor = organiser_id
    else:  # not the owner: a facilitator link for this session, kept in this browser?
        passport = stored_pass(session_id)
        if passport is not None and facilitator_links.opens(passport, session_id):
            actor = passport
        elif passport is not None:
            forget_pass(app.storage.user, passport.token)
            link_gone_page()
            return None
        elif organiser_id is None:
            return login_redirect()
        else:
            not_found_page("Deze sessie bestaat niet, of is niet van jou.", ("Naar je sessies", "/dashboard"))
            return None
    is_organiser = not isinstance(actor, FacilitatorPass)
    snap = hub.snapshot(session_id)
    state = {"snap": snap}

    def run(action) -> None:
        attempt(lambda: action(still_logged_in(actor), session_id))

    # ---- question editor (shared by every phase) --------------------------------------
    with ui.dialog() as question_dialog, ui.card().classes("w-full max-w-2xl gap-4 p-6"):
        question_title = ui.label().classes("text-xl font-bold")
        question_input = ui.textarea("Vraag").props("outlined autogrow").classes("w-full text-lg")
        question_message = ui.label().classes("text-negative").props("role=alert")
        editing = {"phase_id": 0}

        def save_question() -> None:
            ok, _ = attempt(
                lambda: facilitation.update_question(
                    still_logged_in(actor), session_id, editing["phase_id"], question_input.value or ""
                ),
                question_message.set_text,
            )
            if ok:
                question_dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Annuleren", on_click=question_dialog.close).props("flat")
            ui.button("Vraag opslaan", on_click=save_question).props("unelevated")

    def edit_question(phase: PhaseView | None) -> None:
        if phase is None:  # a stale click: before the start there is no question to edit
            return
        editing["phase_id"] = phase.id
        question_title.set_text(f"Vraag van {phase.name}")
        question_input.set_value(phase.question)
        question_message.set_text("")
        question_dialog.open()

    links_dialog = LinksDialog(actor) if is_organiser else None
    with organiser_frame("Gespreksleider", dashboard=is_organiser):
        with ui.row().classes("w-full items-center gap-4"):
            title_label = ui.label(snap.title).classes("text-3xl font-bold")
            status_badge = ui.label().classes("px-3 py-1 rounded-full text-sm font-bold")
            ui.space()
            if links_dialog is not None:
                ui.button(
                    "Gespreksleiders", icon="group_add",
                    on_click=lambda: links_dialog.open(session_id, state["snap"].title),
                ).props("outline no-caps")
            export_menu(actor, session_id, contacts=is_organiser)
            close_button = ui.button("Sessie afsluiten", icon="lock").props("outline")
            reopen_button = ui.button("Sessie heropenen", icon="lock_open").props("outline")

        with ui.dialog() as close_dialog, ui.card().classes("gap-4 p-6"):
            ui.label("Sessie afsluiten?").classes("text-xl font-bold")
            ui.label("Daarna kan niemand meer meedoen of kaarten plaatsen. Je kunt de sessie later heropenen.")
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=close_dialog.close).props("flat")

                def close_session() -> None:
                    close_dialog.close()
                    run(facilitation.close_session)

                ui.button("Afsluiten", on_click=close_session).props("unelevated color=secondary")
        close_button.on_click(close_dialog.open)
        reopen_button.on_click(lambda: run(facilitation.reopen_session))
        if not is_organiser:
            ui.label(
                "Je leidt deze sessie met een link van de organisator. De gegevens van de sessie en de "
                "contactgegevens blijven bij de organisator."
            ).classes("d-muted -mt-4")

        with ui.element("div").classes("d-console-grid w-full"):
            # ---- left: phases and details ----------------------------------------------
            with ui.column().classes("gap-4"):
                with ui.column().classes("d-panel w-full gap-1"):
                    ui.label("Fasen").classes("text-xl font-bold mb-2")
                    phase_rows: list[tuple[ui.row, list[ui.button]]] = []
                    for index, phase in [(-1, None), *enumerate(snap.phases)]:
                        with ui.row().classes("d-phase-row w-full items-center no-wrap gap-2") as row:
                            go = ui.button(
                                _phase_label(index, phase),
                                on_click=lambda i=index: run(lambda o, s: facilitation.go_to_phase(o, s, i)),
                            ).props("flat no-caps align=left").classes("grow text-base")
                            buttons = [go]
                            if phase is not None:
                                edit = ui.button(
                                    icon="edit", on_click=lambda p=phase: edit_question(state["snap"].phases[p.position])
                                ).props("flat round dense").mark(f"edit-question-{phase.key}")
                                labelled(edit, f"Vraag aanpassen: {phase.name}")
                                buttons.append(edit)
                        phase_rows.append((row, buttons))
                    with ui.row().classes("w-full gap-2 mt-3"):
                        ui.button("Vorige fase", icon="arrow_back", on_click=lambda: run(facilitation.previous_phase)).props(
                            "outline"
                        ).classes("grow")
                        ui.button("Volgende fase", icon="arrow_forward", on_click=lambda: run(facilitation.next_phase)).props(
                            "unelevated icon-right=arrow_forward"
                        ).classes("grow")

                if is_organiser:  # the session's details are the organiser's
                    with ui.expansion("Gegevens van de sessie", icon="edit_note").classes("d-panel w-full"):
                        with ui.column().classes("w-full gap-2"):
                            f_title = ui.input("Titel", value=snap.title).props("outlined dense").classes("w-full")
                            f_theme = ui.input("Thema", value=snap.theme).props("outlined dense").classes("w-full")
                            f_hood = ui.input("Buurt", value=snap.neighbourhood).props("outlined dense")
                            f_hood.classes("w-full")
                            f_place = ui.input("Plaats", value=snap.place).props("outlined dense").classes("w-full")
                            f_date = ui.input(
                                "Datum", value=snap.held_on.isoformat() if snap.held_on else ""
                            ).props("outlined dense type=date stack-label").classes("w-full")
                            header = facilitation.report_header(actor, session_id)
                            f_org = ui.input("Organisatie", value=header["organisation"]).props("outlined dense")
                            f_org.classes("w-full")
                            f_facilitator = ui.input("Gespreksleider", value=header["facilitator_name"]).props(
                                "outlined dense"
                            ).classes("w-full")
                            f_level = ui.select(
                                harvest.PARTICIPATION_LEVELS, label="Niveau van inspraak",
                                value=header["participation_level"],
                            ).props("outlined dense").classes("w-full")
                            f_follow = ui.textarea(
                                "Wat gebeurt er met de inbreng?", value=header["follow_up"]
                            ).props("outlined dense autogrow").classes("w-full")
                            details_message = ui.label().classes("text-negative").props("role=alert")

                            def save_details() -> None:
                                def save(o: int, s: int) -> None:
                                    facilitation.update_details(
                                        o, s, title=f_title.value or "", theme=f_theme.value or "",
                                        neighbourhood=f_hood.value or "", place=f_place.value or "",
                                        held_on=_parse_date(f_date.value),
                                    )
                                    harvest.update_report_header(
                                        o, s, organisation=f_org.value or "",
                                        facilitator_name=f_facilitator.value or "",
                                        participation_level=f_level.value or "raadplegen",
                                        follow_up=f_follow.value or "",
                                    )

                                ok, _ = attempt(
                                    lambda: save(still_logged_in(actor), session_id), details_message.set_text
                                )
                                if ok:
                                    details_message.set_text("")
                                    ui.notify("Opgeslagen", type="positive", position="top")

                            ui.button("Gegevens opslaan", on_click=save_details).props("unelevated")

            # ---- middle: the current phase and its cards --------------------------------
            with ui.column().classes("gap-4 min-w-0"):
                with ui.column().classes("d-panel w-full gap-2"):
                    phase_name = ui.label().classes("text-sm font-bold uppercase tracking-wider text-secondary")
                    with ui.row().classes("w-full items-start no-wrap gap-2"):
                        question_label = ui.label().classes("text-2xl font-bold grow")
                        question_button = ui.button(
                            icon="edit", on_click=lambda: edit_question(state["snap"].phase)
                        ).props('flat round aria-label="Vraag aanpassen"')
                    rules = ui.column().classes("gap-0")
                    with rules:
                        for rule in snap.ground_rules:
                            ui.label(f"• {rule}").classes("text-base")
                panel = TurnsPanel(actor, session_id)
                voting = VotingPanel(actor, session_id)
                actions = ActionsPanel(actor, session_id)
                cards = ConsoleCards(actor, session_id)

            # ---- right: joining and participants ---------------------------------------
            with ui.column().classes("gap-4"):
                with ui.column().classes("d-panel w-full gap-2 items-center"):
                    ui.label("Meedoen").classes("text-xl font-bold self-start")
                    qr = qr_image("").classes("w-48 h-48")
                    code_label = ui.label().classes("d-code text-5xl")
                    url_label = ui.label().classes("text-base break-all text-center")
                    ui.label(
                    "Opent deze link op je eigen telefoon (op de wifi van de zaal)? Dan werkt hij ook voor de deelnemers."
                    ).classes("d-muted text-sm text-center")
                    screen_link = ui.link("Open scherm", "#", new_tab=True).classes("d-link-button")
                with ui.column().classes("d-panel w-full gap-2"):
                    people_title = ui.label().classes("text-xl font-bold")
                    ui.label("Een open rondje = telefoon niet verbonden. Dat is niet hetzelfde als afwezig.").classes(
                        "d-muted text-sm"
                    )
                    people_summary = ui.label().classes("text-base")
                    people_search = ui.input("Zoek een deelnemer", on_change=lambda: paint_people(state["snap"]))
                    people_search.props('outlined dense clearable debounce=300 autocomplete=off').classes("w-full")
                    people_box = ui.column().classes("w-full gap-1")
                    people_rows: dict[int, tuple[ui.element, ui.element, ui.label, ui.button, ui.label]] = {}
                    people_more = ui.button(on_click=lambda: show_more_people()).props("outline no-caps")
                    people_more.classes("self-center")
                    ui.button(
                        "Deelnemer zonder telefoon toevoegen", icon="person_add", on_click=lambda: add_dialog.open()
                    ).props("outline no-caps").classes("w-full mt-2")
                with ui.column().classes("d-panel w-full gap-2"):
                    ui.label("Verslag").classes("text-xl font-bold")
                    gate_text = ui.label().classes("text-base")
                    override_button = ui.button("Toch afronden, met reden", on_click=lambda: override_dialog.open())
                    override_button.props("flat no-caps")

        with ui.dialog() as add_dialog, ui.card().classes("w-full max-w-md gap-3 p-6"):
            ui.label("Deelnemer zonder telefoon").classes("text-xl font-bold")
            ui.label("Deze persoon doet mee via jouw scherm: jij geeft de beurt en noteert passen.").classes("d-muted")
            add_name = ui.input("Naam").props("outlined autofocus").classes("w-full")
            add_message = ui.label().classes("text-negative").props("role=alert")

            def add_person() -> None:
                ok, _ = attempt(
                    lambda: facilitation.add_participant_without_phone(
                        still_logged_in(actor), session_id, add_name.value or ""
                    ),
                    add_message.set_text,
                )
                if ok:
                    add_name.set_value("")
                    add_message.set_text("")
                    add_dialog.close()

            add_name.on("keydown.enter", add_person)
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=add_dialog.close).props("flat")
                ui.button("Toevoegen", on_click=add_person).props("unelevated")

        with ui.dialog() as override_dialog, ui.card().classes("w-full max-w-lg gap-3 p-6"):
            ui.label("Afronden terwijl niet iedereen gehoord is").classes("text-xl font-bold")
            ui.label("Schrijf kort op waarom. Deze reden komt in het verslag.").classes("d-muted")
            reason = ui.textarea("Reden").props("outlined autogrow").classes("w-full")
            reason_message = ui.label().classes("text-negative").props("role=alert")

            def save_override() -> None:
                ok, _ = attempt(
                    lambda: turns.override_gate(still_logged_in(actor), session_id, reason.value or ""),
                    reason_message.set_text,
                )
                if ok:
                    override_dialog.close()

            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=override_dialog.close).props("flat")
                ui.button("Reden opslaan", on_click=save_override).props("unelevated")

    # ---- painting: one function per area, called once now and on every change --------
    def paint_session(s: SessionSnapshot) -> None:
        title_label.set_text(s.title)
        is_open = s.is_open
        status_badge.set_text("Open" if is_open else "Afgesloten")
        status_badge.classes(replace=f"px-3 py-1 rounded-full text-sm font-bold "
                                     f"{'bg-green-100 text-green-900' if is_open else 'bg-stone-200 text-stone-800'}")
        close_button.set_visibility(is_open)
        reopen_button.set_visibility(not is_open)
        for index, (row, buttons) in enumerate(phase_rows, start=-1):
            current = index == s.current_phase
            if current:
                row.classes(add="current")
            else:
                row.classes(remove="current")
            for button in buttons:  # Quasar's text colours win over CSS, so set the prop
                button.props(f"color={'white' if current else 'primary'}")
        phase = s.phase
        phase_name.set_text(_phase_label(s.current_phase, phase))
        question_label.set_text(phase.question if phase else "Deelnemers scannen de QR-code op het scherm.")
        question_button.set_visibility(phase is not None)
        rules.set_visibility(phase is not None and phase.mode == "info")
        url = join_url(s.join_code)
        if code_label.text != s.join_code:
            set_qr(qr, qr_data_uri(url))
        code_label.set_text(s.join_code)
        url_label.set_text(url)
        screen_link.props["href"] = f"/scherm/{s.join_code}"  # a value, not a parsed props string
        screen_link.update()

    def paint_cards(s: SessionSnapshot) -> None:
        cards.paint(s)
        voting.paint(s)
        actions.paint(s)

    painted_people: dict[int, tuple] = {}  # what each row shows now: a row is sent only when it changes
    people_shown = {"max": PEOPLE_SHOWN}

    def show_more_people() -> None:
        people_shown["max"] += PEOPLE_SHOWN
        paint_people(state["snap"])

    def paint_people(s: SessionSnapshot) -> None:
        """Everyone's connection, turns and share; in a big room the first rows, or those searched for."""
        people_title.set_text(f"Deelnemers ({len(s.participants)})")
        state_ = s.turns
        big = len(s.participants) > PEOPLE_SHOWN
        people_search.set_visibility(big)
        wanted = (people_search.value or "").strip().casefold() if big else ""
        matching = [p for p in s.participants if wanted in p.display_name.casefold()] if wanted else list(s.participants)
        shown = matching[:people_shown["max"]]
        hidden = len(matching) - len(shown)
        people_more.set_visibility(hidden > 0)
        people_more.set_text(f"Toon meer deelnemers (nog {hidden})")
        if big:
            connected_count = sum(1 for p in s.participants if p.has_phone and hub.is_connected(s.id, p.id))
            with_phone = sum(1 for p in s.participants if p.has_phone)
            people_summary.set_text(f"{connected_count} van {with_phone} telefoons verbonden · "
                                    f"{len(state_.absent)} afwezig" + ("" if shown else " · niemand gevonden"))
        people_summary.set_visibility(big)
        keep = {p.id for p in shown}
        for pid in [pid for pid in people_rows if pid not in keep]:
            people_box.remove(people_rows.pop(pid)[0])
            painted_people.pop(pid, None)
        figures = {f.pid: f for f in fairness.per_person(state_, time.time())}
        for p in shown:
            if p.id not in people_rows:
                with people_box:
                    with ui.row().classes("w-full items-center gap-3 no-wrap") as row:
                        dot = ui.element("span").classes("d-dot").props("role=img")
                        with ui.column().classes("gap-0 grow min-w-0"):
                            name = ui.label(p.display_name).classes("text-lg truncate")
                            numbers = ui.label().classes("d-muted text-sm")
                        away = ui.button("Afwezig").props("flat dense no-caps")
                        away.on_click(lambda pid=p.id: toggle_absent(pid))
                people_rows[p.id] = (row, dot, numbers, away, name)
            connected = hub.is_connected(s.id, p.id)
            absent = p.id in state_.absent
            f = figures.get(p.id)
            parts = ["afwezig"] if absent else []
            if not p.has_phone:
                parts.append("zonder telefoon")
            if f is not None:
                said = "1 beurt" if f.turns == 1 else f"{f.turns} beurten"
                parts.append(f"{said} · {clock_text(f.seconds)} · {f.share:.0%}" + (f" · {f.passes}× gepast" if f.passes else ""))
            shown_row = (connected, p.has_phone, absent, " · ".join(parts))
            if painted_people.get(p.id) == shown_row:
                continue
            painted_people[p.id] = shown_row
            _, dot, numbers, away, name = people_rows[p.id]
            dot.classes(replace=f"d-dot {'on' if connected or not p.has_phone else 'off'}")
            labelled(dot, "zonder telefoon" if not p.has_phone else "verbonden" if connected else "niet verbonden")
            numbers.set_text(shown_row[3])
            away.set_text("Aanwezig" if absent else "Afwezig")
            name.classes(replace=f"text-lg truncate {'line-through d-muted' if absent else ''}")
        order = [people_rows[p.id][0] for p in shown]
        if list(people_box) != order:  # a search or a newcomer with an earlier seat
            for index, element in enumerate(order):
                element.move(people_box, target_index=index)

    def toggle_absent(pid: int) -> None:
        if pid in state["snap"].turns.absent:
            attempt(lambda: turns.mark_returned(still_logged_in(actor), session_id, pid))
        else:
            attempt(lambda: turns.mark_absent(still_logged_in(actor), session_id, pid))

    def paint_gate(s: SessionSnapshot) -> None:
        state = s.turns
        rounds = engine.round_phases(state)
        missing = engine.incomplete_phases(state)
        if state.override:
            gate_text.set_text(f"Afgerond met een reden: {state.override}")
        elif not rounds:
            gate_text.set_text("Er is nog geen ronde gehouden.")
        elif not missing:
            gate_text.set_text("Iedereen is gehoord in elke ronde. Het verslag kan worden gemaakt.")
        else:
            lines = []
            for phase in missing:
                names = ", ".join(s.name(p) for p in engine.pending(state, rounds[phase]))
                label = s.phases[phase].name if 0 <= phase < len(s.phases) else "?"
                lines.append(f"{label}: nog te horen {names}")
            gate_text.set_text("Nog niet iedereen gehoord. " + "; ".join(lines) + ".")
        override_button.set_visibility(bool(missing) and not state.override)

    cards_news = {"waiting": False, "painted": 0.0}

    def paint_cards_now(s: SessionSnapshot) -> None:
        cards_news["waiting"], cards_news["painted"] = False, time.monotonic()
        paint_cards(s)

    def paint_cards_soon() -> None:
        """Cards that phones placed, at most every CARD_NEWS_GAP: in a full room fifty arrive a
        second, and rebuilding the newest rows for each flush cost more than the projector did."""
        if cards_news["waiting"] and time.monotonic() - cards_news["painted"] >= CARD_NEWS_GAP:
            paint_cards_now(state["snap"])

    def on_change(s: SessionSnapshot, topics: frozenset) -> None:
        if "links" in topics and isinstance(actor, FacilitatorPass) and not link_still_works():
            return
        state["snap"] = s
        if "session" in topics:
            paint_session(s)
        card_topics = topics & CARD_TOPICS  # (a turn or who is connected changes no card)
        if card_topics == {"card-added"}:
            cards_news["waiting"] = True
            paint_cards_soon()
        elif card_topics:
            paint_cards_now(s)  # the facilitator's own changes show at once
        if topics & PEOPLE_TOPICS:  # a card changes no row of the (maybe long) list of people,
            paint_people(s)  # nor the round, nor who is still to be heard (fifty cards a second)
            panel.paint(s)
            paint_gate(s)

    def link_still_works() -> bool:
        """A revoked link leaves the console at once, not only at its next click."""
        if facilitator_links.active_session(actor.token) == session_id:
            return True
        forget_pass(app.storage.client.get("user_storage") or {}, actor.token)
        ui.navigate.to(LINK_GONE_PATH)
        return False

    on_change(snap, frozenset({"session"}))
    hub.channel(session_id).changed.subscribe(on_change)
    ui.timer(1.0, panel.tick)  # one console per session: a running clock here is cheap
    ui.timer(CARD_NEWS_GAP / 8, paint_cards_soon)
    return None
