"""UI tests run the real app (main.py) in NiceGUI's simulated browser, on a fresh database."""

import pytest
from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import accounts, facilitation, views

EMAIL, PASSWORD = "org@example.nl", "een lang wachtwoord"


@pytest.fixture(autouse=True)
def _patient_user(monkeypatch):
    """Live updates arrive within a flush or two; on a loaded 2-core CI machine that can take a
    second or more, so waiting assertions retry for up to ~3 s instead of NiceGUI's 0.3 s."""
    see, not_see = User.should_see, User.should_not_see

    async def should_see(self, *args, retries: int = 30, **kwargs):
        return await see(self, *args, retries=retries, **kwargs)

    async def should_not_see(self, *args, retries: int = 60, **kwargs):
        return await not_see(self, *args, retries=retries, **kwargs)

    monkeypatch.setattr(User, "should_see", should_see)
    monkeypatch.setattr(User, "should_not_see", should_not_see)


@pytest.fixture(autouse=True)
def _fresh_database(database_url):
    """Every UI test starts on an empty database (SQLite, and PostgreSQL when configured)."""
    yield database_url


def press(user: User, label: str) -> None:
    """Click the button with this label (a heading with the same words is not a button)."""
    user.find(kind=ui.button, content=label).click()


async def log_in(user: User) -> None:
    await user.open("/login")
    user.find("E-mail").type(EMAIL)
    user.find("Wachtwoord").type(PASSWORD)
    press(user, "Inloggen")
    await user.should_see("Jouw sessies")


@pytest.fixture
async def organiser(user: User):
    """An organiser account (the user fixture has configured the database by now)."""
    return accounts.create_organiser(EMAIL, PASSWORD)


@pytest.fixture
async def live_session(organiser):
    """An open session with the Wijkdialoog template; returns its snapshot."""
    session_id = facilitation.create_session(organiser.id, "Samen in de Akker")
    return views.load_snapshot(session_id)
