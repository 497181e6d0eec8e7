"""kill -9 while 20 phones post cards during a round: nothing confirmed is lost, the round is as it was.

Real processes: the server is `dialoog run`; the phones and the console are simulated browsers
(benchmarks/simphone.py) that speak NiceGUI's socket protocol, keep their cookies, and reload
by themselves when the server no longer knows their page, as nicegui.js does.
"""

from __future__ import annotations

import asyncio
import sqlite3

import aiohttp
import pytest

from benchmarks.simphone import SimPage, SimPhone
from tests.e2e.conftest import ADMIN

PHONES = 20


def new_http() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=30))


async def open_console(server, http) -> tuple[SimPage, str]:
    """Log in, create a session on the dashboard, go to Ervaringen; returns the console and join code."""
    console = SimPage(server.url, http, name="console")
    await console.open("/login")
    await console.type(console.one(label="E-mail"), ADMIN[0])
    await console.type(console.one(label="Wachtwoord"), ADMIN[1])
    await console.click(console.one(label="Inloggen", tag="q-btn"))
    await console_wait(console, lambda: console.path == "/dashboard")
    await console.click(console.one(label="Nieuwe sessie", tag="q-btn"))
    await console.type(console.one(label="Titel"), "Samen in de Akker")
    await console.click(console.one(label="Sessie aanmaken", tag="q-btn"))
    await console_wait(console, lambda: console.path.startswith("/sessie/"))
    link = next(e for e in console.elements.values() if str(e.get("props", {}).get("href", "")).startswith("/scherm/"))
    return console, link["props"]["href"].rsplit("/", 1)[-1]


async def console_wait(page: SimPage, condition, timeout: float = 20) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, f"timed out on {page.path}: {page.texts()[:20]}"
        await asyncio.sleep(0.05)


def turn_view(phone: SimPhone) -> tuple[bool, str]:
    """What a phone shows about the turn: is it mine, and who is speaking."""
    mine = phone.one(cls="d-my-turn")
    speaking = [t for t in phone.texts() if t.startswith("Nu aan het woord:")]
    return phone.visible(mine), speaking[0] if speaking and not phone.visible(mine) else ""


def stored_cards(server) -> set[str]:
    with sqlite3.connect(server.data_dir / "dialoog.db") as db:
        return {row[0] for row in db.execute("select text from card")}


@pytest.mark.e2e
async def test_kill_9_with_20_phones_posting_cards(server):
    https = [new_http() for _ in range(PHONES + 1)]
    try:
        console, code = await open_console(server, https[0])
        phones = [SimPhone(server.url, https[i + 1], name=f"Bewoner {i + 1}") for i in range(PHONES)]
        await asyncio.gather(*(p.join(code, p.name) for p in phones))
        for _ in range(3):  # Welkom, Kennismaken, Ervaringen: a phase with cards and a round
            await console.click(console.one(label="Volgende fase", tag="q-btn"))
            await asyncio.sleep(0.3)
        await console_wait(console, lambda: any("Nog geen ronde in Ervaringen" in t for t in console.texts()))
        await console.click(console.one(label="Start ronde", tag="q-btn"))
        await console_wait(console, lambda: console.find(label="Volgende spreker", tag="q-btn"))
        for _ in range(3):
            await console.click(console.one(label="Volgende spreker", tag="q-btn"))
            await asyncio.sleep(0.4)
        await asyncio.gather(*(p.wait_for(lambda p=p: p.find(label="Plaats kaart")) for p in phones))
        await asyncio.gather(*(p.wait_for(lambda p=p: any(turn_view(p))) for p in phones))
        await asyncio.sleep(1)
        before = [turn_view(p) for p in phones]
        assert sum(mine for mine, _ in before) == 1, before  # one speaker, and everyone else sees who

        # Every phone posts cards, one after another, until the server dies.
        confirmed: set[str] = set()
        stop = asyncio.Event()

        async def post(i: int, phone: SimPhone) -> None:
            for j in range(8):  # below the 10-a-minute flood limit
                if stop.is_set():
                    return
                text = f"Kaart {j + 1} van bewoner {i + 1}"
                try:
                    await phone.post_card(text)
                    await phone.wait_for(lambda: phone.has_own_card(text), timeout=5)
                except Exception:  # noqa: BLE001 - the server went away mid-post: not confirmed
                    return
                confirmed.add(text)
                await asyncio.sleep(0.05 * (i % 5))

        posting = [asyncio.create_task(post(i, p)) for i, p in enumerate(phones)]
        await asyncio.sleep(1.5)
        server.kill()
        stop.set()
        await asyncio.gather(*posting)
        assert len(confirmed) >= PHONES, "too few cards were confirmed before the kill to prove anything"

        server.start()
        # Nobody reloads anything by hand: each phone notices its page is gone and reloads itself.
        await asyncio.gather(*(p.wait_for(lambda p=p: p.reloads >= 1 and p.connected.is_set()
                                          and bool(p.find(label="Plaats kaart")), timeout=60) for p in phones))

        stored = stored_cards(server)
        print(f"{len(confirmed)} cards confirmed before kill -9, {len(stored)} stored after the restart")
        assert confirmed <= stored, f"lost after kill -9: {sorted(confirmed - stored)}"
        for i, phone in enumerate(phones):  # the same participant (no join form), with their own cards
            assert not phone.find(label="Je naam")
            mine = {t for t in confirmed if t.endswith(f"bewoner {i + 1}")}
            assert all(phone.has_own_card(t) for t in mine), phone.name
        await asyncio.gather(*(p.wait_for(lambda p=p: any(turn_view(p)), timeout=20) for p in phones))
        assert [turn_view(p) for p in phones] == before  # the same speaker, seen by the same phones

        fresh = SimPage(server.url, https[0], name="console after restart")
        await fresh.open(console.path)
        assert any(t.startswith("Nog niet aan bod") for t in fresh.texts())
        speaker = next(name for mine, name in before if name).removeprefix("Nu aan het woord: ")
        assert speaker in fresh.texts() or any(speaker in t for t in fresh.texts())
        await fresh.close()
    finally:
        for phone in locals().get("phones", []):
            await phone.close()
        if "console" in locals():
            await console.close()
        for http in https:
            await http.close()
