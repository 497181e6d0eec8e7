"""The live hub: which screens and phones hear which news, and when a flush runs."""

import asyncio
import time

import pytest

from dialoog import live
from dialoog.live import LiveHub
from dialoog.sessions import accounts, facilitation, harvest, participation, tables, turns, views
from dialoog.sessions.publishing import NullPublisher, use_publisher
from dialoog.sessions.views import PhoneTurnKey


@pytest.fixture
async def room(database):
    """A session in its first card phase with Anna and Bram, the hub as publisher, and a record
    of what the screen and each phone heard."""
    organiser = accounts.create_organiser("org@example.nl", "een lang wachtwoord")
    session_id = facilitation.create_session(organiser.id, "Wijkdialoog De Akker")
    facilitation.go_to_phase(organiser.id, session_id, 2)
    anna = participation.join(session_id, "Anna")
    bram = participation.join(session_id, "Bram")
    hub = LiveHub()
    hub.start()
    use_publisher(hub)
    heard: dict[str, list[frozenset]] = {"screen": [], "anna": [], "bram": []}
    hub.channel(session_id).changed.subscribe(lambda s, topics: heard["screen"].append(topics))
    hub.subscribe_phone(session_id, anna.id, lambda s, topics: heard["anna"].append(topics))
    hub.subscribe_phone(session_id, bram.id, lambda s, topics: heard["bram"].append(topics))
    try:
        yield hub, organiser, session_id, anna, bram, heard
    finally:
        use_publisher(NullPublisher())
        hub.stop()


async def settle(hub: LiveHub) -> None:
    """Wait until no flush is pending any more."""
    for _ in range(100):
        await asyncio.sleep(0.05)
        if all(ch.scheduled is None and not ch.pending and ch.finishing is None for ch in hub.channels.values()):
            return
    raise AssertionError("the hub kept a flush pending")


async def quiet(hub: LiveHub, heard: dict[str, list[frozenset]]) -> None:
    """Let what is pending pass, then forget what everyone heard so far."""
    await settle(hub)
    for who in heard.values():
        who.clear()


async def test_a_new_card_reaches_the_screens_and_its_author_only(room):
    hub, _, session_id, anna, _, heard = room
    await quiet(hub, heard)
    participation.add_card(session_id, anna.id, "De buurvrouw bracht soep.")
    await settle(hub)
    assert heard["screen"] == [frozenset({"card-added"})]
    assert heard["anna"] == [frozenset({"card-added"})]
    assert heard["bram"] == []
    assert any(c.text == "De buurvrouw bracht soep." for c in hub.snapshot(session_id).cards)


async def test_presence_is_for_the_screens_only(room):
    hub, _, session_id, anna, _, heard = room
    await quiet(hub, heard)
    hub.phone_connected(session_id, anna.id, "tab-1")
    await settle(hub)
    assert heard["screen"] == [frozenset({"presence"})]
    assert heard["anna"] == heard["bram"] == []


async def test_a_turn_reaches_every_phone(room):
    hub, organiser, session_id, anna, _, heard = room
    await quiet(hub, heard)
    turns.start_round(organiser.id, session_id)
    await settle(hub)
    for who in ("screen", "anna", "bram"):
        assert any("turns" in topics for topics in heard[who]), who


async def test_while_voting_a_new_card_reaches_every_phone(room):
    hub, organiser, session_id, anna, _, heard = room
    harvest.set_voting(organiser.id, session_id, open_=True)
    await quiet(hub, heard)
    participation.add_card(session_id, anna.id, "Een moestuin op het plein.")
    await settle(hub)
    assert heard["bram"] == [frozenset({"card-added"})]


async def test_a_turn_does_not_wait_behind_a_costly_flush_nor_a_recent_one(room):
    hub, organiser, session_id, anna, _, _ = room
    await settle(hub)
    ch = hub.channel(session_id)
    ch.last_flush, ch.last_cost = time.monotonic(), 2.0  # a flush just took two seconds: the next waits 4 s
    participation.add_card(session_id, anna.id, "Een bankje bij de bushalte.")
    loop = asyncio.get_running_loop()
    assert ch.scheduled is not None and ch.scheduled.when() > loop.time() + 3
    turns.start_round(organiser.id, session_id)
    assert ch.scheduled is not None and ch.scheduled.when() <= loop.time() + live.FIRST_DELAY
    assert ch.pending >= {"card-added", "turns"}  # the waiting card goes along in the same flush


