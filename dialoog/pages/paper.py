"""'Papieren materiaal': the paper kit of a session (table sign, question cards, rules, pledge sheet)
as one PDF, for the organiser to print. The dashboard's button calls ``download_paper_kit``."""

from __future__ import annotations

import logging

from nicegui import run, ui

from dialoog.i18n import _
from dialoog.net import join_url
from dialoog.pages.common import SORRY, attempt, still_logged_in
from dialoog.sessions import facilitation, paper_kit
from dialoog.sessions.views import load_snapshot

log = logging.getLogger("dialoog")


def _build(session_id: int) -> tuple[bytes, str] | None:
    """(PDF, file name) of the session's paper kit, from a fresh snapshot; None if the session is gone."""
    snap = load_snapshot(session_id)
    if snap is None:
        return None
    return paper_kit.render(snap, join_url(snap.join_code)), paper_kit.filename(snap)


async def download_paper_kit(session_id: int, organiser_id: int) -> None:
    """Build the paper kit in a worker thread and hand it to the browser; only for the session's organiser."""
    ok, _result = attempt(lambda: still_logged_in(organiser_id))  # a page older than a logout
    if not ok:
        return
    if not await run.io_bound(facilitation.owns, organiser_id, session_id):
        ui.notify(_("Alleen de organisator van deze sessie kan het papieren materiaal downloaden."),
                  type="warning", position="top", multi_line=True)
        return
    try:
        built = await run.io_bound(_build, session_id)
    except Exception:  # noqa: BLE001 - a message for the person, details in the log
        log.exception("paper kit of session %s failed", session_id)
        ui.notify(_(SORRY), type="warning", position="top", multi_line=True)
        return
    if built is None:
        ui.notify(_("Deze sessie bestaat niet meer."), type="warning", position="top")
        return
    content, name = built
    ui.download(content, name, "application/pdf")
