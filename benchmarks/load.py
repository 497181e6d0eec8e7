"""Load benchmark: one server, a console and a projector in real Chromium, and N simulated phones.

Scenario (issue #5): N phones join within 20 s; then, over 60 s, each posts 3 cards while the
facilitator runs a round on the console (a new speaker every 3 s). Measured:

* join: every join succeeds, and how long a join takes (page GET until the card form shows);
* card → projector: from the phone's "Plaats kaart" to the card's text appearing in the
  projector's DOM (a MutationObserver in Chromium; same machine, same wall clock);
* card → confirmed: until the phone itself shows the card as placed;
* turn change → phones: from the console's click on "Volgende spreker" until each phone got
  the update that shows the new speaker;
* server RSS (peak, from /proc) and CPU (seconds and share of one core over the run);
* cards lost: confirmed to a phone but not stored, or stored but never shown on the projector.

Everything runs on this one machine (server, Chromium and the simulated phones share its
cores), so the figures are pessimistic. Results go to ``benchmarks/RESULTS.md``.

    .venv/bin/python benchmarks/load.py                # N = 100, 300, 1000
    .venv/bin/python benchmarks/load.py --phones 50 --cards-window 20

Tables profile (issue #15, docs/tables.md): ``--tables T`` splits the session into T tables before
anyone joins (``tables.set_count``; the phones are seated where it is quietest) and opens one
simulated table host per table (``SimHost``: a socket client on the table's own ``/f/<token>``
link, on the small host console). Each host starts a round and presses "Volgende spreker" every
``--turn-every`` seconds, the hosts staggered evenly (100 tables every 3 s: ~33 turn changes a
second in the room); when everyone at the table was heard, the host presses "Start ronde" again
first. The console (now only watching) and the projector ("Plenair": every table's cards) stay in
Chromium. A turn change is timed from the host's click until each phone *at that table* shows it.

    .venv/bin/python benchmarks/load.py --phones 1000 --tables 100
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import datetime as dt
import gc
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.simphone import SimHost, SimPhone  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ADMIN = ("bench@example.nl", "een lang wachtwoord voor de benchmark")
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TICKS = os.sysconf("SC_CLK_TCK")
IDLE_WINDOW = 10.0  # seconds of a quiet, full room, to measure what connected phones cost by themselves

# Records when each card token first appears anywhere in the projector's DOM.
OBSERVER = r"""
window.__seen = {};
const mark = (text) => {
  if (!text || text.indexOf('#k') < 0) return;
  const now = Date.now();
  for (const m of text.matchAll(/#k(\d+x\d+)/g)) if (!(m[1] in window.__seen)) window.__seen[m[1]] = now;
};
new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === 'characterData') mark(r.target.data);
    for (const n of r.addedNodes) mark(n.textContent);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


class ServerProcess:
    """`dialoog run` on a fresh SQLite database, watched through /proc."""

    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.db_url = f"sqlite:///{data_dir / 'dialoog.db'}"
        self.process: subprocess.Popen | None = None
        self.peak_rss = 0

    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("NICEGUI", "DIALOOG_"))}
        return {**inherited, "DIALOOG_DATA_DIR": str(self.data_dir), "DIALOOG_DATABASE_URL": self.db_url,
                "DIALOOG_PUBLIC_URL": self.url, "DIALOOG_HOST": "127.0.0.1", "DIALOOG_PORT": str(self.port),
                "DIALOOG_ADMIN_EMAIL": ADMIN[0], "DIALOOG_ADMIN_PASSWORD": ADMIN[1]}

    def start(self) -> None:
        log = (self.data_dir / "server.log").open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", "dialoog", "run"], env=self.env(), cwd=self.data_dir,
                                        stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    async def watch_memory(self) -> None:
        while True:
            self.peak_rss = max(self.peak_rss, self.rss_mb())
            await asyncio.sleep(0.25)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Result:
    phones: int
    tables: int = 0  # the tables profile: this many tables, each with a simulated host (0: one group)
    joined: int = 0
    join_seconds: list[float] = field(default_factory=list)
    join_window: float = 0.0
    sent: int = 0
    confirmed: int = 0
    stored: int = 0
    shown: int = 0
    lost: int = 0
    card_to_projector: list[float] = field(default_factory=list)
    card_to_confirmed: list[float] = field(default_factory=list)
    turn_to_phones: list[float] = field(default_factory=list)
    turn_changes: int = 0
    turn_missed: int = 0
    click_to_server: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0
    cpu_share: float = 0.0
    generator_lag: list[float] = field(default_factory=list)  # how late the load generator's own loop ran
    idle_share: float = 0.0  # server CPU (share of one core) with every phone connected and nothing happening
    generator_share: float = 0.0
    machine_share: float = 0.0
    errors: list[str] = field(default_factory=list)
    # The tables profile only:
    hosts: int = 0  # table hosts whose link opened their console
    seats: tuple[int, int] = (0, 0)  # fewest and most phones at one table
    host_clicks: int = 0  # "Volgende spreker" pressed by the hosts
    turn_updates: int = 0  # phone × turn change at its table: how many updates the phones should have seen
    turn_from_server: list[float] = field(default_factory=list)  # turn event (server clock) → that table's phones
    log_notes: list[str] = field(default_factory=list)  # what the server's log said (errors, slow flushes)


