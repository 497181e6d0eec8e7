"""Hostile input over the service commands: nothing but a Dutch domain error ever escapes."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialoog.sessions import accounts, facilitation, harvest, participation, turns
from dialoog.sessions.errors import DomainError

NASTY = st.one_of(
    st.text(max_size=600),
    st.sampled_from([
        "", "   ", "\x00\x07\x1b", "\u202eevil", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "{{ 7*7 }}", "${x}", "😀" * 300, "e\u0301" * 100, "a" * 10_000, "\ud800", "'; drop table card; --",
    ]),
)
IDS = st.integers(min_value=-3, max_value=40)


@pytest.fixture
def room(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkdialoog")
    pid = participation.join(sid, "Anna").id
    facilitation.go_to_phase(org, sid, 4)
    return org, sid, pid


def commands(org, sid, pid):
    return [
        lambda t, i: participation.join(sid, t),
        lambda t, i: participation.add_card(sid, pid, t, kind=t[:12], resource=t[:12]),
        lambda t, i: participation.add_card(sid, i, t),
        lambda t, i: participation.edit_card(sid, pid, i, t),
        lambda t, i: participation.delete_card(sid, pid, i),
        lambda t, i: facilitation.update_details(org, sid, title=t, theme=t, neighbourhood=t, place=t),
        lambda t, i: facilitation.update_question(org, sid, i, t),
        lambda t, i: facilitation.go_to_phase(org, i, i),
        lambda t, i: harvest.add_theme(org, sid, i, t),
        lambda t, i: harvest.edit_as_facilitator(org, sid, i, t),
        lambda t, i: harvest.cast_vote(sid, pid, i),
        lambda t, i: harvest.share_contact(sid, pid, i, t),
        lambda t, i: harvest.add_action(sid, pid, what=t, who=t, first_step=t, when=t, needs=t),
        lambda t, i: harvest.evaluate(sid, pid, i, t),
        lambda t, i: harvest.update_report_header(org, sid, organisation=t, facilitator_name=t,
                                                  participation_level=t, follow_up=t),
        lambda t, i: turns.give_turn(org, sid, i),
        lambda t, i: turns.record_pass(org, sid, i),
        lambda t, i: turns.override_gate(org, sid, t),
        lambda t, i: turns.set_soft_limit(org, sid, i, i / 2),
        lambda t, i: accounts.create_organiser(t, t),
        lambda t, i: facilitation.create_session(org, t),
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_only_domain_errors_escape(room, data):
    org, sid, pid = room
    all_commands = commands(org, sid, pid)
    for _ in range(data.draw(st.integers(1, 6), label="steps")):
        index = data.draw(st.integers(0, len(all_commands) - 1), label="command")
        text, number = data.draw(NASTY, label="text"), data.draw(IDS, label="id")
        try:
            all_commands[index](text, number)
        except DomainError as error:
            assert error.message and "Traceback" not in error.message
