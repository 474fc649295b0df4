"""Alembic environment: arddesk always hands over an open connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from arddesk.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    # Only for developers running `alembic revision --autogenerate` by hand.
    engine = engine_from_config(
        context.config.get_section(context.config.config_ini_section) or {},
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    connection = engine.connect()

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
