"""The service layer, driven without any server."""

import pytest

from dialoog.sessions import accounts, codes, facilitation, harvest, participation, views
from dialoog.sessions.errors import InvalidInput, NotFound, SessionClosed


@pytest.fixture
def organiser(database):
    return accounts.create_organiser("org@example.nl", "een lang wachtwoord")


@pytest.fixture
def session_id(organiser):
    return facilitation.create_session(organiser.id, "Wijkdialoog De Akker")


def test_password_is_hashed_and_checked(organiser):
    assert organiser.password_hash.startswith("$argon2id$")
    assert "een lang wachtwoord" not in organiser.password_hash
    assert accounts.authenticate("ORG@example.nl ", "een lang wachtwoord").id == organiser.id
    assert accounts.authenticate("org@example.nl", "fout wachtwoord") is None
    assert accounts.authenticate("niemand@example.nl", "een lang wachtwoord") is None


def test_setup_only_while_no_organiser_exists(database):
    assert not accounts.has_organisers()
    accounts.create_first_organiser("a@example.nl", "wachtwoord123")
    with pytest.raises(InvalidInput, match="Er is al een organisator"):
        accounts.create_first_organiser("b@example.nl", "wachtwoord123")


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [("geen-adres", "wachtwoord123", "geldig e-mailadres"), ("a@b.nl", "kort", "minstens 10")],
)
def test_bad_account_input_gets_a_dutch_message(database, email, password, message):
    with pytest.raises(InvalidInput, match=message):
        accounts.create_organiser(email, password)


def test_new_session_follows_the_wijkdialoog_template(session_id):
    snap = views.load_snapshot(session_id)
    assert [p.name for p in snap.phases] == [
        "Welkom & afspraken", "Kennismaken", "Ervaringen", "Dromen", "Mogelijkheden", "Doen", "Afronding",
    ]
    assert snap.phases[2].card_kinds == ("ervaring",)
    assert snap.phases[4].card_kinds == ("mogelijkheid", "aanbod", "vraag")
    assert snap.current_phase == -1 and snap.phase is None
    assert len(snap.join_code) == 6 and set(snap.join_code) <= set(codes.ALPHABET)
    assert "Je mag altijd passen" in snap.ground_rules


def test_join_codes_differ_between_open_sessions(organiser):
    ids = [facilitation.create_session(organiser.id, f"Sessie {i}") for i in range(30)]
    found = {views.load_snapshot(i).join_code for i in ids}
    assert len(found) == 30


def test_phase_navigation_is_bounded_and_published(session_id, organiser, published):
    assert facilitation.previous_phase(organiser.id, session_id) == -1
    assert published.events == []
    for expected in range(7):
        assert facilitation.next_phase(organiser.id, session_id) == expected
    assert facilitation.next_phase(organiser.id, session_id) == 6
    assert [e for e in published.events if e[1] == "session"] == [(session_id, "session")] * 7


def test_another_organiser_cannot_touch_the_session(session_id):
    other = accounts.create_organiser("ander@example.nl", "wachtwoord123")
    with pytest.raises(NotFound):
        facilitation.next_phase(other.id, session_id)
    assert not facilitation.owns(other.id, session_id)


def test_details_and_questions_are_editable(session_id, organiser):
    facilitation.update_details(
        organiser.id, session_id, title="  Samen   in de Akker ", theme="Ontmoeten", neighbourhood="De Akker"
    )
    snap = views.load_snapshot(session_id)
    facilitation.update_question(organiser.id, session_id, snap.phases[2].id, "Wat ging er goed?")
    snap = views.load_snapshot(session_id)
    assert (snap.title, snap.theme, snap.neighbourhood) == ("Samen in de Akker", "Ontmoeten", "De Akker")
    assert snap.phases[2].question == "Wat ging er goed?"
    with pytest.raises(InvalidInput, match="titel"):
        facilitation.update_details(organiser.id, session_id, title="   ")
    with pytest.raises(InvalidInput, match="vraag"):
        facilitation.update_question(organiser.id, session_id, snap.phases[2].id, " ")


def test_same_name_twice_becomes_anna_2(session_id):
    first = participation.join(session_id, "Anna")
    second = participation.join(session_id, " anna ")
    third = participation.join(session_id, "Anna")
    assert (first.display_name, second.display_name, third.display_name) == ("Anna", "anna (2)", "Anna (3)")
    assert [first.seat, second.seat, third.seat] == [1, 2, 3]


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\u202e"])
def test_empty_name_is_refused(session_id, name):
    with pytest.raises(InvalidInput, match="Vul je voornaam"):
        participation.join(session_id, name)


