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
