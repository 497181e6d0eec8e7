"""Tables (issue #15, step 2 of docs/tables.md): how many, who sits where, moving, and what a
table host may do. Over a real database (SQLite, and PostgreSQL when configured)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from dialoog import db, i18n
from dialoog.models import Card, FacilitatorLink, Participant
from dialoog.sessions import accounts, engine, facilitation, facilitator_links, participation, tables, turns, views
from dialoog.sessions.access import FacilitatorPass, token_hash
from dialoog.sessions.errors import Forbidden, InvalidInput, NotFound


def seats(session_id: int) -> dict[str, str | None]:
    """Who sits where, by name."""
    with db.session() as s:
        names = {t.id: t.name for t in tables.listing(s, session_id)}
        people = s.exec(select(Participant).where(Participant.session_id == session_id)).all()
        return {p.display_name: names.get(p.table_id) for p in people}


def table_ids(session_id: int) -> list[int]:
    with db.session() as s:
        return [t.id for t in tables.listing(s, session_id)]


@pytest.fixture
def evening(database):
    """An organiser, a session in the Kennismaken phase, six people who came before the tables."""
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkavond")
    for name in ("Anna", "Bram", "Cor", "Dirk", "Eva", "Fien"):
        participation.join(sid, name)
    facilitation.go_to_phase(org, sid, 1)
    return org, sid


def test_tables_seat_everyone_evenly_and_each_table_has_its_people(evening):
    org, sid = evening
    tables.set_count(org, sid, 3)
    assert seats(sid) == {"Anna": "Tafel 1", "Bram": "Tafel 2", "Cor": "Tafel 3",
                          "Dirk": "Tafel 1", "Eva": "Tafel 2", "Fien": "Tafel 3"}
    one, two, three = table_ids(sid)
    assert len(turns.state(sid, one).present) == len(turns.state(sid, three).present) == 2
    assert turns.state(sid).present == ()  # nobody left in the group's stream

    newcomer = participation.join(sid, "Gijs")  # the quietest table, the first of equals
    assert newcomer.table_id == one and newcomer.id in turns.state(sid, one).present


def test_a_phone_chooses_its_table_only_when_the_session_allows_it(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    participation.join(sid, "Henk", table=two)
    participation.join(sid, "Ineke", table=two)
    assert seats(sid)["Henk"] == "Tafel 1" and seats(sid)["Ineke"] == "Tafel 2"  # seated: not chosen
    tables.set_choice(org, sid, True)
    participation.join(sid, "Jan", table=two)
    participation.join(sid, "Kim", table=999_999)  # a table that is not there: seated instead
    assert seats(sid)["Jan"] == "Tafel 2" and seats(sid)["Kim"] == "Tafel 1"


def test_moving_keeps_cards_and_history_and_new_cards_go_with_the_person(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    facilitation.go_to_phase(org, sid, 2)  # Ervaringen: cards
    with db.session() as s:
        anna = s.exec(select(Participant).where(Participant.session_id == sid, Participant.name == "Anna")).one()
    first = participation.add_card(sid, anna.id, "De bakker kent iedereen")
    turns.start_round(org, sid, table=one)
    turns.give_turn(org, sid, anna.id, table=one)
    turns.end_turn(org, sid, table=one)

    tables.move(org, sid, anna.id, two)
    second = participation.add_card(sid, anna.id, "Het bankje bij de vijver")
    with db.session() as s:
        assert s.get(Card, first.id).table_id == one and s.get(Card, second.id).table_id == two
        assert s.get(Card, first.id).participant_id == anna.id  # still hers
    assert anna.id not in turns.state(sid, one).present
    assert anna.id not in turns.state(sid, one).absent  # moved, not absent
    assert [t.pid for t in turns.state(sid, one).turns] == [anna.id]  # her turn stays table 1's
    assert anna.id in turns.state(sid, two).present


def test_fewer_tables_reseat_people_but_a_table_with_history_stays(evening):
    org, sid = evening
    tables.set_count(org, sid, 3)
    one, _two, three = table_ids(sid)
    tables.set_count(org, sid, 2)  # table 3 had no rounds: its people go to the quietest tables
    assert sorted(set(seats(sid).values())) == ["Tafel 1", "Tafel 2"] and len(table_ids(sid)) == 2

    turns.start_round(org, sid, table=one)
    with pytest.raises(InvalidInput) as refused:
        tables.set_count(org, sid, 1)
    assert refused.value.message == "Tafel 1 heeft al rondes gehad; die blijven in het verslag. Kies minstens 2 tafels."
    assert len(table_ids(sid)) == 2


def test_back_to_one_group_when_no_table_had_rounds(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    tables.set_count(org, sid, 0)
    assert table_ids(sid) == [] and set(seats(sid).values()) == {None}
    assert len(turns.state(sid).present) == 6  # everyone back in the group's own stream
    turns.start_round(org, sid)  # and the evening goes on as one group
    assert turns.next_speaker(org, sid) is not None


def test_names_follow_the_session_language_and_can_be_changed(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Living together", language="en")
    tables.set_count(org, sid, 2)
    with db.session() as s:
        names = [t.name for t in tables.listing(s, sid)]
    with i18n.use("en"):
        assert names == [i18n._("Tafel {n}", n=1), i18n._("Tafel {n}", n=2)]
    tables.rename(org, sid, table_ids(sid)[0], "By the window")
    with pytest.raises(InvalidInput):
        tables.rename(org, sid, table_ids(sid)[1], "   ")
    with db.session() as s:
        assert [t.name for t in tables.listing(s, sid)][0] == "By the window"


def test_a_table_host_runs_their_own_table_and_nothing_else(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    with db.session() as s:  # a link for table 1 (the screens for making one come with step 3)
        s.add(FacilitatorLink(session_id=sid, label="Fatima", token_hash=token_hash("tafel-een-token"), table_id=one))
        s.commit()
    host = FacilitatorPass("tafel-een-token")
    turns.start_round(host, sid, table=one)
    first = turns.next_speaker(host, sid, table=one)
    assert turns.state(sid, one).speaker == first
    for refused in (
        lambda: turns.start_round(host, sid, table=two),  # another table
        lambda: turns.start_round(host, sid),  # the group's stream
        lambda: facilitation.next_phase(host, sid),  # the whole session
        lambda: tables.set_count(host, sid, 3),
        lambda: tables.move(host, sid, first, two),
    ):
        with pytest.raises(Forbidden):
            refused()
    assert turns.state(sid, two).round is None and len(table_ids(sid)) == 2


def test_a_moved_person_is_not_waited_for_at_the_old_table(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    people = list(turns.state(sid, one).present)
    turns.start_round(org, sid, table=one)
    tables.move(org, sid, people[-1], two)
    assert engine.still_to_hear(turns.state(sid, one)) == people[:-1]
    assert people[-1] in turns.state(sid, two).present


def test_the_snapshot_holds_each_table_with_its_turns_people_and_cards(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    facilitation.go_to_phase(org, sid, 2)
    turns.start_round(org, sid, table=one)
    speaker = turns.next_speaker(org, sid, table=one)
    participation.add_card(sid, speaker, "De bakker kent iedereen")
    snap = views.load_snapshot(sid)
    assert [t.name for t in snap.tables] == ["Tafel 1", "Tafel 2"] and snap.has_tables
    assert snap.turns_at(one).speaker == speaker and snap.turns_at(two).speaker is None
    assert [p.display_name for p in snap.people_at(one)] == ["Anna", "Cor", "Eva"]
    assert [c.text for c in snap.cards_at(one)] == ["De bakker kent iedereen"] and snap.cards_at(two) == []
    assert snap.phone_turn_key(one).speaker == speaker and snap.phone_turn_key(two).speaker is None

    turns.end_turn(org, sid, table=one)  # a turn alone: the snapshot follows without reading the database
    later = views.load_snapshot(sid, previous=snap, topics=frozenset({"turns"}))
    assert later.turns_at(one).speaker is None and later.table_name(two) == "Tafel 2"

    without = views.load_snapshot(facilitation.create_session(org, "Zonder tafels"))
    assert not without.has_tables and without.turns_at(None) is without.turns


def test_a_message_to_all_tables_lasts_five_minutes_or_until_taken_back(evening):
    org, sid = evening
    with pytest.raises(InvalidInput, match="kort bericht"):
        tables.send_message(org, sid, "   ")
    with pytest.raises(InvalidInput, match="hoogstens 120"):
        tables.send_message(org, sid, "x" * 121)
    tables.send_message(org, sid, "  Nog 5 minuten ")
    snap = views.load_snapshot(sid)
    assert snap.table_message == "Nog 5 minuten"
    sent = snap.table_message_at
    assert tables.message_now(snap.table_message, sent) == "Nog 5 minuten"
    assert tables.message_now(snap.table_message, sent, now=sent + timedelta(seconds=299)) == "Nog 5 minuten"
    assert tables.message_now(snap.table_message, sent, now=sent + timedelta(seconds=300)) == ""
    tables.clear_message(org, sid)
    assert views.load_snapshot(sid).table_message == ""


def test_the_projector_shows_the_plenary_or_the_tables(evening):
    org, sid = evening
    assert views.load_snapshot(sid).projector_view == "plenair"
    tables.set_projector_view(org, sid, "tafels")
    assert views.load_snapshot(sid).projector_view == "tafels"
    with pytest.raises(InvalidInput, match="Plenair of Tafelweergave"):
        tables.set_projector_view(org, sid, "zijwaarts")
    assert views.load_snapshot(sid).projector_view == "tafels"


def test_a_table_host_link_adds_people_and_cards_at_its_own_table_only(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    token = facilitator_links.create(org, sid, "Fatima", table=one)
    host = FacilitatorPass(token)
    assert facilitator_links.table_of(host) == one
    assert [v.table_id for v in facilitator_links.listing(org, sid)] == [one]
    assert facilitator_links.table_of(FacilitatorPass(facilitator_links.create(org, sid, "Karel"))) is None

    kees = facilitation.add_participant_without_phone(host, sid, "Kees", table=one)
    assert seats(sid)["Kees"] == "Tafel 1"
    facilitation.go_to_phase(org, sid, 2)
    facilitation.add_card_for(host, sid, kees, "Een bankje bij de speeltuin")
    someone_at_two = views.load_snapshot(sid).people_at(two)[0].id
    for refused in (
        lambda: facilitation.add_participant_without_phone(host, sid, "Lies", table=two),
        lambda: facilitation.add_participant_without_phone(host, sid, "Lies"),
        lambda: facilitation.add_card_for(host, sid, someone_at_two, "Niet van mijn tafel"),
        lambda: tables.send_message(host, sid, "Nog 5 minuten"),
        lambda: tables.set_projector_view(host, sid, "tafels"),
    ):
        with pytest.raises(Forbidden):
            refused()
    assert "Lies" not in seats(sid) and views.load_snapshot(sid).table_message == ""


def test_a_table_host_link_needs_a_table_of_this_session(evening, database):
    org, sid = evening
    other = facilitation.create_session(org, "Andere avond")
    tables.set_count(org, other, 2)
    with pytest.raises(NotFound):
        facilitator_links.create(org, sid, "Fatima", table=table_ids(other)[0])
    assert facilitator_links.listing(org, sid) == []


def test_a_table_runs_on_in_its_phase_while_the_others_move_on(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    turns.start_round(org, sid, table=one)
    speaker = turns.next_speaker(org, sid, table=one)
    tables.set_runs_on(org, sid, one, True)  # "Laat doorlopen": table 1 finishes its round first
    facilitation.next_phase(org, sid)
    snap = views.load_snapshot(sid)
    assert snap.current_phase == 2 and turns.state(sid, two).phase == 2
    assert turns.state(sid, one).phase == 1 and turns.state(sid, one).speaker == speaker  # the round goes on
    assert snap.phase_at(one).position == 1 and snap.phase_at(two).position == 2
    assert snap.table(one).runs_on and not snap.table(two).runs_on

    host = FacilitatorPass(facilitator_links.create(org, sid, "Fatima", table=one))
    with pytest.raises(Forbidden):  # the phases are the main console's
        tables.set_runs_on(host, sid, one, False)
    tables.set_runs_on(org, sid, one, False)  # and now it joins the others
    assert turns.state(sid, one).phase == 2 and turns.state(sid, one).speaker is None
    assert not views.load_snapshot(sid).table(one).runs_on


def test_people_at_a_table_that_runs_on_write_in_its_phase(evening):
    org, sid = evening
    facilitation.next_phase(org, sid)  # Ervaringen
    tables.set_count(org, sid, 2)
    one, two = table_ids(sid)
    anna, bram = (p for p in views.load_snapshot(sid).participants if p.display_name in ("Anna", "Bram"))
    assert (anna.table_id, bram.table_id) == (one, two)
    kept = participation.add_card(sid, anna.id, "De bankjes bij de speeltuin", draft_key="a1")
    tables.set_runs_on(org, sid, one, True)  # table 1 is still telling its experiences
    facilitation.next_phase(org, sid)  # the others dream
    experience = participation.add_card(sid, anna.id, "Het buurthuis ging dicht")
    dream = participation.add_card(sid, bram.id, "Een moestuin voor iedereen")
    snap = views.load_snapshot(sid)
    assert (experience.kind, experience.phase_id) == ("ervaring", snap.phase_at(one).id)
    assert (dream.kind, dream.phase_id) == ("droom", snap.phase_at(two).id)
    with pytest.raises(InvalidInput, match="hoort niet bij deze fase"):
        participation.add_card(sid, anna.id, "Een droom te vroeg", kind="droom")
    participation.edit_card(sid, anna.id, kept.id, "De bankjes bij de speeltuin zijn weg")  # still her phase
    tables.set_runs_on(org, sid, one, False)  # table 1 joins the others: its experiences are done
    with pytest.raises(InvalidInput, match="Deze fase is voorbij"):
        participation.edit_card(sid, anna.id, kept.id, "Nog een keer")
    assert participation.add_card(sid, anna.id, "Samen koken").kind == "droom"


def test_a_table_host_cannot_take_back_the_plenarys_phase_change(evening):
    org, sid = evening
    tables.set_count(org, sid, 2)
    one, _two = table_ids(sid)
    host = FacilitatorPass(facilitator_links.create(org, sid, "Fatima", table=one))
    turns.start_round(host, sid, table=one)
    facilitation.next_phase(org, sid)  # the main console moves every table on
    turns.undo(host, sid, table=one)  # takes back the host's own "Start ronde", not the phase
    assert turns.state(sid, one).phase == 2 and turns.state(sid, one).rounds == ()
    with pytest.raises(InvalidInput, match="niets om ongedaan te maken"):
        turns.undo(host, sid, table=one)
    assert turns.state(sid, one).phase == 2
    facilitation.previous_phase(org, sid)  # the main console's way back: "Vorige fase"
    assert turns.state(sid, one).phase == 1