def test_join_code_lookup_is_forgiving_and_closed_sessions_refuse(session_id, organiser):
    code = views.load_snapshot(session_id).join_code
    assert participation.find_open_session(f" {code[:3].lower()}-{code[3:]} ") == session_id
    assert participation.find_open_session("ZZZZZZ") is None
    facilitation.close_session(organiser.id, session_id)
    assert participation.find_open_session(code) is None
    with pytest.raises(SessionClosed, match="bestaat niet of is afgelopen"):
        participation.join(session_id, "Bram")


def _in_phase(organiser, session_id, index):
    facilitation.go_to_phase(organiser.id, session_id, index)


def test_cards_take_the_kind_of_the_phase(session_id, organiser, published):
    anna = participation.join(session_id, "Anna")
    with pytest.raises(InvalidInput, match="geen kaarten"):
        participation.add_card(session_id, anna.id, "te vroeg")
    _in_phase(organiser, session_id, 2)
    card = participation.add_card(session_id, anna.id, "De buurvrouw bracht soep.")
    assert card.kind == "ervaring"
    _in_phase(organiser, session_id, 4)
    offer = participation.add_card(session_id, anna.id, "Ik kan koken", kind="aanbod")
    assert offer.kind == "aanbod"
    with pytest.raises(InvalidInput, match="hoort niet"):
        participation.add_card(session_id, anna.id, "x", kind="droom")
    assert (session_id, "card-added") in published.events


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_card_stores_nothing(session_id, organiser, text):
    anna = participation.join(session_id, "Anna")
    _in_phase(organiser, session_id, 2)
    with pytest.raises(InvalidInput, match="leeg"):
        participation.add_card(session_id, anna.id, text)
    assert participation.count_cards(session_id) == 0


def test_card_over_500_characters_is_refused_with_its_length(session_id, organiser):
    anna = participation.join(session_id, "Anna")
    _in_phase(organiser, session_id, 2)
    with pytest.raises(InvalidInput, match="501 tekens"):
        participation.add_card(session_id, anna.id, "a" * 501)
    assert participation.add_card(session_id, anna.id, "é" * 500).text == "é" * 500


def test_same_draft_key_stores_one_card(session_id, organiser):
    anna = participation.join(session_id, "Anna")
    _in_phase(organiser, session_id, 2)
    first = participation.add_card(session_id, anna.id, "Eén keer", draft_key="k1")
    again = participation.add_card(session_id, anna.id, "Eén keer", draft_key="k1")
    assert first.id == again.id
    assert participation.count_cards(session_id) == 1


def test_text_is_kept_as_plain_text_without_control_characters(session_id, organiser):
    anna = participation.join(session_id, "Anna")
    _in_phase(organiser, session_id, 2)
    text = "<script>alert(1)</script> {{ x }} 😀 e\u0301\x00\x07"
    card = participation.add_card(session_id, anna.id, text)
    assert card.text == "<script>alert(1)</script> {{ x }} 😀 é"


def test_own_cards_can_change_only_while_the_phase_is_open(session_id, organiser):
    anna = participation.join(session_id, "Anna")
    bram = participation.join(session_id, "Bram")
    _in_phase(organiser, session_id, 2)
    card = participation.add_card(session_id, anna.id, "Eerst")
    participation.edit_card(session_id, anna.id, card.id, "Daarna")
    assert views.load_snapshot(session_id).cards[0].text == "Daarna"
    with pytest.raises(NotFound):
        participation.edit_card(session_id, bram.id, card.id, "Van Bram")
    with pytest.raises(NotFound):
        participation.delete_card(session_id, bram.id, card.id)
    _in_phase(organiser, session_id, 3)
    with pytest.raises(InvalidInput, match="voorbij"):
        participation.edit_card(session_id, anna.id, card.id, "Te laat")
    _in_phase(organiser, session_id, 2)
    participation.delete_card(session_id, anna.id, card.id)
    assert participation.count_cards(session_id) == 0


def test_dashboard_summary_counts(session_id, organiser):
    anna = participation.join(session_id, "Anna")
    participation.join(session_id, "Bram")
    _in_phase(organiser, session_id, 2)
    participation.add_card(session_id, anna.id, "Iets")
    [row] = views.list_sessions(organiser.id)
    assert (row.participant_count, row.card_count, row.status_label) == (2, 1, "Bezig: Ervaringen")


