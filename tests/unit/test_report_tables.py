"""Tables in the export gate and the report (issue #15, step 5 of docs/tables.md): everyone heard is
judged per table, and the report has a section per table before the plenary harvest. Over a real
database (SQLite, and PostgreSQL when configured)."""

import csv
import io
import json
import re

import jsonschema
import pytest
from docx import Document
from pypdf import PdfReader

from dialoog import api
from dialoog.sessions import (
    accounts,
    api_tokens,
    exporters,
    facilitation,
    harvest,
    participation,
    report,
    tables,
    turns,
    views,
)
from dialoog.sessions import gate as export_gate
from dialoog.sessions.exporters import json_report
from dialoog.sessions.gate import GateState

NOW = 1_800_000_500.0  # a fixed "made at"
NAMES = ("Anna", "Bram", "Cor", "Dirk")  # only Anna lets her name be in the report


@pytest.fixture
def clock(monkeypatch):
    """The turns' clock, moved on by hand: ``clock[0] += 60`` is a minute later."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(turns, "clock", lambda: now[0])
    return now


@pytest.fixture
def evening(database, clock):
    """Four people at two tables in Ervaringen (a round phase with cards). At Tafel 1 (Anna, Cor)
    everyone was heard; at Tafel 2 (Bram, Dirk) Bram passed once and Dirk is still to come."""
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkavond")
    people = {name: participation.join(sid, name).id for name in NAMES}
    harvest.set_name_in_report(sid, people["Anna"], True)
    tables.set_count(org, sid, 2)  # seated evenly: Anna and Cor at Tafel 1, Bram and Dirk at Tafel 2
    one, two = (t.id for t in views.load_snapshot(sid).tables)
    facilitation.go_to_phase(org, sid, 2)
    participation.add_card(sid, people["Anna"], "De bakker kent iedereen")
    participation.add_card(sid, people["Bram"], "Het bankje bij de vijver")
    participation.add_card(sid, people["Dirk"], "# geen kop <b>x</b>")

    turns.start_round(org, sid, table=one)
    assert turns.next_speaker(org, sid, table=one) == people["Anna"]
    clock[0] += 60
    assert turns.next_speaker(org, sid, table=one) == people["Cor"]
    clock[0] += 30
    turns.next_speaker(org, sid, table=one)  # nobody left: Cor's turn ends

    turns.start_round(org, sid, table=two)
    assert turns.record_pass(org, sid, table=two) == people["Bram"]
    return org, sid, people, one, two


def sections(markdown: str) -> dict[str, str]:
    """The Markdown report's ``## `` sections by heading, each with its text up to the next one."""
    parts = re.split(r"^## ", markdown, flags=re.MULTILINE)[1:]
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1] for part in parts}


# ---- the export gate ----------------------------------------------------------------------------
def test_the_gate_waits_per_table_and_says_who_is_missing_where(evening):
    org, sid, people, one, two = evening
    snap = views.load_snapshot(sid)
    status = export_gate.gate(snap)
    assert status.state is GateState.WAITING and not status.open
    assert [(u.table_name, u.phase_name, u.names) for u in status.unheard] == [
        ("Tafel 2", "Ervaringen", ("Bram", "Dirk"))]
    assert status.unheard_text() == "Tafel 2: Bram, Dirk"
    assert export_gate.current(snap) == status  # the engine's states now: the same answer

    turns.give_turn(org, sid, people["Dirk"], table=two)
    turns.record_pass(org, sid, people["Bram"], table=two)  # his second pass: he is through
    turns.end_turn(org, sid, table=two)
    assert export_gate.gate(views.load_snapshot(sid)).state is GateState.EVERYONE_HEARD


def test_the_phase_is_named_when_tables_wait_in_different_phases(evening):
    org, sid, people, one, two = evening
    facilitation.go_to_phase(org, sid, 3)  # Dromen, at every table
    turns.start_round(org, sid, table=one)
    text = export_gate.gate(views.load_snapshot(sid)).unheard_text()
    assert text == "Tafel 1, Dromen: Anna, Cor; Tafel 2, Ervaringen: Bram, Dirk"


