"""Alembic environment: migrations run on the connection quizapp hands over (see quizapp.migrate)."""

from alembic import context
from sqlmodel import SQLModel

import quizapp.store.models  # noqa: F401 - registers the tables on SQLModel.metadata
from quizapp.store.search_index import not_ours

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    include_name=not_ours,  # the search index's own tables
)
with context.begin_transaction():
    context.run_migrations()
