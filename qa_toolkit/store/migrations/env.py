"""Alembic environment of the results store: migrations run on the connection the store
opened (`config.attributes["connection"]`), never from a configuration file."""

from alembic import context

from qa_toolkit.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