def test_a_table_hosts_reason_covers_their_table_and_the_main_consoles_every_table(evening):
    org, sid, people, one, two = evening
    turns.override_gate(org, sid, "Dirk moest eerder weg", table=two)
    status = export_gate.current(views.load_snapshot(sid))
    assert status.state is GateState.OVERRIDDEN and status.reason == "Tafel 2: Dirk moest eerder weg"

    facilitation.go_to_phase(org, sid, 3)
    turns.start_round(org, sid, table=one)
    assert export_gate.current(views.load_snapshot(sid)).state is GateState.WAITING  # Tafel 1 has no reason
    turns.override_gate(org, sid, "De tijd was op")
    status = export_gate.current(views.load_snapshot(sid))
    assert status.state is GateState.OVERRIDDEN and status.reason == "De tijd was op"
    assert {u.table_name for u in status.unheard} == {"Tafel 1", "Tafel 2"}


def test_no_rounds_at_any_table_is_nothing_to_wait_for(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkavond")
    participation.join(sid, "Anna")
    tables.set_count(org, sid, 2)
    assert export_gate.gate(views.load_snapshot(sid)).state is GateState.NO_ROUNDS


def test_the_api_waits_for_every_table(evening):
    org, sid, people, one, two = evening
    token = api_tokens.create(org, "test")
    waiting = api.summary(sid, authorization=f"Bearer {token}")
    assert waiting.status_code == 409
    body = json.loads(waiting.body)
    assert body["incomplete_phases"] == [2] and body["incomplete_tables"] == [{"table": "Tafel 2", "phase": 2}]
    turns.override_gate(org, sid, "De tijd was op")
    assert api.summary(sid, authorization=f"Bearer {token}").status_code == 200


# ---- the report -----------------------------------------------------------------------------------
def test_the_report_model_has_a_section_per_table(evening):
    org, sid, people, one, two = evening
    r = report.build(sid, now=NOW)
    first, second = r.tables
    assert (first.name, first.people, second.name, second.people) == (
        "Tafel 1", ["Anna", "Deelnemer 3"], "Tafel 2", ["Deelnemer 2", "Deelnemer 4"])
    assert (first.process.rounds, first.process.turns, first.process.passes, first.process.seconds) == (1, 2, 0, 90)
    assert first.process.everyone_heard and not second.process.everyone_heard
    assert [(x.label, x.turns, round(x.share, 2)) for x in first.process.people] == [
        ("Anna", 1, 0.67), ("Deelnemer 3", 1, 0.33)]
    assert (second.process.rounds, second.process.turns, second.process.passes) == (1, 0, 1)
    assert [[c.text for c in p.cards] for p in first.phases] == [["De bakker kent iedereen"]]
    assert [p.name for p in second.phases] == ["Ervaringen"] and len(second.phases[0].cards) == 2
    # the whole session adds its tables up; everyone is present at their table
    assert (r.process.rounds, r.process.turns, r.process.passes, r.process.seconds) == (2, 2, 1, 90)
    assert not r.process.everyone_heard and r.process.statement == "Nog niet iedereen is in elke ronde gehoord."
    assert [x.label for x in r.process.people] == ["Anna", "Deelnemer 2", "Deelnemer 3", "Deelnemer 4"]
    assert (r.attendance.present_at_end, r.attendance.absent) == (4, 0)
    assert {c.text: c.table for c in r.cards}["Het bankje bij de vijver"] == "Tafel 2"


def test_markdown_has_each_table_then_the_plenary_harvest(evening):
    org, sid, people, one, two = evening
    text = exporters.render(report.build(sid, now=NOW), "md")[0].decode()
    headings = list(sections(text))
    assert headings[:3] == ["Aanwezig", "Tafel 1", "Tafel 2"]
    harvest_starts = headings.index("Mogelijkheden op volgorde van stemmen")
    assert headings.index("Tafel 2") < headings.index("Ervaringen") < harvest_starts
    one_text, two_text = sections(text)["Tafel 1"], sections(text)["Tafel 2"]
    assert "\nAan deze tafel: Anna, Deelnemer 3.\n" in one_text
    assert "Iedereen die aanwezig was, is in elke ronde aan het woord geweest of heeft gepast." in one_text
    assert "1 ronde, 2 beurten, 0 keer gepast, 1:30 spreektijd." in one_text
    assert "| Anna | 1 | 0 | 1:00 | 67% |" in one_text and "| Deelnemer 3 | 1 | 0 | 0:30 | 33% |" in one_text
    assert "### Ervaringen\n\n- De bakker kent iedereen (ervaring)\n" in one_text
    assert "Het bankje" not in one_text
    assert "\nAan deze tafel: Deelnemer 2, Deelnemer 4.\n" in two_text
    assert "Nog niet iedereen is in elke ronde gehoord." in two_text and "1 ronde, 0 beurten, 1 keer gepast" in two_text
    assert "- \\# geen kop \\<b\\>x\\</b\\> (ervaring)" in two_text  # participant text stays literal
    assert "2 rondes, 2 beurten, 1 keer gepast, 1:30 spreektijd." in sections(text)["Verloop"]
    for name in ("Bram", "Cor", "Dirk"):  # names only with consent
        assert not re.search(rf"\b{name}\b", text), name


def test_json_and_csv_carry_the_tables(evening):
    org, sid, people, one, two = evening
    r = report.build(sid, now=NOW)
    data = json.loads(exporters.render(r, "json")[0])
    jsonschema.validate(data, json_report.schema())
    assert [(t["name"], t["people"], t["process"]["passes"]) for t in data["tables"]] == [
        ("Tafel 1", ["Anna", "Deelnemer 3"], 0), ("Tafel 2", ["Deelnemer 2", "Deelnemer 4"], 1)]
    assert data["tables"][0]["phases"][0]["cards"][0]["text"] == "De bakker kent iedereen"
    assert {c["text"]: c["table"] for c in data["cards"]}["Het bankje bij de vijver"] == "Tafel 2"
    rows = list(csv.DictReader(io.StringIO(exporters.render(r, "csv")[0].decode("utf-8-sig"))))
    assert {row["tekst"]: row["tafel"] for row in rows}["De bakker kent iedereen"] == "Tafel 1"


def test_pdf_and_word_have_the_table_sections(evening):
    org, sid, people, one, two = evening
    r = report.build(sid, now=NOW)
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(exporters.render(r, "pdf")[0])).pages)
    assert "Tafel 2" in pdf and "Aan deze tafel: Deelnemer 2, Deelnemer 4." in pdf
    doc = Document(io.BytesIO(exporters.render(r, "docx")[0]))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Tafel 1" in paragraphs and "Aan deze tafel: Anna, Deelnemer 3." in paragraphs
    assert paragraphs.index("Tafel 2") < paragraphs.index("Mogelijkheden op volgorde van stemmen")


