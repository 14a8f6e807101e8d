"""authoring

Revision ID: 0005_authoring
Revises: 0004_classroom
Create Date: 2026-11-28

Where each deck and card was written, so the app can open a card in an editor, and every excerpt
of a card that quotes its source in several places:

- deck.file_path: the deck file's absolute path on the machine that imported it (NULL for decks
  imported before this revision, until they are imported again);
- card.line: the line of the card in that file;
- card.quotes: every excerpt of a card whose quote is a list, with its span in the source, as JSON
  [{"text", "start", "end"}]; NULL for a card with one excerpt (quote, quote_start and quote_end
  hold it, and hold the first excerpt of a list too, for the mastery index).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = '0005_authoring'
down_revision: str | None = '0004_classroom'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('deck', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_path', AutoString(), nullable=True))
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.add_column(sa.Column('line', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quotes', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('card', schema=None) as batch_op:
        batch_op.drop_column('quotes')
        batch_op.drop_column('line')
    with op.batch_alter_table('deck', schema=None) as batch_op:
        batch_op.drop_column('file_path')