def make_session(server: ServerProcess, tables: int = 0) -> tuple[int, str, list[tuple[int, str]]]:
    """The session, its join code, and with ``tables`` the tables' hosts' links (table id, token)."""
    from dialoog import db
    from dialoog.models import DialogueSession
    from dialoog.sessions import accounts, facilitation, facilitator_links, turns, views
    from dialoog.sessions import tables as tables_

    db.configure(server.db_url)
    turns.forget_all()  # a fresh database each run: the engine state cached for the last one is not this one's
    organiser = accounts.create_organiser(ADMIN[0], ADMIN[1])
    session_id = facilitation.create_session(organiser.id, "Wijkdialoog De Akker (benchmark)")
    snap = views.load_snapshot(session_id)
    first = next(p.position for p in snap.phases if p.takes_cards)
    facilitation.go_to_phase(organiser.id, session_id, first)
    links = []
    if tables:
        tables_.set_count(organiser.id, session_id, tables)
        links = [(t.id, facilitator_links.create(organiser.id, session_id, f"Tafelleider {t.position + 1}", table=t.id))
                 for t in views.load_snapshot(session_id).tables]
    with db.session() as s:
        code = s.get(DialogueSession, session_id).join_code
    db.dispose()
    return session_id, code, links


def read_back(server: ServerProcess, session_id: int) -> tuple[set[str], list[float]]:
    """Card tokens stored, and when each turn started (server clock, from the turn events)."""
    from sqlmodel import select

    from dialoog import db
    from dialoog.models import Card, TurnEvent

    db.configure(server.db_url, migrate=False)
    try:
        with db.session() as s:
            texts = s.exec(select(Card.text).where(Card.session_id == session_id)).all()
            starts = s.exec(select(TurnEvent.at).where(TurnEvent.session_id == session_id,
                                                       TurnEvent.kind == "TurnStarted").order_by(TurnEvent.id)).all()
    finally:
        db.dispose()
    return {t.split("#k", 1)[1].split()[0] for t in texts if "#k" in t}, list(starts)


def read_tables(server: ServerProcess, session_id: int) -> tuple[dict[int, list[tuple[float, str]]], dict[str, int]]:
    """The tables profile: each table's turn events (server clock, kind) in order, and where each
    phone (by its name) sat."""
    from sqlmodel import select

    from dialoog import db
    from dialoog.models import Participant, TurnEvent

    db.configure(server.db_url, migrate=False)
    try:
        with db.session() as s:
            rows = s.exec(select(TurnEvent.table_id, TurnEvent.at, TurnEvent.kind)
                          .where(TurnEvent.session_id == session_id).order_by(TurnEvent.id)).all()
            seats = s.exec(select(Participant.display_name, Participant.table_id)
                           .where(Participant.session_id == session_id)).all()
    finally:
        db.dispose()
    events: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for table_id, at, kind in rows:
        events[table_id].append((at, kind))
    return events, dict(seats)


