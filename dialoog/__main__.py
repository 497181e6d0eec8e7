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


def main() -> None:
    cli()


if __name__ in {"__main__", "__mp_main__"}:
    main()
