"""Harvest rules: dot-vote limits, merging, hidden cards, offers' contacts, actions, evaluation."""

import pytest

from dialoog.sessions import accounts, facilitation, harvest, participation, views
from dialoog.sessions.errors import InvalidInput, NotFound, SessionClosed


@pytest.fixture
def room(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkdialoog")
    anna, bram = (participation.join(sid, n).id for n in ("Anna", "Bram"))
    facilitation.go_to_phase(org, sid, 4)
    return org, sid, anna, bram


def test_vote_limits_per_person_and_per_card(room):
    org, sid, anna, bram = room
    a = participation.add_card(sid, bram, "Buurtapp", kind="mogelijkheid").id
    b = participation.add_card(sid, bram, "Ruilkast", kind="mogelijkheid").id
    offer = participation.add_card(sid, bram, "Aanhanger", kind="aanbod").id
    with pytest.raises(InvalidInput, match="niet open"):
        harvest.cast_vote(sid, anna, a)
    harvest.set_voting(org, sid, open_=True, per_person=3, per_card=2)
    harvest.cast_vote(sid, anna, a)
    harvest.cast_vote(sid, anna, a)
    with pytest.raises(InvalidInput, match="hoogstens 2 stemmen op één kaart"):
        harvest.cast_vote(sid, anna, a)
    with pytest.raises(InvalidInput, match="Op deze kaart kun je niet stemmen"):
        harvest.cast_vote(sid, anna, offer)
    harvest.cast_vote(sid, anna, b)
    with pytest.raises(InvalidInput, match="al je 3 stemmen"):
        harvest.cast_vote(sid, anna, b)
    harvest.withdraw_vote(sid, anna, a)
    harvest.cast_vote(sid, anna, b)
    ranked = views.load_snapshot(sid).ranked_possibilities()
    assert [(c.text, c.votes) for c in ranked] == [("Buurtapp", 1), ("Ruilkast", 2)][::-1]


def test_merge_moves_the_dots_and_hides_the_duplicate(room):
    org, sid, anna, bram = room
    keep = participation.add_card(sid, anna, "Een buurtapp", kind="mogelijkheid").id
    dup = participation.add_card(sid, bram, "Buurt-app!", kind="mogelijkheid").id
    harvest.set_voting(org, sid, open_=True)
    harvest.cast_vote(sid, anna, dup)
    harvest.merge(org, sid, keep, dup)
    cards = {c.id: c for c in views.load_snapshot(sid).cards}
    assert cards[keep].votes == 1 and cards[dup].votes == 0
    assert not cards[dup].visible and cards[dup].merged_into == keep
    with pytest.raises(InvalidInput):
        harvest.merge(org, sid, keep, keep)


def test_contact_needs_a_real_address_and_an_own_offer(room):
    org, sid, anna, bram = room
    offer = participation.add_card(sid, anna, "Ik kan koken", kind="aanbod", resource="tijd").id
    idea = participation.add_card(sid, anna, "Een idee", kind="mogelijkheid").id
    with pytest.raises(InvalidInput, match="e-mailadres of telefoonnummer"):
        harvest.share_contact(sid, anna, offer, "morgen bellen")
    with pytest.raises(InvalidInput, match="eigen aanbod"):
        harvest.share_contact(sid, bram, offer, "bram@example.nl")
    with pytest.raises(InvalidInput, match="eigen aanbod"):
        harvest.share_contact(sid, anna, idea, "anna@example.nl")
    harvest.share_contact(sid, anna, offer, "+31 6 1234 5678")
    assert [row[2] for row in harvest.contacts(org, sid)] == ["+31 6 1234 5678"]
    harvest.withdraw_contact(sid, anna, offer)
    assert harvest.contacts(org, sid) == []
    other = accounts.create_organiser("x@example.nl", "een lang wachtwoord").id
    with pytest.raises(NotFound):
        harvest.contacts(other, sid)


def test_actions_and_no_action(room):
    org, sid, anna, bram = room
    with pytest.raises(InvalidInput, match="Geen actie"):
        harvest.add_action(sid, anna, what="  ")
    harvest.add_action(sid, anna, what="Ruilkast plaatsen", first_step="School bellen", when="Maart")
    harvest.add_action(sid, bram, no_action=True)
    idea = participation.add_card(sid, anna, "Samen de speeltuin opknappen", kind="mogelijkheid").id
    made = harvest.action_from_card(org, sid, idea)
    with pytest.raises(InvalidInput, match="al een actie"):
        harvest.action_from_card(org, sid, idea)
    harvest.update_action(org, sid, made, who="Henk", first_step="Gemeente mailen")
    actions = views.load_snapshot(sid).actions
    assert [(a.what, a.no_action) for a in actions] == [
        ("Ruilkast plaatsen", False), ("", True), ("Samen de speeltuin opknappen", False)]
    assert actions[2].who == "Henk" and actions[2].source_card_id == idea


def test_evaluation_is_one_per_person_and_the_last_counts(room):
    org, sid, anna, bram = room
    with pytest.raises(InvalidInput, match="gezichtjes"):
        harvest.evaluate(sid, anna, 0)
    harvest.evaluate(sid, anna, 2)
    harvest.evaluate(sid, anna, 5, "Mooi gesprek")
    assert views.load_snapshot(sid).evaluated == {anna}
    facilitation.close_session(org, sid)
    with pytest.raises(SessionClosed):
        harvest.evaluate(sid, bram, 4)


def test_themes_belong_to_the_session(room):
    org, sid, anna, bram = room
    card = participation.add_card(sid, anna, "Moestuin", kind="mogelijkheid").id
    phase_id = views.load_snapshot(sid).phase.id
    tid = harvest.add_theme(org, sid, phase_id, "Groen")
    harvest.set_theme(org, sid, card, tid)
    assert views.load_snapshot(sid).cards[0].theme_id == tid
    harvest.remove_theme(org, sid, tid)
    assert views.load_snapshot(sid).cards[0].theme_id is None
    with pytest.raises(InvalidInput, match="naam"):
        harvest.add_theme(org, sid, phase_id, " ")


def test_actions_are_removed_by_the_facilitator_or_by_their_own_author(room):
    org, sid, anna, bram = room
    mine = harvest.add_action(sid, anna, what="Ruilkast plaatsen")
    theirs = harvest.add_action(sid, bram, what="Bankje schilderen")
    with pytest.raises(NotFound, match="Deze actie bestaat niet meer"):
        harvest.remove_own_action(sid, bram, mine)
    harvest.remove_own_action(sid, anna, mine)
    harvest.remove_action(org, sid, theirs)
    harvest.remove_action(org, sid, theirs)  # already gone: no error
    assert views.load_snapshot(sid).actions == ()