def read_log(server: ServerProcess) -> list[str]:
    """What the server's log says that a run should not: errors, tracebacks, slow flushes (counted)."""
    path = server.data_dir / "server.log"
    if not path.exists():
        return []
    lines = path.read_text(errors="replace").splitlines()
    slow = [line for line in lines if "slow flush" in line]
    bad = [line for line in lines if any(w in line for w in ("ERROR", "Traceback", "Exception", "exception"))
           and "event loop blocked" not in line]  # a stall's stack may pass through starlette's _exception_handler
    collections = [line for line in lines if "garbage collection of generation" in line]
    stalls = [line for line in lines if "event loop blocked" in line]
    notes = [f"server log: {len(lines)} lines, {len(slow)} slow flushes, {len(collections)} slow garbage collections, "
             f"{len(stalls)} other stalls of the event loop, {len(bad)} lines with errors"]
    notes += [f"stall: {line.strip()[:400]}" for line in stalls[:5]]
    if slow:
        def cost(line: str) -> float:
            found = re.search(r"slow flush of session \d+: (\d+) ms", line)
            return float(found.group(1)) if found else 0.0
        notes.append(f"slowest flush: {max(slow, key=cost).strip()[:400]}")
    by_generation: dict[str, list[tuple[float, int]]] = {}
    for line in collections:
        found = re.search(r"generation (\d) took (\d+) ms \((\d+) freed", line)
        if found:
            by_generation.setdefault(found.group(1), []).append((float(found.group(2)), int(found.group(3))))
    for generation, seen in sorted(by_generation.items()):
        took = sorted(ms for ms, _ in seen)
        notes.append(f"slow collections of generation {generation}: {len(seen)}, {took[0]:.0f}–{took[-1]:.0f} ms"
                     f" (median {took[len(took) // 2]:.0f}), {sum(n for _, n in seen):,} objects freed in all")
    notes.extend(f"log: {line.strip()[:300]}" for line in bad[:10])
    return notes


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class TurnWatch:
    """Per phone: when the part of the page that shows whose turn it is changed."""

    def __init__(self, phone: SimPhone) -> None:
        self.phone = phone
        self.changes: list[float] = []
        self.ids: set[str] = set()
        self.state: tuple = ()

    def attach(self) -> None:
        p = self.phone
        my_turn = p.one(cls="d-my-turn")
        parent = next(i for i, e in p.elements.items() if my_turn in [str(c) for c in e.get("children", [])])
        children = [str(c) for c in p.elements[parent]["children"]]
        turn_info = children[children.index(my_turn) + 1]
        self.ids = {my_turn, turn_info}
        self.my_turn, self.turn_info = my_turn, turn_info
        self.state = self.read()
        p.watchers.append(self.on_update)

    def read(self) -> tuple:
        return self.phone.visible(self.my_turn), self.phone.text_of(self.turn_info)

    def on_update(self, when: float, data: dict) -> None:
        if self.ids & data.keys():
            state = self.read()
            if state != self.state:
                self.state = state
                self.changes.append(when)


