"""Alembic environment: runs on the connection Dialoog hands it, or on DIALOOG_DATABASE_URL."""

from alembic import context
from sqlmodel import SQLModel

from dialoog import models  # noqa: F401  (registers the tables on the metadata)

target_metadata = SQLModel.metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    from dialoog.config import get_settings
    from dialoog.db import make_engine

    with make_engine(get_settings().resolved_database_url()).begin() as conn:
        run_with(conn)
