"""Join codes: short, easy to read aloud and to type, without look-alike characters."""

import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: nobody has to guess which one is meant.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 6


def new_code() -> str:
    """A random join code of ``LENGTH`` characters from ``ALPHABET``."""
    return "".join(secrets.choice(ALPHABET) for _position in range(LENGTH))


def normalise(typed: str) -> str:
    """What a person typed, as a code: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())