def test_a_reload_after_new_cards_and_people_equals_a_full_load(session_id, organiser):
    """The hub's light reload (only new people and cards) gives the same read model as reading everything."""
    people = [participation.join(session_id, f"Bewoner {n}") for n in range(3)]
    _in_phase(organiser, session_id, 2)
    for n in range(views.RECHECK + 5):
        participation.add_card(session_id, people[n % 3].id, f"kaart {n}")
    before = views.load_snapshot(session_id)
    assert len(before.cards_of(people[0].id)) == 9  # fills the indexes the light reload carries on
    assert len(before.cards_in(before.phase.id)) == views.RECHECK + 5
    newcomer = participation.join(session_id, "Nieuw")
    participation.add_card(session_id, newcomer.id, "de kaart van een nieuwkomer")
    participation.add_card(session_id, people[0].id, "nog een")
    light = views.load_snapshot(session_id, before, frozenset({"card-added", "participants", "turns"}))
    full = views.load_snapshot(session_id)
    assert light == full
    assert [c.text for c in light.cards_of(people[0].id)][-1] == "nog een"
    assert light.cards_of(newcomer.id)[0].author == "Nieuw"
    assert len(light.cards_in(before.phase.id)) == views.RECHECK + 7
    assert "cards by person" in light._index  # carried on, not built anew ...
    for person in [*people, newcomer]:  # ... and the same as building it anew
        assert light.cards_of(person.id) == full.cards_of(person.id)
    assert light.cards_in(before.phase.id, include_hidden=True) == full.cards_in(before.phase.id, include_hidden=True)
    assert before.cards_of(people[0].id)[-1].text != "nog een"  # the earlier snapshot's lists are untouched
    assert views.load_snapshot(session_id, full, frozenset({"card-added"})) == full  # nothing new: the same
    # The people already there are the very same views (a full room joining keeps no copies alive) ...
    assert all(light.participant(p.id) is before.participant(p.id) for p in people)
    assert light.participant(newcomer.id) is not None and before.participant(newcomer.id) is None
    again = views.load_snapshot(session_id, light, frozenset({"participants"}))
    assert again.participants is light.participants  # ... and nobody new, nothing changed: the same tuple
    harvest.set_name_in_report(session_id, people[1].id, True)
    consent = views.load_snapshot(session_id, again, frozenset({"participants"}))
    assert consent.participant(people[1].id).name_in_report and consent == views.load_snapshot(session_id)
    assert consent.participant(people[0].id) is again.participant(people[0].id)


def test_an_edit_of_an_old_card_reaches_the_screens(session_id, organiser, published):
    """Only a new card takes the light reload: an edit, also of a card long scrolled by, reloads it."""
    people = [participation.join(session_id, f"Bewoner {n}") for n in range(3)]  # under the flood limit
    anna = people[0]
    _in_phase(organiser, session_id, 2)
    first = participation.add_card(session_id, anna.id, "eerste versie")
    for n in range(views.RECHECK + 3):
        participation.add_card(session_id, people[n % 3].id, f"kaart {n}")
    before = views.load_snapshot(session_id)
    published.events.clear()
    participation.edit_card(session_id, anna.id, first.id, "verbeterde versie")
    topics = frozenset(topic for _, topic in published.events)
    after = views.load_snapshot(session_id, before, topics)
    assert after.cards[0].text == "verbeterde versie"
    assert after == views.load_snapshot(session_id)


def test_facilitator_writes_a_card_for_someone_without_a_phone(session_id, organiser, published):
    jan = facilitation.add_participant_without_phone(organiser.id, session_id, "Opa Jan")
    anna = participation.join(session_id, "Anna").id
    with pytest.raises(InvalidInput, match="In deze fase schrijf je geen kaarten"):
        facilitation.add_card_for(organiser.id, session_id, jan, "Te vroeg")
    facilitation.go_to_phase(organiser.id, session_id, 2)  # Ervaringen
    card_id = facilitation.add_card_for(organiser.id, session_id, jan, "  De buurvrouw bracht soep.  ")
    assert (session_id, "card-added", jan) in published.about  # his card reaches the screens like any other
    snap = views.load_snapshot(session_id)
    card = next(c for c in snap.cards if c.id == card_id)
    assert (card.participant_id, card.author, card.kind, card.text) == (jan, "Opa Jan", "ervaring", "De buurvrouw bracht soep.")
    assert snap.cards_of(jan) == [card]  # his own card, not set apart from Anna's
    with pytest.raises(InvalidInput):
        facilitation.add_card_for(organiser.id, session_id, anna, "   ")  # empty, as on a phone
    other = facilitation.create_session(organiser.id, "Andere sessie")
    with pytest.raises(NotFound):
        facilitation.add_card_for(organiser.id, other, jan, "Niet van deze sessie")
