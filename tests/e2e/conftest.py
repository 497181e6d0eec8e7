"""Real-browser tests: a real Dialoog server process and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"

# A 2-core CI machine running the whole suite is slower than a laptop: give live updates time.
from playwright.sync_api import expect  # noqa: E402

expect.set_options(timeout=15_000)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
ADMIN = ("gespreksleider@example.nl", "een lang wachtwoord")


def chromium_path() -> str | None:
    path = os.environ.get("DIALOOG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`dialoog run` in its own process, on a fresh SQLite database (with admin=False, no
    organiser account: the first visit goes to the first-account setup)."""

    def __init__(self, data_dir: Path, admin: bool = True) -> None:
        self.admin = admin
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None
        self.log = data_dir / "server.log"

    def start(self) -> None:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "NICEGUI", "DIALOOG_"))}
        env = {
            **inherited,
            "DIALOOG_DATA_DIR": str(self.data_dir),
            "DIALOOG_DATABASE_URL": f"sqlite:///{self.data_dir / 'dialoog.db'}",
            "DIALOOG_PUBLIC_URL": self.url,
            **({"DIALOOG_ADMIN_EMAIL": ADMIN[0], "DIALOOG_ADMIN_PASSWORD": ADMIN[1]} if self.admin else {}),
            "DIALOOG_HOST": "127.0.0.1",
            "DIALOOG_PORT": str(self.port),
        }
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dialoog", "run"],
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            cwd=self.data_dir,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server stopped: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start within 30 s")

    def kill(self) -> None:
        """kill -9: no shutdown handlers, no flush; what was committed must survive."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "server")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def browser():
    """Chromium for one test (sync Playwright runs its own loop, which must end before async tests run)."""
    path = chromium_path()
    if path is None:
        if IN_CI:
            pytest.fail("CI=true but Chromium is missing: install Debian's chromium package")
        pytest.skip("Chromium not found (install Debian's chromium or set DIALOOG_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.fixture
def shots():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str, full_page: bool = False) -> Path:
        """The screen as a person sees it once it has settled: no fade half done (the projector's
        wall fades for .45 s when its view changes), and a long page from its top, so that its
        sticky header is not painted halfway down."""
        path = SCREENSHOTS / f"{name}.png"
        if full_page:
            page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def log_in_and_create(browser, server, title: str = "Samen in de Akker", language: str | None = None):
    """A logged-in console on a new session (in ``language``, named as the picker names it, e.g.
    "Français"; else the default); returns (context, page, join code)."""
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    console = ctx.new_page()
    console.goto(f"{server.url}/login")
    console.get_by_label("E-mail").fill(ADMIN[0])
    console.get_by_label("Wachtwoord").fill(ADMIN[1])
    console.get_by_role("button", name="Inloggen").click()
    console.get_by_role("button", name="Nieuwe sessie").click()
    console.get_by_label("Titel").fill(title)
    if language is not None:
        console.get_by_label("Taal van de sessie", exact=True).click()
        console.locator(".q-menu").get_by_text(language, exact=True).click()
    console.get_by_role("button", name="Sessie aanmaken").click()
    from dialoog import i18n

    chosen = next((code for code, name in i18n.LANGUAGES.items() if name == language), i18n.DEFAULT)
    with i18n.use(chosen):  # the console speaks the session's language
        next_phase, screen = i18n._("Volgende fase"), i18n._("Open scherm")
    expect(console.get_by_role("button", name=next_phase)).to_be_visible()
    code = console.get_by_role("link", name=screen).get_attribute("href").rsplit("/", 1)[-1]
    return ctx, console, code


def join_phone(browser, server, code: str, name: str):
    from playwright.sync_api import expect

    page = phone_context(browser).new_page()
    page.goto(f"{server.url}/j/{code}")
    page.get_by_label("Je naam").fill(name)
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_text(f"Hoi {name}")).to_be_visible()
    return page


def phone_context(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL"
    )


@pytest.fixture
def services(server, monkeypatch, tmp_path):
    """The service layer in this process, on the server's own SQLite database, with the server's
    settings (the server gets no DIALOOG_* variables from the test environment, so neither do we)."""
    from dialoog import config, db
    from dialoog.sessions import throttle, turns
    from dialoog.sessions.publishing import NullPublisher, use_publisher

    for name in config.Settings.model_fields:
        monkeypatch.delenv(f"DIALOOG_{name.upper()}", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the working directory either
    config.reset_settings()
    turns.forget_all()
    throttle.reset()
    use_publisher(NullPublisher())
    db.configure(f"sqlite:///{server.data_dir / 'dialoog.db'}", migrate=False)
    try:
        yield config.get_settings()
    finally:
        db.dispose()
        turns.forget_all()
        throttle.reset()
        config.reset_settings()
