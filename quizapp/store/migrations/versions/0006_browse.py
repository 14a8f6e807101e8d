"""browse

Revision ID: 0006_browse
Revises: 0005_authoring
Create Date: 2026-11-28

What browse lists and searches, kept in columns so it pages and searches in SQL (issue 15), and
the deck file's hash so an unchanged file is skipped before it is parsed:

- item.prompt, item.answer: the item's prompt and answer as browse shows them;
- item.search: those with the card's key and tags, case-folded, for search (LIKE);
- item.tags: the card's own tags, one a line ("\\ntag\\n"), for the tag filter;
- ix_item_browse (deck_id, id): browse pages a deck in item order;
- deck.file_fingerprint: the SHA-256 of the deck file's text and the source file it names, as
  imported (NULL until the deck is imported again), so an unchanged file is not parsed again.

The text columns of existing items are filled here, from each card's stored content (every row
is kept; nothing else changes).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = '0006_browse'
down_revision: str | None = '0005_authoring'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from quizapp.store.browse_text import refresh_all

    with op.batch_alter_table('item', schema=None) as batch_op:
        for name in ('prompt', 'answer', 'search', 'tags'):
            batch_op.add_column(sa.Column(name, AutoString(), server_default='', nullable=False))
        batch_op.create_index('ix_item_browse', ['deck_id', 'id'], unique=False)
    with op.batch_alter_table('deck', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_fingerprint', AutoString(), nullable=True))
    refresh_all(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('deck', schema=None) as batch_op:
        batch_op.drop_column('file_fingerprint')
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.drop_index('ix_item_browse')
        for name in ('tags', 'search', 'answer', 'prompt'):
            batch_op.drop_column(name)