async def test_someone_joining_wakes_no_other_phone_until_the_turns_they_show_change(room):
    hub, organiser, session_id, anna, bram, heard = room
    turns.start_round(organiser.id, session_id)
    await quiet(hub, heard)
    carla = participation.join(session_id, "Carla")  # joins the running round: the turns changed
    await settle(hub)
    assert heard["screen"] and "participants" in heard["screen"][-1]
    assert heard["anna"] == heard["bram"] == []
    assert hub.snapshot(session_id).participant(carla.id) is not None
    turns.next_speaker(organiser.id, session_id)  # now every phone shows someone else speaking
    await settle(hub)
    assert heard["anna"] and heard["bram"]


async def test_a_change_of_consent_reaches_only_that_phone(room):
    hub, _, session_id, anna, _, heard = room
    await quiet(hub, heard)
    harvest.set_name_in_report(session_id, anna.id, True)
    await settle(hub)
    assert heard["anna"] == [frozenset({"participants"})]
    assert heard["bram"] == []


async def test_phones_whose_only_news_is_the_speaker_name_share_one_broadcast(room, monkeypatch):
    hub, organiser, session_id, anna, bram, _ = room
    sent: list[tuple] = []

    async def broadcast(event, data, client_ids):
        sent.append((event, data, client_ids))

    monkeypatch.setattr(live, "_broadcast", broadcast)
    assert not hub.broadcast_turn_text("c-anna", "Nu aan het woord: Bram")  # outside a flush: update as usual
    hub.subscribe_phone(session_id, anna.id, lambda s, t: hub.broadcast_turn_text("c-anna", f"Nu aan het woord: {s.name(s.turns.speaker)}"))
    hub.subscribe_phone(session_id, bram.id, lambda s, t: hub.broadcast_turn_text("c-bram", f"Nu aan het woord: {s.name(s.turns.speaker)}"))
    await settle(hub)
    sent.clear()
    turns.start_round(organiser.id, session_id)
    turns.next_speaker(organiser.id, session_id)
    await settle(hub)
    await asyncio.sleep(0.05)  # the broadcast is sent from a task of its own
    speaker = hub.snapshot(session_id).name(hub.snapshot(session_id).turns.speaker)
    assert speaker
    code = live.turn_text_code(f"Nu aan het woord: {speaker}")
    assert ("run_javascript", {"code": code}, ["c-anna", "c-bram"]) in sent  # one message for both phones
    assert len([s for s in sent if s[1] == {"code": code}]) == 1


def test_the_broadcast_script_keeps_any_name_a_string():
    code = live.turn_text_code('Nu aan het woord: "); alert(1); ("\u202e</script>')
    assert code.startswith('dialoogSetText("d-turn-info", "') and code.endswith('")')
    assert code.isascii()  # a JSON string literal with every other character escaped; run as code, never parsed as HTML
    import json
    assert json.loads(code[len('dialoogSetText("d-turn-info", '):-1]) == 'Nu aan het woord: "); alert(1); ("\u202e</script>'


async def test_a_listener_whose_only_news_is_the_next_speaker_takes_the_cheap_path(room):
    hub, organiser, session_id, anna, bram, heard = room
    cas = participation.join(session_id, "Cas")
    dirk = participation.join(session_id, "Dirk")
    names: dict[str, list[str]] = {"cas": [], "dirk": []}
    for who, person in (("cas", cas), ("dirk", dirk)):
        heard[who] = []
        hub.subscribe_phone(session_id, person.id, lambda s, topics, who=who: heard[who].append(topics),
                            lambda s, who=who: names[who].append(s.name(s.turns.speaker)))
    turns.start_round(organiser.id, session_id)
    turns.next_speaker(organiser.id, session_id)  # Anna speaks, Bram is next: a new stage for everyone
    await quiet(hub, heard)
    assert names == {"cas": [], "dirk": []}
    turns.next_speaker(organiser.id, session_id)  # Bram speaks, Cas is next
    await settle(hub)
    assert heard["anna"] and heard["bram"] and heard["cas"]  # who spoke, who speaks, who is next
    assert heard["dirk"] == [] and names["dirk"] == ["Bram"]  # a listener: only the name
    assert live._concerned_by_new_speaker(None, PhoneTurnKey(True, 1, "round", 5, "Bram", 6, (), ())) is None
    assert live._concerned_by_new_speaker(PhoneTurnKey(True, 1, "round", 4, "A", 5, (), ()),
                                          PhoneTurnKey(True, 2, "round", 5, "B", 6, (), ())) is None  # a new round


