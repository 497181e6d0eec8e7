"""A full copy of every table, to prove that a refused command changed nothing at all."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import SQLModel

from dialoog import db


def all_rows() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, as plain tuples."""
    out: dict[str, list[tuple]] = {}
    with db.engine().connect() as connection:
        for table in sorted(SQLModel.metadata.tables.values(), key=lambda t: t.name):
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def differences(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict[str, tuple[list, list]]:
    """Per table that changed: (rows only before, rows only after)."""
    changed = {}
    for name in sorted(set(before) | set(after)):
        old, new = set(before.get(name, [])), set(after.get(name, []))
        if old != new:
            changed[name] = (sorted(old - new, key=repr), sorted(new - old, key=repr))
    return changed
