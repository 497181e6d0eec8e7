"""The report model on a fixed session, and the Markdown, CSV and JSON renderers read back."""

import csv
import io
import json

import jsonschema
import pytest

from dialoog.sessions import (
    accounts,
    demo,
    exporters,
    facilitation,
    harvest,
    participation,
    report,
    templates,
    turns,
    views,
)
from dialoog.sessions.exporters import json_report


@pytest.fixture
def seeded(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = demo.seed_session(org, people=8, cards=40, turn_count=30)
    return org, sid


def test_report_model_of_a_fixed_session(seeded):
    org, sid = seeded
    r = report.build(sid, actor=org)
    assert r.header.title == "Samen in de Akker" and r.header.participation_level_label == "Adviseren"
    assert r.attendance.joined == 8 and r.attendance.without_phone == 1
    assert [p.name for p in r.phases][2:6] == ["Ervaringen", "Dromen", "Mogelijkheden", "Doen"]
    votes = [c.votes for c in r.possibilities]
    assert votes == sorted(votes, reverse=True) and sum(votes) == 8 * 3
    assert r.process.turns == 30 and 0 <= r.process.gini <= 1
    assert {c.kind for c in r.offers} == {"aanbod"} and {c.kind for c in r.asks} == {"vraag"}
    assert any(a.no_action for a in r.actions)
    assert r.evaluation.count == 8 and r.evaluation.average == pytest.approx(3.9)
    mogelijkheden = next(p for p in r.phases if p.name == "Mogelijkheden")
    assert [t.name for t in mogelijkheden.themes] == ["Ontmoeten", "Zonder thema"]


def test_anonymised_unless_the_participant_agreed(seeded):
    org, sid = seeded
    snap = views.load_snapshot(sid)
    r = report.build(sid)
    authors = {c.author for c in r.cards}
    consenting = {p.display_name for p in snap.participants if p.name_in_report}
    others = {p.display_name for p in snap.participants if not p.name_in_report}
    assert consenting and authors & consenting
    assert not authors & others
    assert any(a.startswith("Deelnemer ") for a in authors)
    labels = {p.label for p in r.process.people}
    assert not labels & others


def test_contact_details_never_reach_the_report(seeded):
    org, sid = seeded
    snap = views.load_snapshot(sid)
    offer = next(c for c in snap.cards if c.kind == "aanbod")
    facilitation.go_to_phase(org, sid, 4)
    harvest.share_contact(sid, offer.participant_id, offer.id, "geheim.adres@example.nl")
    r = report.build(sid)
    for key in exporters.FORMATS:
        if key in ("pdf", "docx"):
            continue
        content, _, _ = exporters.render(r, key)
        assert b"geheim.adres" not in content
    assert harvest.contacts(org, sid)[0][2] == "geheim.adres@example.nl"  # the organiser's separate export


def test_statement_names_the_override_reason(seeded):
    org, sid = seeded
    assert not turns.summary_ready(sid)
    turns.override_gate(org, sid, "Twee mensen moesten eerder weg")
    r = report.build(sid)
    assert "Twee mensen moesten eerder weg" in r.process.statement and r.process.override_reason


def test_hidden_cards_are_left_out_of_lists_but_flagged_in_csv(seeded):
    org, sid = seeded
    snap = views.load_snapshot(sid)
    hidden = snap.cards[0]
    harvest.set_hidden(org, sid, hidden.id)
    r = report.build(sid)
    assert all(c.id != hidden.id for p in r.phases for t in p.themes for c in t.cards)
    rows = list(csv.DictReader(io.StringIO(exporters.render(r, "csv")[0].decode("utf-8-sig"))))
    assert len(rows) == len(snap.cards)
    flagged = next(row for row in rows if int(row["id"]) == hidden.id)
    assert flagged["verborgen"] == "ja" and flagged["tekst"] == hidden.text


def test_csv_round_trips_every_card(seeded):
    org, sid = seeded
    facilitation.go_to_phase(org, sid, 2)
    pid = views.load_snapshot(sid).participants[0].id
    tricky = 'Zei "hoi", daarna;\nnieuwe regel — é ë ğ ş مرحبا'
    participation.add_card(sid, pid, tricky)
    formula = participation.add_card(sid, pid, "=HYPERLINK(\"x\")")
    r = report.build(sid)
    content, name, mime = exporters.render(r, "csv")
    assert name.endswith(".csv") and mime.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [int(row["id"]) for row in rows] == [c.id for c in r.cards]
    assert any(row["tekst"] == tricky for row in rows)
    assert next(row for row in rows if int(row["id"]) == formula.id)["tekst"].startswith("'=")
    assert set(rows[0]) == {"id", "fase", "soort", "thema", "stemmen", "verborgen", "bron", "tekst", "deelnemer"}


def test_json_validates_against_its_schema_and_keeps_everything(seeded):
    org, sid = seeded
    r = report.build(sid)
    data = json.loads(exporters.render(r, "json")[0])
    jsonschema.Draft202012Validator.check_schema(json_report.schema())
    jsonschema.validate(data, json_report.schema())
    assert data["schema_version"] == "1.0"
    assert len(data["cards"]) == len(r.cards) and data["process"]["turns"] == 30


def test_markdown_has_every_section_and_escapes_participant_text(seeded):
    org, sid = seeded
    facilitation.go_to_phase(org, sid, 2)
    pid = views.load_snapshot(sid).participants[0].id
    participation.add_card(sid, pid, "# geen kop <script>x</script> [link](http://x)")
    text = exporters.render(report.build(sid), "md")[0].decode()
    for heading in ("# Verslag: Samen in de Akker", "## Ervaringen", "## Mogelijkheden op volgorde van stemmen",
                    "## Aanbod", "## Vragen", "## Acties", "## Evaluatie", "## Verloop"):
        assert heading in text
    assert "\\# geen kop \\<script\\>x\\</script\\> \\[link\\]\\(http://x\\)" in text
    assert "<script>" not in text


def test_the_schema_lists_the_same_keys_as_the_code():
    """The JSON schema keeps its own lists of keys for readers without the code: they must not drift."""
    card = json_report.schema()["$defs"]["card"]["properties"]
    header = json_report.schema()["properties"]["header"]["properties"]
    assert card["resource"]["enum"] == ["", *templates.RESOURCES]
    assert card["kind"]["enum"] == list(templates.KIND_LABELS)
    assert header["participation_level"]["enum"] == list(harvest.PARTICIPATION_LEVELS)
