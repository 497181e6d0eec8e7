"""Shared fixtures: every test gets an empty, migrated database: SQLite, and PostgreSQL too
when DIALOOG_TEST_POSTGRES_URL is set (under CI=true a missing PostgreSQL fails, never skips)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from dialoog import config, db
from dialoog.sessions import throttle, turns
from dialoog.sessions.publishing import NullPublisher, RecordingPublisher, use_publisher

IN_CI = os.environ.get("CI", "").lower() == "true"
# This process starts and stops the app for every test: freezing what survives (gc_tuning.py, on by
# default for a real server) would keep every earlier test's garbage. The end-to-end tests' real
# servers get no DIALOOG_* variables from here, so they run with the default.
os.environ["DIALOOG_GC_FREEZE"] = "false"
POSTGRES_URL = os.environ.get("DIALOOG_TEST_POSTGRES_URL", "")


def _postgres_schema_url() -> Iterator[str]:
    if not POSTGRES_URL:
        if IN_CI:
            pytest.fail("CI=true but DIALOOG_TEST_POSTGRES_URL is not set: PostgreSQL must be tested in CI")
        pytest.skip("PostgreSQL not configured: set DIALOOG_TEST_POSTGRES_URL to run these tests on it too")
    import psycopg

    plain = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as error:
        if IN_CI:
            pytest.fail(f"PostgreSQL at DIALOOG_TEST_POSTGRES_URL is not reachable: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        db.dispose()
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """The URL of a fresh database for this test, exported as DIALOOG_DATABASE_URL."""
    if request.param == "sqlite":
        urls = iter([f"sqlite:///{tmp_path / 'dialoog.db'}"])
    else:
        urls = _postgres_schema_url()
    url = next(urls)
    old = {k: os.environ.get(k) for k in ("DIALOOG_DATABASE_URL", "DIALOOG_DATA_DIR", "DIALOOG_PUBLIC_URL")}
    os.environ["DIALOOG_DATABASE_URL"] = url
    os.environ["DIALOOG_DATA_DIR"] = str(tmp_path / "data")
    os.environ["DIALOOG_PUBLIC_URL"] = "http://dialoog.test"
    config.reset_settings()
    turns.forget_all()
    throttle.reset()
    try:
        yield url
    finally:
        db.dispose()
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        config.reset_settings()
        next(urls, None)  # runs the generator's clean-up


@pytest.fixture
def database(database_url) -> Iterator[str]:
    """A configured engine on a fresh database (for service-level tests)."""
    db.configure(database_url)
    yield database_url
    db.dispose()


@pytest.fixture
def published(database) -> Iterator[RecordingPublisher]:
    """Records what the services announce."""
    recorder = RecordingPublisher()
    use_publisher(recorder)
    yield recorder
    use_publisher(NullPublisher())
