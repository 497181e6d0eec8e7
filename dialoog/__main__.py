"""The `dialoog` command: `dialoog run` starts the app."""

from __future__ import annotations

import typer

cli = typer.Typer(help="Dialoog: buurtgesprekken waarin iedereen gehoord wordt.", no_args_is_help=True)


@cli.command()
def run(
    host: str = typer.Option(None, help="Adres om op te luisteren (standaard DIALOOG_HOST of 0.0.0.0)."),
    port: int = typer.Option(None, help="Poort (standaard DIALOOG_PORT of 8080)."),
) -> None:
    """Start Dialoog (SQLite in ./data tenzij DIALOOG_DATABASE_URL iets anders zegt)."""
    from dialoog.app import serve

    serve(host=host, port=port)


@cli.command()
def migrate() -> None:
    """Breng de database naar de nieuwste versie (gebeurt ook bij het starten)."""
    from dialoog import db
    from dialoog.config import get_settings

    db.configure(get_settings().resolved_database_url())
    typer.echo("Database is bijgewerkt.")


@cli.command()
def backup(path: str = typer.Argument(..., help="Waar de kopie komt, bijvoorbeeld backups/dialoog-2026-11-22.db")) -> None:
    """Maak een consistente kopie van de SQLite-database, ook terwijl Dialoog draait."""
    from dialoog.backup import backup as make_backup

    _copy_database(make_backup, path, "Kopie gemaakt: {path} ({sessions} sessies).")


@cli.command()
def restore(path: str = typer.Argument(..., help="De kopie die terug moet")) -> None:
    """Zet een kopie terug. Stop Dialoog eerst; de huidige database wordt vervangen."""
    from dialoog.backup import restore as put_back

    _copy_database(
        put_back, path, "Teruggezet: {path} ({sessions} sessies). Start Dialoog nu weer met `dialoog run`."
    )


def _copy_database(copy, path: str, done: str) -> None:
    """Run ``copy(database_url, path)`` (a backup or a restore) and say how it went; exit 1 on failure."""
    from pathlib import Path

    from dialoog.backup import BackupError
    from dialoog.config import get_settings

    try:
        sessions = copy(get_settings().resolved_database_url(), Path(path))
    except BackupError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(done.format(path=path, sessions=sessions))


def main() -> None:
    """The console script's entry point."""
    cli()


if __name__ in {"__main__", "__mp_main__"}:
    main()