async def test_a_card_placed_with_a_turn_change_keeps_the_other_listeners_on_the_cheap_path(room):
    """In a busy room nearly every change of speaker comes with cards just placed: their authors'
    phones hear everything, every other listener still gets only the new name."""
    hub, organiser, session_id, anna, bram, heard = room
    cas = participation.join(session_id, "Cas")
    dirk = participation.join(session_id, "Dirk")
    eva = participation.join(session_id, "Eva")
    names: dict[str, list[str]] = {"dirk": [], "eva": []}
    for who, person in (("cas", cas), ("dirk", dirk), ("eva", eva)):
        heard[who] = []
        names.setdefault(who, [])
        hub.subscribe_phone(session_id, person.id, lambda s, topics, who=who: heard[who].append(topics),
                            lambda s, who=who: names[who].append(s.name(s.turns.speaker)))
    turns.start_round(organiser.id, session_id)
    turns.next_speaker(organiser.id, session_id)  # Anna speaks, Bram is next
    await quiet(hub, heard)
    for who in names:
        names[who].clear()
    participation.add_card(session_id, eva.id, "Een speeltuin voor de kleintjes.")
    turns.next_speaker(organiser.id, session_id)  # Bram speaks, Cas is next: both in one flush
    assert hub.channel(session_id).pending >= {"card-added", "turns"}
    await settle(hub)
    assert heard["eva"] == [frozenset({"card-added", "turns"})]  # her new card, and the turns
    assert names["eva"] == []
    assert heard["dirk"] == [] and names["dirk"] == ["Bram"]  # a listener: only the name


async def test_a_new_speaker_reaches_the_listening_phones_before_the_screens(room, monkeypatch):
    hub, organiser, session_id, anna, bram, heard = room
    order: list[str] = []

    async def broadcast(event, data, client_ids):
        order.append("broadcast")

    monkeypatch.setattr(live, "_broadcast", broadcast)
    cas = participation.join(session_id, "Cas")
    dirk = participation.join(session_id, "Dirk")
    for person, client_id in ((cas, "c-cas"), (dirk, "c-dirk")):
        hub.subscribe_phone(session_id, person.id, lambda s, t: None,
                            lambda s, c=client_id: hub.broadcast_turn_text(c, f"Nu aan het woord: {s.name(s.turns.speaker)}"))
    hub.channel(session_id).changed.subscribe(lambda s, topics: order.append("screen") if "turns" in topics else None)
    turns.start_round(organiser.id, session_id)
    turns.next_speaker(organiser.id, session_id)
    await settle(hub)
    order.clear()
    turns.next_speaker(organiser.id, session_id)  # Bram speaks, Cas is next: Dirk only listens
    ch = hub.channel(session_id)
    await asyncio.sleep(live.FIRST_DELAY + 0.005)
    for _ in range(100):
        if order:
            break
        await asyncio.sleep(0.005)
    assert order and order[0] == "broadcast"  # the screens wait until the name is on its way
    await settle(hub)
    assert order == ["broadcast", "screen"]
    assert ch.finishing is None


async def test_a_costly_turn_change_does_not_make_the_next_cards_wait(room):
    hub, organiser, session_id, anna, _, _ = room
    turns.start_round(organiser.id, session_id)
    await settle(hub)
    ch = hub.channel(session_id)
    ch.last_cost = 0.01
    real_emit = ch.changed.emit

    def slow_emit(*args):
        time.sleep(0.2)  # the screens take 0.2 s to paint the new turn
        real_emit(*args)

    ch.changed.emit = slow_emit
    turns.next_speaker(organiser.id, session_id)
    await settle(hub)
    assert ch.last_cost == 0.01  # a card flush after it waits MIN_GAP, not COST_FACTOR x 0.2 s
    participation.add_card(session_id, anna.id, "Meer bankjes in het park.")
    loop = asyncio.get_running_loop()
    assert ch.scheduled is not None and ch.scheduled.when() <= loop.time() + live.MIN_GAP + 0.01


