"""A realistic session made through the real services: for trying Dialoog, tests and benchmarks."""

from __future__ import annotations

import random

from dialoog.sessions import facilitation, harvest, participation, templates, turns

NAMES = ["Anna", "Bram", "Fatima", "Henk", "Ilse", "Jamal", "Kees", "Leyla", "Marij", "Noor", "Özlem", "Pieter"]
TEXTS = {
    "ervaring": [
        "Toen mijn fiets gestolen was, leende de buurman me de zijne.",
        "Bij de straatbarbecue kende ik opeens iedereen.",
        "De bakker vroeg hoe het met mijn moeder ging. Dat deed me goed.",
        "Na de storm ruimden we samen de takken op; daarna dronken we koffie.",
    ],
    "droom": [
        "Een moestuin op het plein waar kinderen en ouderen samen werken.",
        "Elke maand een buurtmaaltijd in het wijkcentrum.",
        "Bankjes langs de vijver, zodat je er even kunt zitten en praten.",
    ],
    "mogelijkheid": [
        "Een buurtapp voor klusjes en hulp.",
        "Een ruilkast bij de school.",
        "Samen de speeltuin opknappen in het voorjaar.",
        "Een wandelgroep op zondagochtend.",
    ],
    "aanbod": ["Ik kan koken voor twintig mensen.", "Ik heb een aanhanger die je mag lenen."],
    "vraag": ["Wie helpt mij met mijn tuin?", "Wie kent iemand bij de gemeente?"],
    "actie": ["Ik vraag de school of de ruilkast er mag staan."],
}
EXTRA = "Çok güzel bir mahalle: één plek voor iedereen — الحي جميل"


def seed_session(
    organiser_id: int, *, people: int = 8, cards: int = 40, turn_count: int = 30, title: str = "Samen in de Akker",
    clock: list[float] | None = None, seed: int = 7,
) -> int:
    """A session with ``people`` participants, about ``cards`` cards and ``turn_count`` turns."""
    rng = random.Random(seed)
    now = clock if clock is not None else [1_800_000_000.0]
    original_clock = turns.clock
    turns.clock = lambda: now[0]
    try:
        sid = facilitation.create_session(organiser_id, title)
        facilitation.update_details(organiser_id, sid, title=title, theme="Samen leven in de buurt",
                                    neighbourhood="De Akker", place="Wijkcentrum De Schakel")
        harvest.update_report_header(
            organiser_id, sid, organisation="Gemeente Voorbeeldstad, team Wijken", facilitator_name="Sanne de Vries",
            participation_level="adviseren",
            follow_up="De gemeente bespreekt de acties in het wijkoverleg van volgende maand en koppelt terug.",
        )
        pids = []
        for n in range(people):
            name = NAMES[n % len(NAMES)] + ("" if n < len(NAMES) else f" {n // len(NAMES) + 1}")
            pid = participation.join(sid, name, has_phone=n % 7 != 6).id
            pids.append(pid)
            if n % 3 == 0:
                harvest.set_name_in_report(sid, pid, True)
        snap_phases = {2: "ervaring", 3: "droom", 4: "mogelijkheid", 5: "actie"}
        per_phase = max(1, cards // len(snap_phases))
        turns_left = turn_count
        for position in range(1, 7):
            facilitation.go_to_phase(organiser_id, sid, position)
            kind = snap_phases.get(position)
            if kind is not None:
                for i in range(per_phase):
                    pid = pids[i % len(pids)]
                    k = kind if position != 4 else ("mogelijkheid", "aanbod", "vraag")[i % 3]
                    text = rng.choice(TEXTS[k]) + ("" if i % 9 else " " + EXTRA)
                    resource = rng.choice(list(templates.RESOURCES)) if k in templates.RESOURCE_KINDS else ""
                    participation.add_card(sid, pid, text, kind=k, resource=resource)
            rounds_here = max(1, -(-turn_count // (people * 6)))  # enough rounds to reach turn_count
            for _round in range(rounds_here):
                if turns_left <= 0:
                    break
                turns.start_round(organiser_id, sid)
                while turns_left > 0:
                    now[0] += rng.uniform(20, 160)
                    if turns.next_speaker(organiser_id, sid) is None:
                        break
                    turns_left -= 1
                now[0] += 30
                if turns.state(sid).speaker is not None:
                    turns.end_turn(organiser_id, sid)
            if position == 4:
                from dialoog.sessions.views import load_snapshot

                snap = load_snapshot(sid)
                possibilities = [c for c in snap.cards if c.kind == "mogelijkheid"]
                harvest.set_voting(organiser_id, sid, open_=True)
                for pid in pids:
                    for card in rng.sample(possibilities, min(3, len(possibilities))):
                        harvest.cast_vote(sid, pid, card.id)
                harvest.set_voting(organiser_id, sid, open_=False, show_results=True)
                if possibilities:
                    tid = harvest.add_theme(organiser_id, sid, possibilities[0].phase_id, "Ontmoeten")
                    for card in possibilities[: len(possibilities) // 2]:
                        harvest.set_theme(organiser_id, sid, card.id, tid)
                    harvest.action_from_card(organiser_id, sid, possibilities[0].id)
            if position == 5:
                harvest.add_action(sid, pids[0], what="Ruilkast bij de school", first_step="Directeur bellen",
                                   when="Deze maand", needs="Een oude kast")
                harvest.add_action(sid, pids[1], no_action=True)
        for i, pid in enumerate(pids):
            harvest.evaluate(sid, pid, 3 + i % 3, "Fijn om elkaar zo te horen." if i % 2 else "")
        return sid
    finally:
        turns.clock = original_clock
