"""Wires Dialoog together: settings, database, live hub, static assets and pages."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from nicegui import app, ui

from dialoog import db, gc_tuning, i18n, loop_watchdog, nicegui_speedups
from dialoog.i18n import _
from dialoog.config import get_settings
from dialoog.live import hub
from dialoog.sessions import accounts, lifecycle, turns
from dialoog.sessions.publishing import use_publisher

ASSETS = Path(__file__).resolve().parent.parent / "assets"
if not ASSETS.is_dir():  # installed as a wheel: assets are packaged inside dialoog/
    ASSETS = Path(__file__).resolve().parent / "assets"

log = logging.getLogger("dialoog")


def _startup() -> None:
    settings = get_settings()
    db.configure(settings.resolved_database_url())
    rebuilt = turns.rebuild_open_sessions()  # each state is the fold of its stored events
    log.info("turn-taking state rebuilt for %d open session(s)", rebuilt)
    accounts.ensure_admin(settings.admin_email, settings.admin_password)
    hub.start()
    use_publisher(hub)
    if settings.gc_freeze:
        # Survivors frozen at every collection only when deleted elements leave no cycles behind.
        gc_tuning.install(asyncio.get_running_loop(), freeze_all=nicegui_speedups.deleted_elements_leave_no_cycles())
    loop_watchdog.install(asyncio.get_running_loop())  # a line in the log for any other stall
    _purge(settings.retention_days)
    app.timer(24 * 3600, lambda: _purge(get_settings().retention_days))  # and once a day


def _purge(days: int) -> None:
    purged = lifecycle.purge_expired(days)
    if purged:
        log.info("retention: deleted %d session(s) ended more than %d days ago", purged, days)


def _shutdown() -> None:
    loop_watchdog.uninstall()
    gc_tuning.uninstall()
    hub.stop()
    db.dispose()


def _error_page(exception: Exception) -> None:
    """Whatever went wrong, a person sees a calm page in their language; the details go to the log only."""
    log.error("page failed: %r", exception)
    ui.add_head_html('<link rel="stylesheet" href="/assets/dialoog.css">')
    with ui.column().classes("w-full items-center p-6"):
        with ui.column().classes("d-panel w-full max-w-md gap-4 mt-12"):
            ui.label("Dialoog").classes("d-brand text-3xl")
            ui.label(_("Er ging iets mis aan onze kant.")).classes("text-xl font-bold")
            ui.label(_("Laad de pagina opnieuw. Wat je al had ingevuld of geplaatst, is bewaard.")).classes("text-lg")
            ui.button(_("Opnieuw laden"), on_click=lambda: ui.navigate.reload()).props("unelevated size=lg")


# Quasar's loading bar (shown while the browser fetches) is a progressbar without a name: give it
# the "Loading..." of Quasar's language pack, in the page's language (WCAG 4.1.2, axe aria-progressbar-name).
LOADING_BAR_NAME = """
        Quasar.LoadingBar.setDefaults({'aria-label': Quasar.lang.props.table.loading});
"""


def _name_loading_bar() -> None:
    if LOADING_BAR_NAME not in app.config.vue_config_script:
        app.config.vue_config_script += LOADING_BAR_NAME


def _use_nicegui_speedups() -> None:
    """DIALOOG_NICEGUI_SPEEDUPS: NiceGUI with the shortcuts of nicegui_speedups.py, or as released."""
    if get_settings().nicegui_speedups:
        nicegui_speedups.install()
    else:
        nicegui_speedups.uninstall()
        log.info("NiceGUI speedups off (DIALOOG_NICEGUI_SPEEDUPS=false): NiceGUI runs as released")


def build() -> None:
    """Register pages, assets and life-cycle hooks (once per process, or per test)."""
    _use_nicegui_speedups()
    i18n.install_connection_texts()
    _name_loading_bar()
    from dialoog.pages import auth, console, dashboard, links, phone, projector  # noqa: F401  (registers routes)

    app.on_page_exception(_error_page)
    from dialoog.api import router

    app.include_router(router)
    app.add_static_files("/assets", ASSETS)
    app.on_startup(_startup)
    app.on_shutdown(_shutdown)


def serve(*, host: str | None = None, port: int | None = None, reload: bool = False) -> None:
    settings = get_settings()
    if not logging.getLogger().handlers:  # each line with its time and source; Dialoog's own news too
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        log.setLevel(logging.INFO)
    build()
    public = settings.public_url.startswith("https://")
    ui.run(
        host=host or settings.host,
        port=port or settings.port,
        title="Dialoog",
        language="nl",
        favicon="💬",
        storage_secret=settings.resolved_storage_secret(),
        session_middleware_kwargs={"https_only": public, "same_site": "lax"},
        reload=reload,
        show=False,
        fastapi_docs=True,  # the OpenAPI page at /docs documents the summary API
        # Also sets Socket.IO's ping: every 16 s, answered within 8 s. A full room under load can
        # keep the event loop busy for seconds; at 10 s (answer within 4 s) whole rooms of phones were
        # dropped and reconnected at once. A phone that is gone shows as such within 24 s.
        reconnect_timeout=20.0,
    )