async def test_a_failed_broadcast_still_lets_the_screens_follow(room, monkeypatch):
    hub, organiser, session_id, anna, bram, heard = room

    async def broken(event, data, client_ids):
        raise ConnectionResetError("a socket went away mid-broadcast")

    monkeypatch.setattr(live, "_broadcast", broken)
    dirk = participation.join(session_id, "Dirk")
    cas = participation.join(session_id, "Cas")
    for person, client_id in ((dirk, "c-dirk"), (cas, "c-cas")):
        hub.subscribe_phone(session_id, person.id, lambda s, t: None,
                            lambda s, c=client_id: hub.broadcast_turn_text(c, f"Nu aan het woord: {s.name(s.turns.speaker)}"))
    turns.start_round(organiser.id, session_id)
    turns.next_speaker(organiser.id, session_id)
    await quiet(hub, heard)
    turns.next_speaker(organiser.id, session_id)  # the listeners' broadcast fails
    await settle(hub)
    assert any("turns" in topics for topics in heard["screen"])  # the projector and console still repaint
    assert hub.channel(session_id).finishing is None


async def test_a_failed_read_keeps_the_news_and_tries_again(room, monkeypatch):
    hub, _, session_id, anna, _, heard = room
    await quiet(hub, heard)
    ch = hub.channel(session_id)
    real_load = live.load_snapshot

    def failing_load(*args, **kwargs):
        raise ConnectionError("the database went away for a moment")

    monkeypatch.setattr(live, "load_snapshot", failing_load)
    flushes = hub.flushes
    participation.add_card(session_id, anna.id, "Een buurtfeest in de zomer.")
    loop = asyncio.get_running_loop()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if ch.last_cost == 1.0:
            break
    assert ch.last_cost == 1.0 and hub.flushes == flushes  # nothing was sent
    assert ch.pending == {"card-added"} and ch.about == {anna.id}  # the news waits, for Anna's phone
    assert ch.scheduled is not None and ch.scheduled.when() > loop.time() + 0.5  # a second later
    assert heard == {"screen": [], "anna": [], "bram": []}
    monkeypatch.setattr(live, "load_snapshot", real_load)
    await settle(hub)
    assert heard["screen"] == heard["anna"] == [frozenset({"card-added"})]
    assert heard["bram"] == []


async def test_a_turn_at_one_table_reaches_that_tables_phones_only(room):
    """With tables each table has its own rounds: a new speaker at table 1 is no news at table 2."""
    hub, organiser, session_id, anna, bram, heard = room
    others = [participation.join(session_id, name) for name in ("Cas", "Dirk", "Eva", "Fien")]
    tables.set_count(organiser.id, session_id, 2)
    snap = views.load_snapshot(session_id)
    one, two = (t.id for t in snap.tables)
    seated = {p.id: p.table_id for p in snap.participants}
    names: dict[int, list[str]] = {}
    for person in others:
        heard[person.display_name] = []
        names[person.id] = []
        hub.subscribe_phone(session_id, person.id, lambda s, topics, who=person.display_name: heard[who].append(topics),
                            lambda s, pid=person.id: names[pid].append(s.name(s.turns_at(seated[pid]).speaker)))
    turns.start_round(organiser.id, session_id, table=one)
    turns.next_speaker(organiser.id, session_id, table=one)
    await quiet(hub, heard)
    for got in names.values():
        got.clear()
    turns.next_speaker(organiser.id, session_id, table=one)
    await settle(hub)
    at_two = [p for p in others if seated[p.id] == two]
    at_one = [p for p in others if seated[p.id] == one]
    assert at_one and at_two
    for person in at_two:
        assert heard[person.display_name] == [] and names[person.id] == [], person.display_name
    speaker = hub.snapshot(session_id).turns_at(one).speaker
    for person in at_one:  # the whole news (who spoke, who speaks, who is next) or just the new name
        assert heard[person.display_name] or names[person.id] == [hub.snapshot(session_id).name(speaker)]
    assert heard["screen"] and "turns" in heard["screen"][-1]

    turns.start_round(organiser.id, session_id, table=two)  # and the other way round
    await settle(hub)
    assert all(heard[p.display_name] or names[p.id] for p in at_two)
