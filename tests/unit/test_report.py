"""The report model on a fixed session, and the Markdown, CSV and JSON renderers read back."""

import csv
import gettext
import io
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import jsonschema
import pytest

from dialoog import i18n
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
    assert json_report.schema()["properties"]["language"]["enum"] == list(i18n.LANGUAGES)


# --- The report in the session's language ---------------------------------------------------------

NOW = 1_800_000_500.0  # a fixed "made at", so two renderings can be compared byte for byte


class _Marked(gettext.NullTranslations):
    """A stand-in catalog that marks every text it translates, so a test sees which texts were."""

    def gettext(self, message):
        return "EN·" + message

    def ngettext(self, singular, plural, n):
        return "EN·" + (singular if n == 1 else plural)


@pytest.fixture
def marked_catalog(monkeypatch):
    """Every language but Dutch "translates" by putting "EN·" in front (Dutch needs no catalog)."""
    monkeypatch.setattr(i18n, "catalog", lambda language: _Marked())


def _markdown(sid) -> str:
    return exporters.render(report.build(sid, now=NOW), "md")[0].decode()


def test_an_english_session_gets_its_report_in_english(seeded):
    org, sid = seeded
    facilitation.set_language(org, sid, "en")
    r = report.build(sid, now=NOW)
    assert r.language == "en" and r.language_tag == "en-GB"
    text, name, _mime = exporters.render(r, "md")
    text = text.decode()
    with i18n.use("en"):  # what the English catalog says (the Dutch source text while it is not filled in)
        title = i18n._("Verslag: {title}", title="Samen in de Akker")
        sections = [i18n._("Mogelijkheden op volgorde van stemmen"), i18n._("Evaluatie"), i18n._("Verloop")]
        level = i18n._("Adviseren")
        prefix = i18n._("verslag-{title}-{day}", title="samen-in-de-akker", day="")
    assert text.startswith(f"# {title}\n")
    for section in sections:
        assert f"\n## {section}\n" in text
    assert r.header.participation_level_label == level
    assert name.startswith(prefix) and name.endswith(".md")
    data = json.loads(exporters.render(r, "json")[0])
    jsonschema.validate(data, json_report.schema())
    assert data["language"] == "en" and data["header"]["participation_level"] == "adviseren"


def test_the_report_follows_the_session_language_even_in_a_worker_thread(seeded, marked_catalog):
    org, sid = seeded
    facilitation.set_language(org, sid, "en")
    with ThreadPoolExecutor(1) as pool:  # like run.io_bound: no page, no language of the caller
        built = pool.submit(report.build, sid, now=NOW).result()
        text, name, _mime = pool.submit(exporters.render, built, "md").result()
    text = text.decode()
    assert text.startswith("# EN·Verslag: Samen in de Akker\n")
    for line in ("## EN·Aanwezig", "## EN·Verloop", "| EN·Fase | EN·Beurten | EN·Gepast | EN·Tijd |"):
        assert f"\n{line}\n" in text
    assert "\nEN·8 deelnemers, van wie " in text  # the sentences the report model makes
    assert "(en·ervaring)" in text  # a kind label (from the build), lower case in a line
    assert name.startswith("EN·verslag-samen-in-de-akker-")
    assert built.header.participation_level_label == "EN·Adviseren"
    assert any(c.author == "EN·Deelnemer 2" for c in built.cards)  # "Deelnemer n", from the build
    rows = list(csv.reader(io.StringIO(exporters.render(built, "csv")[0].decode("utf-8-sig"))))
    assert rows[0][:3] == ["EN·id", "EN·fase", "EN·soort"]
    data = json.loads(exporters.render(built, "json")[0])
    assert data["cards"][0]["kind"] in templates.KIND_LABELS and data["schema_version"] == "1.0"  # keys stay


def test_a_dutch_session_report_is_unchanged(seeded, marked_catalog):
    org, sid = seeded
    text = _markdown(sid)
    assert "EN·" not in text
    for line in (
        "# Verslag: Samen in de Akker", "- **Niveau van inspraak:** Adviseren", "## Aanwezig",
        "8 deelnemers, van wie 8 aanwezig tot het einde, 0 afwezig, 1 zonder telefoon.",
        "## Mogelijkheden op volgorde van stemmen", "## Aanbod", "## Vragen", "## Acties", "## Evaluatie",
        "8 deelnemers gaven een oordeel; gemiddeld 3,9 van 5.", "- Heel tevreden: 2", "## Verloop",
        "| Fase | Beurten | Gepast | Tijd |", "| Deelnemer | Beurten | Gepast | Spreektijd | Aandeel |",
        "*Gemaakt met Dialoog op 15-01-2027 08:08 UTC. Namen alleen met toestemming; contactgegevens staan niet "
        "in dit verslag.*",
    ):
        assert f"\n{line}\n" in f"\n{text}", line
    assert "| Deelnemer 2 |" in text and "stemmen" in text
    with i18n.use("fr"):  # the renderer's language is the report's, not the caller's
        assert _markdown(sid) == text
    assert exporters.render(report.build(sid, now=NOW), "md")[1].startswith("verslag-samen-in-de-akker-")


def test_dates_and_counts_are_written_the_way_the_language_does(seeded):
    org, sid = seeded
    r = report.build(sid, now=NOW)
    assert "15-01-2027 08:08 UTC" in r.colophon
    assert report.votes_label(1) == "1 stem" and report.votes_label(3) == "3 stemmen"
    french = replace(r, language="fr").colophon
    assert "15/01/2027" in french and "08:08" in french  # French writes dates with slashes (CLDR)
