"""JSON: everything in the report, in a documented and versioned schema (``summary.schema.json``)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from dialoog.sessions.report import Report

SCHEMA_PATH = Path(__file__).with_name("summary.schema.json")


@cache
def schema() -> dict:
    """The JSON schema the export follows (``summary.schema.json``), parsed once."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def render(report: Report) -> bytes:
    """The report as UTF-8 JSON, following ``schema()``."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")
