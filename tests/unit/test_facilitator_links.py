"""Facilitator links: made by the organiser, stored only as a hash, good for one session's
console and nothing of the organiser's own, and stopped at once when revoked."""

import hashlib

import pytest
from sqlmodel import select

from dialoog import db
from dialoog.models import FacilitatorLink
from dialoog.sessions import (
    accounts,
    api_tokens,
    facilitation,
    facilitator_links,
    harvest,
    lifecycle,
    participation,
    report,
    tables,
    turns,
    views,
)
from dialoog.sessions.access import LINK_GONE, FacilitatorPass
from dialoog.sessions.errors import DomainError, Forbidden, InvalidInput, NotFound
from tests.snapshots import all_rows, differences

PASSWORD = "een lang wachtwoord"


@pytest.fixture
def world(database):
    """Session A with people, cards (an offer with a shared contact), a theme and an action;
    session B of another organiser; a link for A and one for B."""
    org = accounts.create_organiser("org@example.nl", PASSWORD).id
    other = accounts.create_organiser("ander@example.nl", PASSWORD).id
    a = facilitation.create_session(org, "Sessie A")
    b = facilitation.create_session(other, "Sessie B")
    anna, bram = (participation.join(a, n).id for n in ("Anna", "Bram"))
    facilitation.go_to_phase(org, a, 4)
    c1 = participation.add_card(a, anna, "Buurtapp", kind="mogelijkheid").id
    c2 = participation.add_card(a, bram, "Ruilkast", kind="mogelijkheid").id
    offer = participation.add_card(a, anna, "Ik kan koken", kind="aanbod", resource="tijd").id
    harvest.share_contact(a, anna, offer, "anna@example.nl")
    phase_id = views.load_snapshot(a).phase.id
    theme = harvest.add_theme(org, a, phase_id, "Ontmoeten")
    action = harvest.action_from_card(org, a, c1)
    turns.start_round(org, a)
    token_a = facilitator_links.create(org, a, "Fatima")
    token_b = facilitator_links.create(other, b, "Bob")
    return {
        "org": org, "other": other, "a": a, "b": b, "anna": anna, "bram": bram, "c1": c1, "c2": c2,
        "phase_id": phase_id, "theme": theme, "action": action,
        "pass_a": FacilitatorPass(token_a), "pass_b": FacilitatorPass(token_b), "token_a": token_a,
    }


def _last_table(session_id: int) -> int:
    """The session's last table (-1 without tables: the command is then refused or not found)."""
    with db.session() as s:
        found = tables.listing(s, session_id)
    return found[-1].id if found else -1


def _console_commands(w):
    """Every facilitator command a console can send, as (name, call with an actor)."""
    a = w["a"]
    return [
        ("update_question", lambda x: facilitation.update_question(x, a, w["phase_id"], "Nieuwe vraag?")),
        ("go_to_phase", lambda x: facilitation.go_to_phase(x, a, 2)),
        ("next_phase", lambda x: facilitation.next_phase(x, a)),
        ("previous_phase", lambda x: facilitation.previous_phase(x, a)),
        ("add_participant_without_phone", lambda x: facilitation.add_participant_without_phone(x, a, "Kees")),
        ("add_card_for", lambda x: facilitation.add_card_for(x, a, w["bram"], "Een bankje bij de speeltuin")),
        ("give_turn", lambda x: turns.give_turn(x, a, w["bram"])),
        ("next_speaker", lambda x: turns.next_speaker(x, a)),
        ("record_pass", lambda x: turns.record_pass(x, a, w["bram"])),
        ("mark_absent", lambda x: turns.mark_absent(x, a, w["bram"])),
        ("move_in_order", lambda x: turns.move_in_order(x, a, w["bram"], -1)),
        ("set_queue_mode", lambda x: turns.set_queue_mode(x, a, "fifo")),
        ("set_display", lambda x: turns.set_display(x, a, timer=True, names=True)),
        ("set_soft_limit", lambda x: turns.set_soft_limit(x, a, 4, 5)),
        ("override_gate", lambda x: turns.override_gate(x, a, "Tijd op")),
        ("undo", lambda x: turns.undo(x, a)),
        ("start_round", lambda x: turns.start_round(x, a, "open")),
        ("set_hidden", lambda x: harvest.set_hidden(x, a, w["c2"], True)),
        ("edit_as_facilitator", lambda x: harvest.edit_as_facilitator(x, a, w["c2"], "Ruilkast bij de school")),
        ("merge", lambda x: harvest.merge(x, a, w["c1"], w["c2"])),
        ("add_theme", lambda x: harvest.add_theme(x, a, w["phase_id"], "Groen")),
        ("set_theme", lambda x: harvest.set_theme(x, a, w["c1"], w["theme"])),
        ("remove_theme", lambda x: harvest.remove_theme(x, a, w["theme"])),
        ("set_voting", lambda x: harvest.set_voting(x, a, open_=True, per_person=4)),
        ("update_action", lambda x: harvest.update_action(x, a, w["action"], what="Buurtapp maken", who="Anna")),
        ("remove_action", lambda x: harvest.remove_action(x, a, w["action"])),
        ("action_from_card", lambda x: harvest.action_from_card(x, a, w["c2"])),
        ("set_table_choice", lambda x: tables.set_choice(x, a, True)),
        ("set_table_count", lambda x: tables.set_count(x, a, 2)),
        ("move_to_table", lambda x: tables.move(x, a, w["bram"], _last_table(a))),
        ("set_projector_view", lambda x: tables.set_projector_view(x, a, "tafels")),
        ("set_runs_on", lambda x: tables.set_runs_on(x, a, _last_table(a), True)),
        ("send_message", lambda x: tables.send_message(x, a, "Nog 5 minuten")),
        ("clear_message", lambda x: tables.clear_message(x, a)),
        ("close_session", lambda x: facilitation.close_session(x, a)),
        ("reopen_session", lambda x: facilitation.reopen_session(x, a)),
    ]


