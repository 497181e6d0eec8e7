"""Storage, migrations, configuration and the command line."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel
from typer.testing import CliRunner

from dialoog import config, db, net
from dialoog.__main__ import cli


def test_migrations_match_the_models(database):
    with db.engine().connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode(tmp_path):
    engine = db.configure(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose()


def test_storage_secret_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("DIALOOG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DIALOOG_STORAGE_SECRET", raising=False)
    config.reset_settings()
    try:
        first = config.get_settings().resolved_storage_secret()
        config.reset_settings()
        assert config.get_settings().resolved_storage_secret() == first
        assert len(first) >= 40
        assert (tmp_path / "storage_secret").stat().st_mode & 0o077 == 0
    finally:
        config.reset_settings()


def test_join_url_uses_the_public_url_or_the_lan_address(monkeypatch):
    monkeypatch.setenv("DIALOOG_PUBLIC_URL", "https://dialoog.example.nl/")
    config.reset_settings()
    try:
        assert net.join_url("ACDEFG") == "https://dialoog.example.nl/j/ACDEFG"
        monkeypatch.setenv("DIALOOG_PUBLIC_URL", "")
        monkeypatch.setenv("DIALOOG_PORT", "9000")
        config.reset_settings()
        assert net.join_url("ACDEFG") == f"http://{net.lan_address()}:9000/j/ACDEFG"
    finally:
        config.reset_settings()


def test_qr_code_is_an_svg_without_pillow():
    uri = net.qr_data_uri("http://192.168.1.20:8080/j/ACDEFG")
    assert uri.startswith("data:image/svg+xml;base64,")


def test_command_line_help_lists_run():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "run" in result.output and "migrate" in result.output


def test_upgrading_keeps_every_row(database_url):
    """Rows written under the first schema are all there after migrating to the newest one."""
    from dialoog.sessions import accounts, facilitation, participation, views

    engine = db.make_engine(database_url)
    db.upgrade(engine, "0001")
    db._engine = engine  # the services use the process-wide engine
    try:
        with engine.begin() as c:
            c.execute(text(
                "insert into organiser (email, password_hash, created_at) values ('o@x.nl', 'h', '2026-01-01')"
            ))
            c.execute(text(
                "insert into dialogue_session (organiser_id, template_key, title, theme, neighbourhood, place,"
                " join_code, status, current_phase, created_at) values"
                " (1, 'wijkdialoog', 'Oud', '', '', '', 'ACDEFG', 'open', 2, '2026-01-01')"
            ))
            c.execute(text(
                "insert into phase (session_id, position, key, name, question, mode, card_kinds) values"
                " (1, 0, 'w', 'Welkom', 'q', 'info', ''), (1, 1, 'k', 'Kennis', 'q', 'round', ''),"
                " (1, 2, 'e', 'Ervaringen', 'q', 'round', 'ervaring')"
            ))
            c.execute(text(
                "insert into participant (session_id, name, display_name, seat, has_phone, joined_at)"
                " values (1, 'Anna', 'Anna', 1, true, '2026-01-01')"
            ))
            c.execute(text(
                "insert into card (session_id, phase_id, participant_id, kind, text, draft_key, created_at, updated_at)"
                " values (1, 3, 1, 'ervaring', 'Bewaard', '', '2026-01-01', '2026-01-01')"
            ))
        db.upgrade(engine)
        snap = views.load_snapshot(1)
        assert [c.text for c in snap.cards] == ["Bewaard"]
        assert [p.display_name for p in snap.participants] == ["Anna"]
        assert len(snap.phases) == 3
        assert accounts.authenticate("o@x.nl", "x") is None  # the row is read, the hash just doesn't match
        assert facilitation.owns(1, 1) and participation.find_open_session("ACDEFG") == 1
    finally:
        db.dispose()
