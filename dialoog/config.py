"""Every setting comes from a ``DIALOOG_*`` environment variable, with safe laptop defaults."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Dialoog's configuration. Read once per process; tests call ``reset_settings()``."""

    model_config = SettingsConfigDict(env_prefix="DIALOOG_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""  # empty: SQLite in data_dir
    host: str = "0.0.0.0"
    port: int = 8080
    public_url: str = ""  # e.g. https://dialoog.example.nl; empty: LAN address and port
    storage_secret: str = ""  # empty: generated once and kept in data_dir
    admin_email: str = ""
    admin_password: str = ""
    phone_reconnect_timeout: float = 60.0  # seconds a sleeping phone keeps its page
    card_max_length: int = 500
    gc_freeze: bool = True  # gc_tuning.py: measured to end 2-3 s GC pauses at 1,000 phones (the in-process tests turn it off)
    nicegui_speedups: bool = True  # nicegui_speedups.py: five shortcuts in NiceGUI's and engineio's hot paths, measured in docs/upstream.md; false: NiceGUI as released
    retention_days: int = 365  # ended sessions older than this are deleted (at start-up and daily)
    cards_per_minute: int = 10  # per participant; more is slowed down with a friendly message
    wrong_codes_per_minute: int = 20  # per IP address (a whole venue may share one)
    login_attempts_per_minute: int = 5  # failed logins per account; per IP it is four times this
    login_hours: float = 12.0  # an organiser's login lasts this long

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'dialoog.db').resolve()}"

    def resolved_storage_secret(self) -> str:
        """The configured secret, or one generated on first start and kept in the data folder."""
        if self.storage_secret:
            return self.storage_secret
        path = self.data_dir / "storage_secret"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    get_settings.cache_clear()
