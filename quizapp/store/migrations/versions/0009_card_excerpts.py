"""card excerpts

Revision ID: 0009_card_excerpts
Revises: 0008_state_indexes
Create Date: 2026-11-29

The source reader counts the cards citing each sentence from the span index, which holds each
card's first excerpt; the cards quoting several places of the source (a few) add their other
excerpts. Finding those few read the whole card table (0.4 s at a million cards): this partial
index holds only them, by deck.

Only an index is added; every row is kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_card_excerpts'
down_revision: str | None = '0008_state_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXCERPTS = sa.text("quotes IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_card_excerpts", "card", ["deck_id", "retired"], sqlite_where=EXCERPTS, postgresql_where=EXCERPTS)


def downgrade() -> None:
    op.drop_index("ix_card_excerpts", table_name="card", sqlite_where=EXCERPTS, postgresql_where=EXCERPTS)