def test_someone_who_moved_keeps_their_turns_at_the_old_table(evening):
    org, sid, people, one, two = evening
    tables.move(org, sid, people["Cor"], two)
    r = report.build(sid, now=NOW)
    first, second = r.tables
    assert first.people == ["Anna"] and second.people == ["Deelnemer 2", "Deelnemer 3", "Deelnemer 4"]
    assert [(x.label, x.turns, x.present) for x in first.process.people] == [
        ("Anna", 1, True), ("Deelnemer 3", 1, False)]
    assert first.process.everyone_heard
    cor = next(x for x in r.process.people if x.label == "Deelnemer 3")
    assert (cor.turns, cor.present) == (1, True)  # at Tafel 2 now


def test_without_tables_the_export_has_no_table_keys(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkavond")
    anna = participation.join(sid, "Anna").id
    facilitation.go_to_phase(org, sid, 2)
    participation.add_card(sid, anna, "De bakker kent iedereen")
    r = report.build(sid, now=NOW)
    assert r.tables == [] and r.cards[0].table == ""
    data = json.loads(exporters.render(r, "json")[0])
    assert "tables" not in data and "table" not in data["cards"][0]
    header = next(csv.reader(io.StringIO(exporters.render(r, "csv")[0].decode("utf-8-sig"))))
    assert "tafel" not in header
    turns.start_round(org, sid)  # the group's gate as before: per phase, no table named
    assert export_gate.gate(views.load_snapshot(sid)).unheard_text() == "Ervaringen: Anna"
