"""The session screen for the projector: QR and code to join, then the question and the cards."""

from __future__ import annotations

import time

from nicegui import ui

from dialoog.i18n import _, ngettext
from dialoog.live import hub
from dialoog.net import join_url, qr_data_uri
from dialoog.pages.common import GroupedWall, labelled, not_found_page, page_language, qr_image, use_style
from dialoog.sessions import engine, participation
from dialoog.sessions.views import SessionSnapshot


WALL_SHOWN = 60  # the newest cards of a phase, in pages on the wall; more would cost every screen
NAMES_SHOWN = 12  # a room reads a dozen names; a longer list would push the question off the screen
LONG_QUESTION, LONGER_QUESTION = 140, 280  # characters: from here the question's letters are a step smaller
LONG_NAME = 24  # characters: from here the speaker's name is a step smaller
PAGE_SECONDS = 12  # how long the wall rests on one page of cards

# The wall's pages, in the browser only: the server sends nothing while the pages turn. The wall
# (.d-wall) is a window as high as what the question and the turns leave of the screen. The script
# lays the cards out in it, newest first as the server orders them: in the grid's columns, each card
# in the shortest column (a theme's heading across the columns, kept with its first card; a card
# higher than the wall across two columns); a card that does not fit whole starts the next page, a
# window-height (and a gap) further down. It shows one page at a time (scrollTop), turns the page
# every PAGE_SECONDS with a short fade (none with prefers-reduced-motion) and says "Pagina 1 van 3".
# A new card brings its page at once, which then rests a whole period. When cards come, go or
# change, they move while the wall is faded out (a new one stays invisible until it has its place),
# at most once in CALM_MS: a burst moves them once. The server's elements are only read, or given
# data attributes and inline styles that the server never sets (Vue leaves those alone when it
# renders); without the script the cards stand in the CSS grid. window.dialoogWall is for the
# end-to-end tests.
WALL_SCRIPT = """
<script>
(() => {
  const PAGE_MS = %(page_ms)d, FADE_MS = 450, CALM_MS = 2500;
  const still = window.matchMedia('(prefers-reduced-motion: reduce)');
  let view = null, label = null, pages = 1, page = 0, stride = 0, known = null;
  let timer = null, pending = null, queued = [], fading = null, lastMove = 0;

  const seen = el => !!el.offsetParent;
  const css = (el, name) => parseFloat(getComputedStyle(el)[name]) || 0;

  function place() {
    view.scrollTop = page * stride;
    const text = pages > 1 ? label.dataset.template.replace('{page}', page + 1).replace('{pages}', pages) : '';
    if (label.textContent !== text) label.textContent = text;
  }

  // Fade out, change, fade in. Changes asked for while the wall is faded out join the waiting ones
  // (in order), so a burst of cards makes one fade, not one each.
  function change(action, fade) {
    queued.push(action);
    if (fading && fade && !still.matches) return;
    clearTimeout(fading);
    const run = () => {
      const actions = queued;
      fading = null; queued = [];
      actions.forEach(act => act());
      view.dataset.fade = '';
    };
    if (!fade || still.matches) { run(); return; }
    view.dataset.fade = 'out';
    fading = setTimeout(run, FADE_MS);
  }

  function go(next, fade) {
    change(() => { page = Math.max(0, Math.min(next, pages - 1)); place(); }, fade);
  }

  function rest() { clearTimeout(timer); timer = setTimeout(turn, PAGE_MS); }

  function turn() {
    if (!view.isConnected) { view = null; find(); return; }
    if (pages > 1) go((page + 1) %% pages, true);
    rest();
  }

  function items(box) {
    const found = [];
    for (const section of box.children) {
      if (!seen(section)) continue;
      const heading = section.querySelector(':scope > .d-screen-theme');
      const grid = section.querySelector(':scope > .d-screen-cards');
      if (heading && seen(heading)) found.push({el: heading, heading: true, gap: css(section, 'rowGap')});
      if (grid) for (const card of grid.children) if (card.classList.contains('d-card') && seen(card)) found.push({el: card});
    }
    return found;
  }

  function pack(list, height, columns, width, gap, rowGap, sectionGap) {
    let sheet = 0;
    const used = new Array(columns).fill(0);
    list.forEach((item, k) => {
      if (item.heading) {
        let y = Math.max(...used);
        if (y > 0) y += sectionGap;
        const next = list[k + 1];
        if (y > 0 && y + item.h + item.gap + (next && !next.heading ? next.h : 0) > height) { sheet++; y = 0; }
        Object.assign(item, {sheet, x: 0, y});
        used.fill(y + item.h + item.gap);
        return;
      }
      const span = item.span || 1, top = c => Math.max(...used.slice(c, c + span));
      let c = 0;
      for (let j = 1; j + span <= columns; j++) if (top(j) < top(c) - 0.5) c = j;
      let y = top(c);
      if (y > 0 && y + item.h > height) { sheet++; used.fill(0); c = 0; y = 0; }
      Object.assign(item, {sheet, x: c * (width + gap), y});
      used.fill(y + item.h + rowGap, c, c + span);
    });
    return sheet + 1;
  }

  function layout() {
    pending = null;
    if (!view || !view.isConnected) return;
    const height = view.clientHeight, box = view.firstElementChild;
    const grid = box && [...box.querySelectorAll('.d-screen-cards')].find(seen);
    if (height < 40 || !grid) { pages = 1; page = 0; if (box) box.style.height = ''; place(); return; }
    const tracks = getComputedStyle(grid).gridTemplateColumns.split(' ').map(parseFloat).filter(w => w > 0);
    const columns = Math.max(1, tracks.length), width = tracks[0] || grid.clientWidth;
    const list = items(box), columnGap = css(grid, 'columnGap');
    const before = list.map(item => [item.el.style.width, item.el.dataset.fit]);  // shown until the fade
    for (const item of list) {
      Object.assign(item.el.style, {position: 'absolute', margin: '0', width: `${item.heading ? box.clientWidth : width}px`});
      delete item.el.dataset.fit;
    }
    for (const item of list) item.h = item.el.offsetHeight;
    // A card higher than the wall, rather than cut: two columns wide, else a step smaller.
    const tall = list.filter(item => !item.heading && item.h > height);
    for (const item of tall) {
      if (columns > 1) { item.span = 2; item.el.style.width = `${2 * width + columnGap}px`; } else item.el.dataset.fit = 'small';
    }
    for (const item of tall) item.h = item.el.offsetHeight;
    for (const item of tall) if (item.h > height && !item.el.dataset.fit) item.el.dataset.fit = 'small';
    for (const item of tall) item.h = item.el.offsetHeight;
    const sizes = list.map(item => [item.el.style.width, item.el.dataset.fit]);
    const resize = each => list.forEach((item, k) => {
      item.el.style.width = each[k][0];
      if (each[k][1]) item.el.dataset.fit = each[k][1]; else delete item.el.dataset.fit;
    });
    const gap = css(grid, 'rowGap');
    const count = pack(list, height, columns, width, columnGap, gap, css(box, 'rowGap'));
    const step = height + gap;  // a gap between the pages: no shadow of the next page's cards shows
    const spots = list.map(item => [`${item.x}px`, `${item.sheet * step + item.y}px`]);
    const moved = list.some((item, k) => !item.el.dataset.placed || item.el.style.left !== spots[k][0]
                                         || item.el.style.top !== spots[k][1] || before[k][0] !== sizes[k][0]);
    const fresh = known ? list.filter(item => !item.heading && !known.has(item.el.id)) : [];
    known = new Set(list.map(item => item.el.id));
    // newest first: a new card brings its page at once, and that page then rests a whole period
    const target = fresh.length ? Math.min(...fresh.map(item => item.sheet)) : Math.min(page, count - 1);
    if (fresh.length) rest();
    const show = () => {
      resize(sizes);
      list.forEach((item, k) => {
        Object.assign(item.el.style, {left: spots[k][0], top: spots[k][1]});
        item.el.dataset.placed = '1';
      });
      box.style.height = `${count * step}px`;
      pages = count; stride = step; page = target;
      place();
    };
    const first = !view.dataset.paged;
    view.dataset.paged = '1';
    if (!moved && count === pages && step === stride && target === page && !fading) { show(); return; }
    lastMove = Date.now();
    if (!first) resize(before);
    change(show, !first);  // the cards move (and change size) while the wall is faded out
  }

  // A moment after the change (the server sends a card in two steps); at most one move per CALM_MS.
  function schedule() {
    if (!pending) pending = setTimeout(layout, Math.max(120, lastMove + CALM_MS - Date.now()));
  }

  function find() {
    view = document.querySelector('.d-wall');
    label = document.querySelector('.d-wall-page');
    if (!view || !label) { view = null; setTimeout(find, 200); return; }
    known = null;
    new MutationObserver(schedule).observe(view, {childList: true, subtree: true, characterData: true,
                                                  attributes: true, attributeFilter: ['class']});
    new ResizeObserver(schedule).observe(view);
    if (document.fonts) document.fonts.ready.then(schedule);
    layout();
    rest();
  }

  window.dialoogWall = {
    get page() { return page; },
    get pages() { return pages; },
    go(k) { go(k, false); rest(); },
    layout() { layout(); },
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', find); else find();
})();
</script>
"""


