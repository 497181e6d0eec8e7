"""Throttling, login limits and backup/restore (parts of the trust work)."""

import sqlite3
import threading

import pytest
from typer.testing import CliRunner

from dialoog import backup, db
from dialoog.__main__ import cli
from dialoog.sessions import accounts, facilitation, participation
from dialoog.sessions.errors import RateLimited


@pytest.fixture
def room(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Wijkdialoog")
    facilitation.go_to_phase(org, sid, 2)
    return org, sid


def test_more_than_ten_cards_a_minute_is_slowed_down_kindly(room):
    org, sid = room
    anna, bram = participation.join(sid, "Anna").id, participation.join(sid, "Bram").id
    for n in range(10):
        participation.add_card(sid, anna, f"Kaart {n}")
    with pytest.raises(RateLimited, match="Wacht even"):
        participation.add_card(sid, anna, "Nog een")
    participation.add_card(sid, bram, "Bram mag gewoon")  # everyone else goes on
    assert participation.count_cards(sid) == 11


def test_a_retried_draft_is_not_counted_against_the_limit(room):
    org, sid = room
    anna = participation.join(sid, "Anna").id
    first = participation.add_card(sid, anna, "Eén", draft_key="d1")
    for _ in range(15):
        assert participation.add_card(sid, anna, "Eén", draft_key="d1").id == first.id


def test_login_attempts_are_limited_per_account_and_per_ip(database):
    accounts.create_organiser("org@example.nl", "een lang wachtwoord")
    for _ in range(5):
        assert accounts.authenticate("org@example.nl", "fout", ip="10.0.0.1") is None
    with pytest.raises(RateLimited, match="Wacht een minuut"):
        accounts.authenticate("org@example.nl", "een lang wachtwoord", ip="10.0.0.2")
    for n in range(20):
        assert accounts.authenticate(f"x{n}@example.nl", "fout", ip="10.0.0.9") is None
    with pytest.raises(RateLimited):
        accounts.authenticate("ander@example.nl", "fout", ip="10.0.0.9")


def test_backup_while_writing_is_consistent_and_restore_brings_it_back(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    monkeypatch.setenv("DIALOOG_DATABASE_URL", url)
    from dialoog import config

    config.reset_settings()
    db.configure(url)
    try:
        org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
        sid = facilitation.create_session(org, "Wijkdialoog")
        facilitation.go_to_phase(org, sid, 2)
        people = [participation.join(sid, f"Buur {n}").id for n in range(20)]
        stop = threading.Event()

        def write() -> None:
            n = 0
            while not stop.is_set() and n < 200:
                participation.add_card(sid, people[n % 20], f"kaart {n}")
                n += 1

        writer = threading.Thread(target=write)
        writer.start()
        target = tmp_path / "copy.db"
        result = CliRunner().invoke(cli, ["backup", str(target)])
        stop.set()
        writer.join()
        assert result.exit_code == 0, result.output
        assert "1 sessies" in result.output
        with sqlite3.connect(target) as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            copied = c.execute("select count(*) from card").fetchone()[0]
        total = participation.count_cards(sid)
        assert 0 <= copied <= total

        facilitation.create_session(org, "Na de kopie")
        db.dispose()
        result = CliRunner().invoke(cli, ["restore", str(target)])
        assert result.exit_code == 0, result.output
        db.configure(url)
        from dialoog.sessions import views

        assert [s.title for s in views.list_sessions(org)] == ["Wijkdialoog"]
        assert participation.count_cards(sid) == copied
    finally:
        db.dispose()
        config.reset_settings()


def test_restore_refuses_a_file_that_is_not_a_dialoog_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"niet echt")
    with pytest.raises(backup.BackupError):
        backup.restore(f"sqlite:///{tmp_path / 'x.db'}", junk)
    with pytest.raises(backup.BackupError, match="PostgreSQL"):
        backup.backup("postgresql+psycopg://x@localhost/db", tmp_path / "y.db")
