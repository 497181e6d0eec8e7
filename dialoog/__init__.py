"""Dialoog: neighbourhood dialogues where everyone gets heard."""

__version__ = "0.1.0"