def _people(count: int) -> str:
    return _("Nog niemand doet mee") if count == 0 else ngettext("{n} persoon doet mee", "{n} mensen doen mee", count)


@ui.page("/scherm/{code}", title="Dialoog – scherm")
def projector(code: str) -> None:
    session_id = participation.find_open_session(code)
    if session_id is None:
        page_language()
        not_found_page(_(participation.CLOSED))
        return
    snap = hub.snapshot(session_id)
    page_language(snap.language, personal=False)  # the room's screen speaks the session's language
    ui.page_title(_("Dialoog – scherm"))
    Projector(snap)


class Projector:
    """The room's screen: a lobby to join before the first phase; then the question, who speaks,
    and the cards (or, once shown, the vote's outcome); a thank-you when the session is closed.
    The cards stand per theme; in a session with tables on "Tafelweergave", per table.

    Sized for the room (``.d-screen-body`` in dialoog.css): every size is its size at 1920×1080
    times the screen's scale, so a 1280×720 projector shows the same picture, as large on the wall.
    The stage fills the screen; the wall of cards gets what is left and turns its pages itself."""

    def __init__(self, snap: SessionSnapshot) -> None:
        self.snap = snap
        self.wall_from: tuple | None = None  # the cards, themes and shape the wall last showed (``paint_wall``)
        qr = qr_data_uri(join_url(snap.join_code))
        use_style("d-screen-body")
        ui.add_head_html(WALL_SCRIPT % {"page_ms": PAGE_SECONDS * 1000})
        with ui.column().classes("d-screen w-full"):
            self._build_lobby(snap, qr)
            with ui.element("div").classes("d-stage") as self.stage:
                with ui.element("div").classes("d-stage-head"):
                    with ui.element("div").classes("d-stage-ask"):
                        self._build_question(snap)
                    with ui.column().classes("d-screen-corner items-center") as self.corner:
                        qr_image(qr).classes("d-screen-corner-qr")
                        ui.label(snap.join_code).classes("d-code d-screen-corner-code")
                self._build_turn_strip()
                with ui.column().classes("d-results w-full") as self.results:
                    ui.label(_("Uitslag van de stemming")).classes("d-screen-theme").props("role=heading aria-level=2")
                    self.results_list = ui.column().classes("d-results-list w-full")
                with ui.element("div").classes("d-wall") as self.wall_view:
                    self.wall = GroupedWall(ui.column().classes("d-wall-cards w-full"))
                with ui.element("div").classes("d-wall-foot") as self.wall_foot:
                    self.earlier = ui.label().classes("d-wall-earlier d-muted")
                    page_label = ui.element("div").classes("d-wall-page")  # its text comes from WALL_SCRIPT
                    page_label._props["data-template"] = _("Pagina {page} van {pages}")
            self.closed = ui.label(_("Het gesprek is afgelopen. Bedankt voor jullie bijdrage!"))
            self.closed.classes("d-screen-title m-auto").props("role=heading aria-level=1")
        self.paint(snap)
        hub.channel(snap.id).changed.subscribe(self.on_change)
        ui.timer(1.0, self.tick)  # a projector or two per session: the calm ring moves on by itself

    def _build_lobby(self, snap: SessionSnapshot, qr: str) -> None:
        """Before the first phase: everything is about joining."""
        with ui.row().classes("d-lobby w-full items-center justify-center no-wrap") as self.lobby:
            qr_image(qr).classes("d-lobby-qr")
            with ui.column().classes("d-lobby-text"):
                self.lobby_title = ui.label().classes("d-screen-title").props("role=heading aria-level=1")
                ui.label(_("Doe mee met je telefoon")).classes("d-lobby-call")
                ui.label(_("Scan de QR-code, of ga naar")).classes("d-lobby-line d-muted")
                ui.label(join_url(snap.join_code)).classes("d-screen-url")
                ui.label(_("en vul deze code in")).classes("d-lobby-line d-muted")
                ui.label(snap.join_code).classes("d-code d-screen-code")
                self.lobby_count = ui.label().classes("d-lobby-count d-muted")

    def _build_question(self, snap: SessionSnapshot) -> None:
        self.phase = ui.label().classes("d-screen-phase")
        self.question = ui.label().classes("d-screen-question").props("role=heading aria-level=1")
        self.question_size = ""
        with ui.element("ul").classes("d-screen-rules list-none pl-0") as self.rules:
            for rule in snap.ground_rules:
                with ui.element("li"):
                    ui.label(f"• {_(rule)}")  # the template's rules, in its catalog

    def _build_turn_strip(self) -> None:
        with ui.row().classes("d-screen-turn w-full items-center no-wrap") as self.turn_strip:
            self.ring = ui.circular_progress(
                value=0, min=0, max=1, show_value=False, size="calc(76 * var(--u, 1px))"
            ).props("thickness=0.22 color=primary track-color=grey-4")
            labelled(self.ring, _("Spreektijd"))
            with ui.column().classes("d-screen-turn-now min-w-0"):
                self.speaking_title = ui.label(_("Aan het woord")).classes("d-screen-phase d-screen-turn-title")
                self.speaking = ui.label().classes("d-screen-speaker")
                self.speaker_long = False
                self.upcoming = ui.label().classes("d-screen-upcoming d-muted")
            self.waiting = ui.label().classes("d-screen-waiting d-muted ml-auto")

    def on_change(self, s: SessionSnapshot, topics: frozenset) -> None:
        if s.language != self.snap.language:  # the organiser chose another language: paint it all anew
            ui.navigate.reload()
        else:
            self.paint(s)

    def paint(self, s: SessionSnapshot) -> None:
        """Show ``s``: which part of the screen, the question, the cards, the vote and the turns."""
        self.snap = s
        phase = s.phase
        self.lobby.set_visibility(s.is_open and phase is None)
        self.stage.set_visibility(s.is_open and phase is not None)
        self.corner.set_visibility(s.is_open and phase is not None)
        self.closed.set_visibility(not s.is_open)
        self.lobby_title.set_text(s.title)
        self.lobby_count.set_text(_people(len(s.participants)))
        if phase is not None:
            self.phase.set_text(phase.name)
            self.question.set_text(phase.question)
            length = len(phase.question)
            size = "d-longer" if length > LONGER_QUESTION else "d-long" if length > LONG_QUESTION else ""
            if size != self.question_size:  # a long question a step smaller, so the cards keep room
                self.question.classes(remove="d-long d-longer", add=size or None)
                self.question_size = size
            self.rules.set_visibility(phase.mode == "info")
        self.paint_wall(s)
        self.paint_results(s)
        self.paint_turn(s)

    def paint_wall(self, s: SessionSnapshot) -> None:
        """The phase's newest cards, per theme or per table; only when they can have changed: in a
        room of tables most news is a new speaker somewhere, which leaves every card as it was."""
        phase_id = s.phase.id if s.phase else None
        by_table = s.tables if s.has_tables and s.projector_view == "tafels" else None  # "Tafelweergave"
        shape = (phase_id, None if by_table is None else tuple((t.id, t.name) for t in by_table))
        last, self.wall_from = self.wall_from, (s.cards, s.themes, shape)
        if last is not None and last[0] is s.cards and last[1] is s.themes and last[2] == shape:
            return  # the same cards and themes (a snapshot keeps them when they did not change)
        in_phase = s.cards_in(phase_id) if phase_id is not None else []
        self.wall.show(phase_id, in_phase[-WALL_SHOWN:], s.themes_in(phase_id) if phase_id is not None else [],
                       by_table)
        hidden = len(in_phase) - WALL_SHOWN
        self.earlier.set_text(ngettext("En nog {n} eerdere kaart. Die staat in het verslag.",
                                       "En nog {n} eerdere kaarten. Ze staan allemaal in het verslag.", hidden)
                              if hidden > 0 else "")
        self.earlier.set_visibility(hidden > 0)

    def paint_results(self, s: SessionSnapshot) -> None:
        """The vote's outcome, in the wall's place: the same possibilities, now with their votes."""
        phase = s.phase
        show = s.results_shown and phase is not None and "mogelijkheid" in phase.card_kinds
        self.results.set_visibility(show)
        self.wall_view.set_visibility(not show)
        self.wall_foot.set_visibility(not show)
        if not show:
            return
        self.results_list.clear()
        with self.results_list:
            for card in [c for c in s.ranked_possibilities() if c.votes][:8]:
                with ui.row().classes("d-result w-full items-center no-wrap"):
                    ui.label(str(card.votes)).classes("d-result-votes")
                    ui.label(card.text).classes("d-result-text")

    def paint_turn(self, s: SessionSnapshot) -> None:
        t, rnd = s.turns, s.round_here
        self.turn_strip.set_visibility(s.is_open and rnd is not None)
        if rnd is None:
            return
        self.speaking_title.set_visibility(t.speaker is not None)
        speaker = s.name(t.speaker) if t.speaker is not None else (
            _("Wie steekt een hand op?") if rnd.mode == "open" else _("Even stil"))
        self.speaking.set_text(speaker)
        long_name = len(speaker) > LONG_NAME
        if long_name != self.speaker_long:  # a long name a step smaller: one line more for the cards
            self.speaking.classes(add="d-long" if long_name else None, remove=None if long_name else "d-long")
            self.speaker_long = long_name
        up = engine.next_up(t)
        self.upcoming.set_text(_("Hierna: {name}", name=s.name(up)) if up is not None else "")
        self.waiting.set_text(_still_to_hear(s) if rnd.mode == "round" else _hands(len(t.hands)))
        self.tick()

    def tick(self) -> None:
        t = self.snap.turns
        show = t.show_timer and t.speaker is not None
        self.ring.set_visibility(show)
        if show:
            self.ring.set_value(min(1.0, (time.time() - t.speaker_since) / max(1, engine.soft_limit(t))))


def _still_to_hear(s: SessionSnapshot) -> str:
    """Who is still to be heard in this round: names (a dozen at most) if the facilitator shows them, else a count."""
    todo = engine.still_to_hear(s.turns)
    if not todo:
        return _("Iedereen is gehoord") if s.turns.speaker is None else ""
    if not s.turns.show_names:
        return ngettext("Nog {n} persoon te horen", "Nog {n} mensen te horen", len(todo))
    names = ", ".join(s.name(p) for p in todo[:NAMES_SHOWN])
    more = len(todo) - NAMES_SHOWN
    if more > 0:
        return ngettext("Nog te horen: {names} en {n} andere", "Nog te horen: {names} en {n} anderen", more, names=names)
    return _("Nog te horen: {names}", names=names)


def _hands(count: int) -> str:
    return "" if not count else ngettext("{n} hand omhoog", "{n} handen omhoog", count)
