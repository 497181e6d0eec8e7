"""The JSON API for organisers: fetch a session's summary with a login cookie or an API token."""

from __future__ import annotations

import time

from fastapi import APIRouter, Header, HTTPException
from fastapi.responses import JSONResponse
from nicegui import app

from dialoog.config import get_settings
from dialoog.sessions import api_tokens, engine, gate, report, turns
from dialoog.sessions.errors import NotFound
from dialoog.sessions.exporters import json_report
from dialoog.sessions.views import SessionSnapshot, load_snapshot

router = APIRouter(prefix="/api", tags=["samenvatting"])


def _organiser(authorization: str | None) -> int:
    if authorization and authorization.lower().startswith("bearer "):
        organiser_id = api_tokens.organiser_for(authorization[7:].strip())
        if organiser_id is not None:
            return organiser_id
        raise HTTPException(status_code=401, detail="Deze API-sleutel is onbekend of ingetrokken.")
    user = app.storage.user
    organiser_id = user.get("organiser_id")
    if organiser_id is None or time.time() - user.get("logged_in_at", 0) > get_settings().login_hours * 3600:
        raise HTTPException(status_code=401, detail="Log in, of stuur een API-sleutel: Authorization: Bearer dlg_…")
    return organiser_id


@router.get(
    "/sessions/{session_id}/summary.json",
    summary="De samenvatting van een sessie (JSON)",
    description=(
        "Alles uit het verslag in het schema van `/api/schema/summary.json` (versie 1.0). "
        "Namen alleen met toestemming van de deelnemer; nooit contactgegevens. "
        "Alleen voor de organisator van de sessie: ingelogd, of met `Authorization: Bearer <API-sleutel>`. "
        "Zolang niet iedereen gehoord is (en er geen reden is vastgelegd) antwoordt de API met 409."
    ),
    responses={401: {"description": "Niet ingelogd of onbekende sleutel"},
               404: {"description": "Sessie bestaat niet of is niet van jou"},
               409: {"description": "Nog niet iedereen gehoord"}},
)
def summary(session_id: int, authorization: str | None = Header(default=None)) -> JSONResponse:
    organiser_id = _organiser(authorization)
    try:
        built = report.build(session_id, actor=organiser_id)
    except NotFound:
        raise HTTPException(status_code=404, detail="Deze sessie bestaat niet, of is niet van jou.") from None
    snap = load_snapshot(session_id)
    status = gate.current(snap) if snap is not None else None
    if status is not None and not status.open:
        return JSONResponse(status_code=409, content=_not_yet(snap, status))
    return JSONResponse(content=built.to_dict(), headers={"Cache-Control": "no-store"})


def _not_yet(snap: SessionSnapshot, status: gate.Gate) -> dict:
    """The 409's body: which round phases are not complete; with tables, at which tables too."""
    extra = {}
    if snap.has_tables:
        phases = sorted({u.phase for u in status.unheard})
        extra["incomplete_tables"] = [{"table": u.table_name, "phase": u.phase} for u in status.unheard if u.table_name]
    else:
        phases = engine.incomplete_phases(turns.state(snap.id))
    return {
        "detail": "Nog niet iedereen is gehoord. Maak de ronde af of leg op de console een reden vast.",
        "incomplete_phases": phases,
        **extra,
    }


@router.get("/schema/summary.json", summary="Het JSON-schema van de samenvatting (versie 1.0)")
def schema() -> JSONResponse:
    return JSONResponse(content=json_report.schema())