def _organiser_only(w):
    a = w["a"]
    return [
        ("delete_session", lambda x: lifecycle.delete_session(x, a)),
        ("duplicate", lambda x: lifecycle.duplicate(x, a)),
        ("contacts", lambda x: harvest.contacts(x, a)),
        ("update_details", lambda x: facilitation.update_details(x, a, title="Anders")),
        ("report_header", lambda x: facilitation.report_header(x, a)),
        ("update_report_header", lambda x: harvest.update_report_header(
            x, a, organisation="X", facilitator_name="Y", participation_level="adviseren", follow_up="Z")),
        ("create_link", lambda x: facilitator_links.create(x, a, "Nog iemand")),
        ("list_links", lambda x: facilitator_links.listing(x, a)),
        ("revoke_link", lambda x: facilitator_links.revoke(x, a, 1)),
        ("api_key", lambda x: api_tokens.create(x, "script")),
        ("api_keys", lambda x: api_tokens.listing(x)),
        ("new_session", lambda x: facilitation.create_session(x, "Van de link")),
    ]


def test_token_is_unguessable_shown_once_and_stored_only_as_its_hash(world):
    token = world["token_a"]
    assert len(token) >= 32 and token != facilitator_links.create(world["org"], world["a"], "Fatima")
    with db.session() as s:
        rows = s.exec(select(FacilitatorLink).where(FacilitatorLink.session_id == world["a"])).all()
    assert hashlib.sha256(token.encode()).hexdigest() in {r.token_hash for r in rows}
    everything = repr(all_rows())
    assert token not in everything  # not in any column of any table
    assert token not in repr(world["pass_a"])  # nor in a log line that prints the pass
    assert [v.label for v in facilitator_links.listing(world["org"], world["a"])] == ["Fatima", "Fatima"]


def test_the_link_opens_its_session_and_notes_the_use(world):
    assert facilitator_links.listing(world["org"], world["a"])[0].last_used_at is None
    assert facilitator_links.resolve(world["token_a"]) == world["a"]
    assert facilitator_links.listing(world["org"], world["a"])[0].last_used_at is not None
    for garbage in ("", "x", "dlg_" + "a" * 40, "ä" * 500, "\ud800", world["token_a"] + "x"):
        with pytest.raises(NotFound, match="Deze link werkt niet meer"):
            facilitator_links.resolve(garbage)


@pytest.mark.parametrize("label, message", [("", "Vul een naam in"), ("   ", "Vul een naam in"),
                                            ("x" * 81, "hoogstens 80 tekens")])
def test_a_link_needs_a_short_name(world, label, message):
    with pytest.raises(InvalidInput, match=message):
        facilitator_links.create(world["org"], world["a"], label)


