"""Session templates are data: one JSON file per template in ``templates/``. Here too: the names of
the card kinds and of the resources an offer or an ask is about, in one place for every screen and export."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dialoog.i18n import N_, _
from dialoog.sessions.errors import InvalidInput

FOLDER = Path(__file__).parent / "templates"
DEFAULT = "wijkdialoog"

# How each card kind is called on screen (singular), in plain Dutch: source text, translated where shown.
KIND_LABELS = {
    "ervaring": N_("Ervaring"),
    "droom": N_("Droom"),
    "mogelijkheid": N_("Mogelijkheid"),
    "aanbod": N_("Aanbod"),
    "vraag": N_("Vraag"),
    "actie": N_("Actie"),
}

# What an offer or an ask is about: the one list of resource keys, with their labels. The JSON schema of
# the summary repeats the keys (a unit test keeps it equal to this). Labels translated where shown.
RESOURCES = {
    "tijd": N_("Tijd"),
    "kennis": N_("Kennis"),
    "netwerk": N_("Netwerk"),
    "ruimte": N_("Ruimte"),
    "faciliteiten": N_("Faciliteiten"),
}
RESOURCE_KINDS = ("aanbod", "vraag")  # the card kinds that can name a resource


def check_resource(resource: str) -> None:
    """Refuse a resource key that is not in ``RESOURCES`` (empty means none chosen, which is fine)."""
    if resource and resource not in RESOURCES:
        # The labels in the language of whoever acts, lower case as in a sentence ("Kies tijd, kennis, … of
        # faciliteiten."): one whole sentence for the translators, the list filled in.
        *first, last = (_(label).lower() for label in RESOURCES.values())
        raise InvalidInput("Kies {choices} of {last}.", choices=", ".join(first), last=last)


@dataclass(frozen=True)
class PhaseTemplate:
    key: str
    name: str
    mode: str
    question: str
    card_kinds: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    description: str
    ground_rules: tuple[str, ...]
    phases: tuple[PhaseTemplate, ...]


@cache
def load(key: str = DEFAULT) -> Template:
    """The template called ``key``; raises KeyError for an unknown one."""
    path = FOLDER / f"{key}.json"
    if not path.is_file():
        raise KeyError(key)
    raw = json.loads(path.read_text(encoding="utf-8"))
    phases = tuple(
        PhaseTemplate(p["key"], p["name"], p["mode"], p["question"], tuple(p["card_kinds"])) for p in raw["phases"]
    )
    return Template(raw["key"], raw["name"], raw["description"], tuple(raw["ground_rules"]), phases)


def available() -> list[Template]:
    """Every template in ``templates/``, by file name."""
    return [load(path.stem) for path in sorted(FOLDER.glob("*.json"))]
