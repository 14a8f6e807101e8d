"""state indexes

Revision ID: 0008_state_indexes
Revises: 0007_search_index
Create Date: 2026-11-28

The statistics read item_state without sorting it (issue 15):

- ix_state_cite now starts with the deck: (learner_id, deck_id, cite_start, cite_end, retired,
  state, suspended, stability, last_review, weight). The per-deck state counts and mastery read it
  in deck order, and the mastery map reads it one deck at a time in the order of the quoted spans.
- ix_state_leech covers its list: (learner_id, lapses, item_id, retired) where leech.
- ix_state_lapses, new: (learner_id, lapses, item_id, retired) where lapses > 0, for the items
  with the most lapses. Answers rewrite its entries only when the lapse count changes (an
  answer's UPDATE sets only the columns that changed).

Only indexes change; every row is kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_state_indexes'
down_revision: str | None = '0007_search_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LAPSED = sa.text("lapses > 0")
LEECH = sa.text("leech")


def upgrade() -> None:
    op.drop_index("ix_state_cite", table_name="item_state")
    op.drop_index("ix_state_leech", table_name="item_state", sqlite_where=LEECH, postgresql_where=LEECH)
    op.create_index("ix_state_cite", "item_state",
                    ["learner_id", "deck_id", "cite_start", "cite_end", "retired", "state", "suspended", "stability",
                     "last_review", "weight"])
    op.create_index("ix_state_leech", "item_state", ["learner_id", "lapses", "item_id", "retired"],
                    sqlite_where=LEECH, postgresql_where=LEECH)
    op.create_index("ix_state_lapses", "item_state", ["learner_id", "lapses", "item_id", "retired"],
                    sqlite_where=LAPSED, postgresql_where=LAPSED)


def downgrade() -> None:
    op.drop_index("ix_state_lapses", table_name="item_state", sqlite_where=LAPSED, postgresql_where=LAPSED)
    op.drop_index("ix_state_leech", table_name="item_state", sqlite_where=LEECH, postgresql_where=LEECH)
    op.drop_index("ix_state_cite", table_name="item_state")
    op.create_index("ix_state_leech", "item_state", ["learner_id", "item_id"], sqlite_where=LEECH, postgresql_where=LEECH)
    op.create_index("ix_state_cite", "item_state",
                    ["learner_id", "cite_start", "cite_end", "deck_id", "state", "stability", "last_review", "retired",
                     "weight"])
