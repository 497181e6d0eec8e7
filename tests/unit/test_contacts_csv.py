"""The organiser's contacts CSV: Excel-friendly (BOM, CRLF), the agreed columns, and no formulas."""

import csv
import gettext
import io

import pytest

from dialoog import i18n
from dialoog.sessions.exporters.contacts import contacts_csv
from dialoog.sessions.exporters.spreadsheet import safe_cell

CONSENT = "Mijn contactgegevens mogen gedeeld worden met de organisator voor dit aanbod"
HOSTILE = "=cmd|' /C calc'!A0"


def test_bom_header_crlf_name_and_type():
    content, name, mime = contacts_csv([("Anna", "Ik kan koken", "anna@example.nl", CONSENT)], 42)
    assert name == "contactgegevens-sessie-42.csv" and mime == "text/csv; charset=utf-8"
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text == f"naam,aanbod,contact,toestemming\r\nAnna,Ik kan koken,anna@example.nl,{CONSENT}\r\n"


def test_quotes_commas_and_line_breaks_round_trip():
    offer = 'Zei "hoi", daarna;\nnieuwe regel — é ğ مرحبا'
    content, _, _ = contacts_csv([("Özlem", offer, "06 1234 5678", CONSENT)], 1)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows == [["naam", "aanbod", "contact", "toestemming"], ["Özlem", offer, "06 1234 5678", CONSENT]]


def test_a_cell_that_looks_like_a_formula_is_written_as_text():
    rows = [(HOSTILE, "+1 voor de buurt", "@anna", CONSENT), ("-Bram", "@home", "+31 6 1234 5678", CONSENT)]
    content, _, _ = contacts_csv(rows, 7)
    read = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))[1:]
    assert read == [
        ["'" + HOSTILE, "'+1 voor de buurt", "'@anna", CONSENT],
        ["'-Bram", "'@home", "'+31 6 1234 5678", CONSENT],
    ]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in read for cell in row)


def test_safe_cell_leaves_plain_values_alone():
    assert [safe_cell(v) for v in ("Anna", "", 3, "a=b", " =x")] == ["Anna", "", 3, "a=b", " =x"]


class _Marked(gettext.NullTranslations):
    """A stand-in catalog that marks every text it translates."""

    def gettext(self, message):
        return "EN·" + message


def test_headers_and_name_follow_the_language_the_cells_stay(monkeypatch: pytest.MonkeyPatch):
    rows = [("Anna", "Ik kan koken", "anna@example.nl", CONSENT)]
    with i18n.use("en"):  # what the English catalog says (the Dutch source text while it is not filled in)
        header = [i18n._("naam"), i18n._("aanbod"), i18n._("contact"), i18n._("toestemming")]
        name = i18n._("contactgegevens-sessie-{session}", session=42) + ".csv"
    content, got_name, _mime = contacts_csv(rows, 42, language="en")
    assert got_name == name
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))) == [header, list(rows[0])]

    monkeypatch.setattr(i18n, "catalog", lambda language: _Marked())
    content, got_name, _mime = contacts_csv(rows, 42, language="en")
    read = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert read == [["EN·naam", "EN·aanbod", "EN·contact", "EN·toestemming"], list(rows[0])]
    assert got_name == "EN·contactgegevens-sessie-42.csv"
    with i18n.use("en"):  # no language given: the current one (in the console, the page's)
        assert contacts_csv(rows, 42)[1] == "EN·contactgegevens-sessie-42.csv"
    assert contacts_csv(rows, 42, language="nl")[1] == "contactgegevens-sessie-42.csv"
    assert contacts_csv(rows, 42)[1] == "contactgegevens-sessie-42.csv"