def test_only_the_owner_makes_lists_and_revokes_links(world):
    for actor in (world["other"], world["pass_a"]):
        with pytest.raises(DomainError):
            facilitator_links.create(actor, world["a"], "Indringer")
        with pytest.raises(DomainError):
            facilitator_links.listing(actor, world["a"])
        link_id = facilitator_links.listing(world["org"], world["a"])[0].id
        with pytest.raises(DomainError):
            facilitator_links.revoke(actor, world["a"], link_id)
    with pytest.raises(NotFound):  # a link of B is not revoked through A
        facilitator_links.revoke(world["org"], world["a"], facilitator_links.listing(world["other"], world["b"])[0].id)


def test_the_facilitator_runs_every_console_command(world):
    """Every console command works with the link, exactly as for the organiser."""
    before = all_rows()
    for name, call in _console_commands(world):
        try:
            call(world["pass_a"])
        except InvalidInput:  # a domain rule (e.g. nothing to undo), not a refusal of the person
            pass
    changed = differences(before, all_rows())
    assert {"turn_event", "card", "theme", "action", "dialogue_session", "participant"} <= set(changed), changed
    built = report.build(world["a"], actor=world["pass_a"])  # the summary: no contact details in it
    assert built.header.title == "Sessie A" and "anna@example.nl" not in repr(built)


@pytest.mark.parametrize("who", ["revoked", "pass_of_b", "garbage", "other_organiser", "nobody"])
def test_no_command_works_for_anyone_else_and_nothing_changes(world, who):
    if who == "revoked":
        link_id = facilitator_links.listing(world["org"], world["a"])[0].id
        facilitator_links.revoke(world["org"], world["a"], link_id)
        actor = world["pass_a"]
    else:
        actor = {"pass_of_b": world["pass_b"], "garbage": FacilitatorPass("niet-geraden"),
                 "other_organiser": world["other"], "nobody": None}[who]
    before = all_rows()
    state = turns.state(world["a"])
    for name, call in _console_commands(world) + _organiser_only(world)[:6]:
        with pytest.raises((NotFound, Forbidden)):
            call(actor)
        assert differences(before, all_rows()) == {}, name
    assert turns.state(world["a"]) is state
    if actor is not None:  # build() without anyone is the server's own use (no check by design)
        with pytest.raises(NotFound):
            report.build(world["a"], actor=actor)


def test_revoking_stops_the_link_at_once(world):
    harvest.set_voting(world["pass_a"], world["a"], open_=True)
    link_id = facilitator_links.listing(world["org"], world["a"])[0].id
    facilitator_links.revoke(world["org"], world["a"], link_id)
    with pytest.raises(NotFound, match=LINK_GONE):
        harvest.set_voting(world["pass_a"], world["a"], open_=False)
    with pytest.raises(NotFound, match=LINK_GONE):
        facilitator_links.resolve(world["token_a"])
    assert facilitator_links.active_session(world["token_a"]) is None
    assert facilitator_links.listing(world["org"], world["a"]) == []
    assert [v.active for v in facilitator_links.listing(world["org"], world["a"], include_revoked=True)] == [False]
    facilitator_links.revoke(world["org"], world["a"], link_id)  # twice is fine


@pytest.mark.parametrize("index", range(12))
def test_organiser_only_commands_are_refused_for_a_link(world, index):
    name, call = _organiser_only(world)[index]
    before = all_rows()
    with pytest.raises(Forbidden, match="alleen de organisator"):
        call(world["pass_a"])
    assert differences(before, all_rows()) == {}, name


def test_a_pass_of_a_is_refused_on_b(world):
    with pytest.raises(NotFound, match="andere sessie"):
        facilitation.go_to_phase(world["pass_a"], world["b"], 1)
    with pytest.raises(NotFound, match="andere sessie"):
        turns.set_display(world["pass_a"], world["b"], timer=True, names=True)
    assert not facilitator_links.opens(world["pass_a"], world["b"])
    assert facilitator_links.opens(world["pass_a"], world["a"])


def test_deleting_the_session_deletes_its_links(world):
    lifecycle.delete_session(world["org"], world["a"])
    with db.session() as s:
        assert s.exec(select(FacilitatorLink).where(FacilitatorLink.session_id == world["a"])).all() == []
        assert len(s.exec(select(FacilitatorLink)).all()) == 1  # B's link stays
    assert facilitator_links.active_session(world["token_a"]) is None
