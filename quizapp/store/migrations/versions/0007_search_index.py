"""search index

Revision ID: 0007_search_index
Revises: 0006_browse
Create Date: 2026-11-28

The trigram index browse searches on SQLite (quizapp.store.search_index, issue 15): an FTS5
table over item.search with the triggers that keep it in step, filled from the items there.
Nothing is made on PostgreSQL, nor on an SQLite without FTS5's trigram tokenizer (search then
reads every item, as before). A later batch migration that rebuilds the item table must make
the triggers again (SQLite drops them with the table).
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0007_search_index'
down_revision: str | None = '0006_browse'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from quizapp.store import search_index

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        search_index.create(bind, fill=True)


def downgrade() -> None:
    from quizapp.store import search_index

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        search_index.drop(bind)
