"""Organiser accounts: the first one is created by the setup form or from configuration."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import func, select

from dialoog import db
from dialoog.config import get_settings
from dialoog.models import Organiser
from dialoog.sessions import throttle
from dialoog.sessions.errors import InvalidInput, RateLimited

_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10


def has_organisers() -> bool:
    """Whether any organiser account exists (if not, the setup form is open)."""
    with db.session() as s:
        return s.exec(select(func.count()).select_from(Organiser)).one() > 0


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    return email


def create_organiser(email: str, password: str) -> Organiser:
    """A new organiser account; the password is stored only as an argon2id hash."""
    email = _clean_email(email)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("Kies een wachtwoord van minstens {minimum} tekens.", minimum=MIN_PASSWORD)
    with db.session() as s:
        if s.exec(select(Organiser).where(Organiser.email == email)).first():
            raise InvalidInput("Er is al een account met dit e-mailadres.")
        organiser = Organiser(email=email, password_hash=_hasher.hash(password))
        s.add(organiser)
        s.commit()
        return organiser


def create_first_organiser(email: str, password: str) -> Organiser:
    """The setup form: allowed only while no organiser exists."""
    if has_organisers():
        raise InvalidInput("Er is al een organisator. Log in met dat account.")
    return create_organiser(email, password)


def ensure_admin(email: str, password: str) -> None:
    """Create the configured organiser at start-up if it does not exist yet."""
    if not email or not password:
        return
    with db.session() as s:
        if s.exec(select(Organiser).where(Organiser.email == email.strip().lower())).first():
            return
    create_organiser(email, password)


def authenticate(email: str, password: str, *, ip: str = "") -> Organiser | None:
    """The organiser with these credentials, or None. Failed attempts are limited per account
    and per IP address; past the limit even the right password waits a minute."""
    email = email.strip().lower()
    per_account = get_settings().login_attempts_per_minute
    if not throttle.allowed("login-account", email, per_account) or (
        ip and not throttle.allowed("login-ip", ip, 4 * per_account)
    ):
        raise RateLimited("Te veel mislukte pogingen. Wacht een minuut en probeer het dan opnieuw.")
    with db.session() as s:
        organiser = s.exec(select(Organiser).where(Organiser.email == email)).first()
    if organiser is None:
        _hasher.hash(password)  # same work either way, so timing does not reveal accounts
    else:
        try:
            _hasher.verify(organiser.password_hash, password)
            return organiser
        except (VerificationError, InvalidHashError):
            pass
    throttle.count("login-account", email, per_account)
    if ip:
        throttle.count("login-ip", ip, 4 * per_account)
    return None


def get_organiser(organiser_id: int) -> Organiser | None:
    """The organiser's account, or None when it no longer exists."""
    with db.session() as s:
        return s.get(Organiser, organiser_id)