def start_profiler(server: ServerProcess, n: int) -> subprocess.Popen | None:
    """py-spy on the server for the whole run (``--profile``): collapsed stacks to read with grep."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("  (py-spy is not installed: pip install py-spy)")
        return None
    out = ROOT / "benchmarks" / f"profile-{n}.txt"
    print(f"  profiling the server into {out.relative_to(ROOT)}")
    return subprocess.Popen([spy, "record", "--pid", str(server.process.pid), "--rate", "50", "--format", "raw",
                             "--output", str(out), "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


async def run_scenario(n: int, *, join_window: float, cards_window: float, turn_every: float,
                       chromium: str, keep: bool, profile: str | None = None, tables: int = 0) -> Result:
    from playwright.async_api import async_playwright

    result = Result(phones=n, tables=tables)
    data_dir = Path(tempfile.mkdtemp(prefix=f"dialoog-load-{n}{f'-t{tables}' if tables else ''}-"))
    server = ServerProcess(data_dir)
    session_id, code, links = make_session(server, tables)
    server.start()
    profiler = start_profiler(server, n) if profile == "all" else None
    memory = asyncio.create_task(server.watch_memory())
    cpu_start, wall_start = server.cpu_seconds(), time.monotonic()
    own_start, machine_start = time.process_time(), machine_busy()
    rng = random.Random(n)
    phones: list[SimPhone] = []
    hosts: list[tuple[int, SimHost]] = []  # (table id, its host)
    sessions: list[aiohttp.ClientSession] = []
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            ctx = await browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
            console = await ctx.new_page()
            browser_notes: list[str] = []
            for label, page in (("console", console),):
                page.on("console", lambda m, label=label: browser_notes.append(f"{label}: {m.text}")
                        if "reload" in m.text or "disconnect" in m.text.lower() else None)
            await console.goto(f"{server.url}/login")
            await console.get_by_label("E-mail").fill(ADMIN[0])
            await console.get_by_label("Wachtwoord").fill(ADMIN[1])
            await console.get_by_role("button", name="Inloggen").click()
            await console.wait_for_url("**/dashboard")
            await console.goto(f"{server.url}/sessie/{session_id}")
            await console.get_by_role("button", name="Start ronde").first.wait_for()
            screen_ctx = await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
            projector = await screen_ctx.new_page()
            projector.on("console", lambda m: browser_notes.append(f"projector: {m.text}")
                         if "reload" in m.text or "disconnect" in m.text.lower() else None)
            await projector.add_init_script(OBSERVER)
            await projector.goto(f"{server.url}/scherm/{code}")
            await projector.wait_for_function("window.__seen !== undefined")

            # -- the tables profile: every table's host opens their link, before anyone arrives --
            async def open_host(k: int, table_id: int, token: str) -> tuple[int, SimHost] | None:
                http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                             timeout=aiohttp.ClientTimeout(total=60))
                sessions.append(http)
                host = SimHost(server.url, http, name=f"Tafelleider {k + 1}")
                try:
                    await host.open_link(token)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    await host.close()
                    result.errors.append(f"host {k + 1}: {type(error).__name__}: {error}")
                    return None
                return table_id, host

            if links:
                opened = await asyncio.gather(*(open_host(k, t, token) for k, (t, token) in enumerate(links)))
                hosts = [h for h in opened if h is not None]
                result.hosts = len(hosts)

            # -- N phones join within the join window ------------------------------------------
            async def join(i: int) -> SimPhone | None:
                await asyncio.sleep(i * join_window / n)
                http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                             timeout=aiohttp.ClientTimeout(total=60))
                sessions.append(http)
                phone = SimPhone(server.url, http, name=f"Bewoner {i + 1}")
                started = time.monotonic()
                try:
                    await phone.join(code, phone.name)
                except Exception as error:  # noqa: BLE001 - counted and reported
                    result.errors.append(f"join {i}: {type(error).__name__}: {error}")
                    return None
                result.join_seconds.append(time.monotonic() - started)
                return phone

            joined_at = time.monotonic()
            joined = await asyncio.gather(*(join(i) for i in range(n)))
            result.join_window = time.monotonic() - joined_at
            phones = [p for p in joined if p is not None]
            result.joined = len(phones)
            watches = [TurnWatch(p) for p in phones]
            for w in watches:
                w.attach()
            await asyncio.sleep(2)  # let the console settle after the stampede
            if profile == "idle":
                profiler = start_profiler(server, n)
            # The fixed cost of a full room: N phones connected, nobody doing anything.
            idle_cpu, idle_wall = server.cpu_seconds(), time.monotonic()
            await asyncio.sleep(IDLE_WINDOW)
            result.idle_share = (server.cpu_seconds() - idle_cpu) / (time.monotonic() - idle_wall)
            if profile == "idle":
                profiler.send_signal(2)
                profiler.wait(30)
                profiler = None
            if profile == "cards":
                profiler = start_profiler(server, n)

            # -- 60 s of cards, while the facilitator runs a round -----------------------------
            sent: dict[str, float] = {}
            confirmed: dict[str, float] = {}

            async def post_cards(i: int, phone: SimPhone) -> None:
                moments = sorted(rng.uniform(0, cards_window) for _ in range(3))
                begin = time.monotonic()
                for j, moment in enumerate(moments):
                    await asyncio.sleep(max(0.0, begin + moment - time.monotonic()))
                    token = f"{i}x{j}"
                    text = f"Bij ons in de straat is het fijn wonen #k{token} (kaart {j + 1})"
                    seen = asyncio.get_running_loop().create_future()

                    def watch(when: float, data: dict, text=text, seen=seen) -> None:
                        if not seen.done() and any(e and e.get("text") == text for e in data.values()):
                            seen.set_result(when)

                    phone.watchers.append(watch)
                    sent[token] = time.time()
                    try:
                        await phone.post_card(text)
                        confirmed[token] = await asyncio.wait_for(seen, 30)
                    except Exception as error:  # noqa: BLE001 - counted and reported
                        result.errors.append(f"card {token}: {type(error).__name__}: {error}")
                    finally:
                        phone.watchers.remove(watch)

            clicks: list[float] = []

            async def facilitate() -> None:
                end = time.monotonic() + cards_window
                next_button = console.get_by_role("button", name="Volgende spreker")
                for _ in range(3):  # a facilitator whose click got lost clicks again; it is reported
                    await console.get_by_role("button", name="Start ronde").click()
                    try:
                        await next_button.wait_for(timeout=10_000)
                        break
                    except Exception:  # noqa: BLE001 - playwright's TimeoutError
                        result.errors.append("console: no round 10 s after 'Start ronde'; clicked it again")
                await asyncio.sleep(turn_every)
                while time.monotonic() < end - turn_every / 2:
                    clicks.append(time.time())
                    await next_button.click()
                    await asyncio.sleep(turn_every)

            clicks_at: dict[int, list[float]] = defaultdict(list)  # the tables profile: per table, its host's clicks

            async def host_table(k: int, table_id: int, host: SimHost) -> None:
                """One table's host: a round, and "Volgende spreker" every turn_every seconds,
                staggered; "Start ronde" again first when everyone at the table was heard."""
                begin = time.monotonic() + k * turn_every / len(hosts)
                end = time.monotonic() + cards_window
                tick = 0
                while begin + tick * turn_every < end - turn_every / 2:
                    await asyncio.sleep(max(0.0, begin + tick * turn_every - time.monotonic()))
                    tick += 1
                    try:
                        start = host.button("Start ronde")  # no round yet, or everyone heard
                        if start is not None:
                            await host.click(start)
                            await host.wait_for(lambda: host.button("Start ronde") is None
                                                and host.button("Volgende spreker") is not None, timeout=10)
                        button = host.button("Volgende spreker")
                        if button is None:
                            result.errors.append(f"{host.name}: no 'Volgende spreker' at tick {tick}")
                            continue
                        clicks_at[table_id].append(time.time())
                        await host.click(button)
                    except Exception as error:  # noqa: BLE001 - counted and reported
                        result.errors.append(f"{host.name} at tick {tick}: {type(error).__name__}: {error}")

            async def watch_own_lag() -> None:
                """The simulated phones share one event loop: when it is late, every phone hears late."""
                while True:
                    before = time.monotonic()
                    await asyncio.sleep(0.01)
                    result.generator_lag.append(time.monotonic() - before - 0.01)

            lag = asyncio.create_task(watch_own_lag())
            # The load generator is the measuring instrument: a full collection of its thousand
            # element trees stopped its loop for ~0.5 s, and every phone then "heard" a turn late.
            gc.collect()
            gc.freeze()
            try:
                turn_takers = [host_table(k, t, h) for k, (t, h) in enumerate(hosts)] if tables else [facilitate()]
                await asyncio.gather(*turn_takers, *(post_cards(i, p) for i, p in enumerate(phones)))
            except Exception:
                print("\n".join(f"  browser said: {note}" for note in browser_notes))
                (ROOT / "screenshots").mkdir(exist_ok=True)
                await console.screenshot(path=str(ROOT / "screenshots" / f"load-console-failed-{n}.png"))
                raise
            await asyncio.sleep(5)  # the last cards and turns travel
            lag.cancel()
            gc.unfreeze()

            result.errors.extend(f"browser said: {note}" for note in browser_notes)
            seen_on_projector: dict[str, int] = await projector.evaluate("window.__seen")
            if keep:
                shots = ROOT / "screenshots"
                shots.mkdir(exist_ok=True)
                await projector.screenshot(path=str(shots / f"load-projector-{n}.png"))
                await console.screenshot(path=str(shots / f"load-console-{n}.png"))
            await browser.close()

        # -- figures ----------------------------------------------------------------------
        wall = time.monotonic() - wall_start
        result.cpu_seconds = server.cpu_seconds() - cpu_start
        result.cpu_share = result.cpu_seconds / wall
        result.generator_share = (time.process_time() - own_start) / wall
        busy, total = machine_busy()
        result.machine_share = (busy - machine_start[0]) / max(1, total - machine_start[1])
        result.peak_rss_mb = server.peak_rss
        stored, starts = read_back(server, session_id)
        result.sent, result.confirmed, result.stored = len(sent), len(confirmed), len(stored)
        result.shown = len(set(seen_on_projector) & stored)
        result.lost = len(set(confirmed) - stored) + len(stored - set(seen_on_projector))
        for token, at in sent.items():
            if token in seen_on_projector:
                result.card_to_projector.append(seen_on_projector[token] / 1000 - at)
            if token in confirmed:
                result.card_to_confirmed.append(confirmed[token] - at)
        if os.environ.get("DIALOOG_LOAD_DEBUG") and sent:  # when in the window the slow cards were
            first, buckets = min(sent.values()), defaultdict(list)
            for token, at in sent.items():
                if token in seen_on_projector:
                    buckets[int((at - first) // 5) * 5].append(seen_on_projector[token] - at * 1000)
            for start, ms in sorted(buckets.items()):
                print(f"cards sent at {start:3d}-{start + 5:3d} s: {len(ms):4d}, card -> projector p50 / p95 / max"
                      f" {percentile(ms, 50):5.0f} / {percentile(ms, 95):5.0f} / {max(ms):5.0f} ms")
        # A turn change is timed from the moment the server made it (the TurnStarted event);
        # how long Chromium and Playwright took to get the click there is reported apart.
        if os.environ.get("DIALOOG_LOAD_DEBUG") and clicks:
            print("clicks", [round(c - clicks[0], 2) for c in clicks], "starts", [round(s - clicks[0], 2) for s in starts])
        result.log_notes = read_log(server)
        refused = Counter(note for _, host in hosts for note in host.notifications)
        result.log_notes.extend(f"the table hosts were told {count}×: {note}" for note, count in refused.most_common(5))
        if tables:
            measure_tables(result, server, session_id, watches, clicks_at)
            starts = []  # the one group's figures below do not apply
        for click, start in zip(clicks, starts):
            result.click_to_server.append(start - click)
        bounds = starts + [float("inf")]
        if os.environ.get("DIALOOG_LOAD_DEBUG"):
            buckets: dict[str, list[float]] = {}
            for token, at in sent.items():
                if token in seen_on_projector:
                    k = bisect.bisect_right(starts, at) - 1
                    since = at - starts[k] if k >= 0 else 99
                    name = "0-0.3" if since < 0.3 else "0.3-0.6" if since < 0.6 else "0.6-3"
                    buckets.setdefault(name, []).append(seen_on_projector[token] / 1000 - at)
            for name, values in sorted(buckets.items()):
                print(f"cards sent {name} s after a turn: n={len(values)} p50 {percentile(values, 50)*1000:.0f} "
                      f"p95 {percentile(values, 95)*1000:.0f}")
        for k, start in enumerate(starts):
            result.turn_changes += 1
            heard = [next((t - start for t in w.changes if start <= t < bounds[k + 1]), None) for w in watches]
            result.turn_missed += heard.count(None)
            heard = sorted(h for h in heard if h is not None)
            result.turn_to_phones.extend(heard)
            if os.environ.get("DIALOOG_LOAD_DEBUG") and heard:
                print(f"turn at {start:.3f}: first {heard[0] * 1000:.0f} p50 {heard[len(heard) // 2] * 1000:.0f} "
                      f"max {heard[-1] * 1000:.0f} ms")
    finally:
        memory.cancel()
        if profiler is not None:
            profiler.send_signal(2)  # SIGINT: py-spy writes its file and exits
            profiler.wait(30)
        for phone in phones:
            await phone.close()
        for _, host in hosts:
            await host.close()
        for http in sessions:
            await http.close()
        server.stop()
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return result


def measure_tables(result: Result, server: ServerProcess, session_id: int, watches: list[TurnWatch],
                   clicks_at: dict[int, list[float]]) -> None:
    """Each change of speaker at a table (a turn started or ended there), timed from its host's click
    (the last one before the server wrote the event) until each phone at that table showed it."""
    events, seat_of = read_tables(server, session_id)
    at_table: dict[int, list[TurnWatch]] = defaultdict(list)
    for w in watches:
        at_table[seat_of.get(w.phone.name)].append(w)
    counts = Counter(seat_of.values())
    result.seats = (min(counts.values(), default=0), max(counts.values(), default=0))
    result.host_clicks = sum(len(c) for c in clicks_at.values())
    for table_id, stream in events.items():
        changes = [at for at, kind in stream if kind in ("TurnStarted", "TurnEnded")]
        clicks = sorted(clicks_at.get(table_id, []))
        bounds = changes + [float("inf")]
        for k, at in enumerate(changes):
            result.turn_changes += 1
            i = bisect.bisect_right(clicks, at) - 1
            click = clicks[i] if i >= 0 else None
            if click is not None:
                result.click_to_server.append(at - click)
            for w in at_table[table_id]:
                seen = next((t for t in w.changes if at <= t < bounds[k + 1]), None)
                if seen is None:
                    result.turn_missed += 1
                    continue
                result.turn_from_server.append(seen - at)
                if click is not None:
                    result.turn_to_phones.append(seen - click)
    result.turn_updates = sum(len(at_table[t]) * sum(1 for _, kind in stream if kind in ("TurnStarted", "TurnEnded"))
                              for t, stream in events.items())


def ms(values: list[float], p: float | None = None) -> str:
    if not values:
        return "–"
    value = max(values) if p is None else percentile(values, p)
    return f"{value * 1000:.0f}"


def table(results: list[Result]) -> str:
    if any(r.tables for r in results):
        return tables_table(results)
    lines = [
        "| phones | joined | join p50 / p95 (ms) | card → projector p50 / p95 / max (ms) | card → confirmed p95 (ms) "
        "| turn → phones p50 / p95 / max (ms) | turn updates missed | cards sent / confirmed / stored / shown "
        "| lost | peak RSS (MB) | server CPU (s, share of one core) | idle server CPU, all joined | load generator / whole machine CPU "
        "| load generator's loop late p95 / max (ms) "
        "| console click → server p50 (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.phones} | {r.joined} | {ms(r.join_seconds, 50)} / {ms(r.join_seconds, 95)} "
            f"| {ms(r.card_to_projector, 50)} / {ms(r.card_to_projector, 95)} / {ms(r.card_to_projector)} "
            f"| {ms(r.card_to_confirmed, 95)} "
            f"| {ms(r.turn_to_phones, 50)} / {ms(r.turn_to_phones, 95)} / {ms(r.turn_to_phones)} "
            f"| {r.turn_missed} of {r.turn_changes * r.joined} "
            f"| {r.sent} / {r.confirmed} / {r.stored} / {r.shown} | {r.lost} "
            f"| {r.peak_rss_mb:.0f} | {r.cpu_seconds:.0f} s, {r.cpu_share:.0%} | {r.idle_share:.0%} "
            f"| {r.generator_share:.0%} of one core / {r.machine_share:.0%} of {os.cpu_count()} cores "
            f"| {ms(r.generator_lag, 95)} / {ms(r.generator_lag)} "
            f"| {ms(r.click_to_server, 50)} |"
        )
    return "\n".join(lines)


def tables_table(results: list[Result]) -> str:
    """The tables profile's own table: its turn figure is per table, from the host's click."""
    lines = [
        "| profile | phones | tables (phones at one: fewest–most) | hosts on their link | joined | join p50 / p95 (ms) "
        "| card → projector p50 / p95 / max (ms) | card → confirmed p95 (ms) "
        "| turn → that table's phones, from the host's click, p50 / p95 / max (ms) "
        "| the same from the server's turn event p95 (ms) | host click → server p50 / p95 (ms) "
        "| host clicks / turn changes | turn updates missed | cards sent / confirmed / stored / shown | lost "
        "| peak RSS (MB) | server CPU (s, share of one core) | idle server CPU, all joined "
        "| load generator / whole machine CPU | load generator's loop late p95 / max (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| tables | {r.phones} | {r.tables} ({r.seats[0]}–{r.seats[1]}) | {r.hosts} | {r.joined} "
            f"| {ms(r.join_seconds, 50)} / {ms(r.join_seconds, 95)} "
            f"| {ms(r.card_to_projector, 50)} / {ms(r.card_to_projector, 95)} / {ms(r.card_to_projector)} "
            f"| {ms(r.card_to_confirmed, 95)} "
            f"| {ms(r.turn_to_phones, 50)} / {ms(r.turn_to_phones, 95)} / {ms(r.turn_to_phones)} "
            f"| {ms(r.turn_from_server, 95)} | {ms(r.click_to_server, 50)} / {ms(r.click_to_server, 95)} "
            f"| {r.host_clicks} / {r.turn_changes} | {r.turn_missed} of {r.turn_updates} "
            f"| {r.sent} / {r.confirmed} / {r.stored} / {r.shown} | {r.lost} "
            f"| {r.peak_rss_mb:.0f} | {r.cpu_seconds:.0f} s, {r.cpu_share:.0%} | {r.idle_share:.0%} "
            f"| {r.generator_share:.0%} of one core / {r.machine_share:.0%} of {os.cpu_count()} cores "
            f"| {ms(r.generator_lag, 95)} / {ms(r.generator_lag)} |"
        )
    return "\n".join(lines)


def commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except OSError:
        return "unknown"


def run(coroutine):
    """The simulated phones share one event loop: uvloop's (uvicorn brings it, the server runs on it
    too) is the lighter instrument. A thousand phones' Python-loop overhead was counted as latency."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--join-window", type=float, default=20.0)
    parser.add_argument("--cards-window", type=float, default=60.0)
    parser.add_argument("--turn-every", type=float, default=3.0)
    parser.add_argument("--tables", type=int, default=0,
                        help="the tables profile: this many tables, each with a simulated host pressing"
                             " 'Volgende spreker' every --turn-every seconds (staggered)")
    parser.add_argument("--chromium", default=os.environ.get("DIALOOG_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--keep", action="store_true", help="keep data folders and take screenshots")
    parser.add_argument("--no-write", action="store_true", help="print only; do not update RESULTS.md")
    parser.add_argument("--profile", nargs="?", const="all", choices=["all", "idle", "cards"],
                        help="record the server with py-spy (benchmarks/profile-N.txt): the whole run, the quiet"
                             " full room, or the cards only")
    args = parser.parse_args()
    results, failures = [], []
    if args.tables == 1 or args.tables < 0:
        parser.error("--tables: 2 or more (0: the one group)")
    for n in args.phones:
        print(f"running N = {n}{f' at {args.tables} tables' if args.tables else ''} …", flush=True)
        try:
            r = run(run_scenario(n, join_window=args.join_window, cards_window=args.cards_window,
                                 turn_every=args.turn_every, chromium=args.chromium, keep=args.keep,
                                 profile=args.profile, tables=args.tables))
        except Exception as error:  # noqa: BLE001 - a failed run is a result too, and the others still run
            failures.append(f"- N = {n}: the run failed: {type(error).__name__}: {str(error).splitlines()[0]}")
            print(failures[-1], flush=True)
            continue
        results.append(r)
        print(table([r]), flush=True)
        for error in r.errors[:10]:
            print("  !", error)
        if len(r.errors) > 10:
            print(f"  … and {len(r.errors) - 10} more errors")
        for note in r.log_notes:
            print("  ·", note)
    text = table(results) + ("\n\n" + "\n".join(failures) if failures else "")
    print(text)
    if not args.no_write:
        header = (f"## {dt.date.today().isoformat()} · commit {commit()} · {os.cpu_count()} cores\n\n"
                  f"Join window {args.join_window:.0f} s, cards over {args.cards_window:.0f} s (3 per phone), "
                  f"a new speaker every {args.turn_every:.0f} s. Server, Chromium (console + projector) and "
                  f"the simulated phones all on this machine.\n\n")
        if args.tables:
            header = (f"## {dt.date.today().isoformat()} · Tables profile · commit {commit()} · {os.cpu_count()} cores\n\n"
                      f"`--tables {args.tables}`: the session in {args.tables} tables; phones seated where it is "
                      f"quietest. Join window {args.join_window:.0f} s, cards over {args.cards_window:.0f} s "
                      f"(3 per phone); each table's host (a simulated socket client on the table's own link) "
                      f"presses \"Volgende spreker\" every {args.turn_every:.0f} s, the hosts staggered "
                      f"(~{args.tables / args.turn_every:.0f} turn changes a second in the room). A turn is timed "
                      f"from the host's click to each phone at that table. The console (watching) and the "
                      f"projector (\"Plenair\") in Chromium, all on this machine. Targets: turn p95 ≤ 300 ms, "
                      f"card → projector p95 ≤ 250 ms, 0 lost, RSS ≤ 1 GB.\n\n")
        old = RESULTS.read_text() if RESULTS.exists() else "# Load benchmark results\n\n"
        title, _, rest = old.partition("\n\n")
        RESULTS.write_text(f"{title}\n\n{header}{text}\n\n{rest}".rstrip() + "\n")


if __name__ == "__main__":
    main()
