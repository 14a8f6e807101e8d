"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-27

The tables of the first release: learners, sources, decks, cards, items, scheduling state, the
review log and its hourly summary.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('learner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', AutoString(length=255), nullable=False),
    sa.Column('sha256', AutoString(length=64), nullable=False),
    sa.Column('text', AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('deck',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', AutoString(length=64), nullable=False),
    sa.Column('title', AutoString(), nullable=False),
    sa.Column('description', AutoString(), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('content_hash', AutoString(length=64), nullable=False),
    sa.Column('cards', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    op.create_table('card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=False),
    sa.Column('key', AutoString(length=64), nullable=False),
    sa.Column('type', AutoString(length=16), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('quote', AutoString(), nullable=True),
    sa.Column('quote_start', sa.Integer(), nullable=True),
    sa.Column('quote_end', sa.Integer(), nullable=True),
    sa.Column('explanation', AutoString(), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('content_hash', AutoString(length=64), nullable=False),
    sa.Column('updated_at', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['deck_id'], ['deck.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('deck_id', 'key')
    )
    op.create_table('review_hour',
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=False),
    sa.Column('hour', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('recalled', sa.Integer(), nullable=False),
    sa.Column('duration_ms', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['deck_id'], ['deck.id'], ),
    sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], ),
    sa.PrimaryKeyConstraint('learner_id', 'deck_id', 'hour', 'state', 'bucket')
    )
    op.create_table('item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=False),
    sa.Column('key', AutoString(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['card.id'], ),
    sa.ForeignKeyConstraint(['deck_id'], ['deck.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('card_id', 'key')
    )
    with op.batch_alter_table('item', schema=None) as batch_op:
        batch_op.create_index('ix_item_deck_order', ['deck_id', 'retired', 'position'], unique=False)

    op.create_table('item_state',
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=True),
    sa.Column('stability', sa.Float(), nullable=True),
    sa.Column('difficulty', sa.Float(), nullable=True),
    sa.Column('due', sa.BigInteger(), nullable=False),
    sa.Column('last_review', sa.BigInteger(), nullable=True),
    sa.Column('reps', sa.Integer(), nullable=False),
    sa.Column('lapses', sa.Integer(), nullable=False),
    sa.Column('suspended', sa.Boolean(), nullable=False),
    sa.Column('buried_until', sa.BigInteger(), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('leech', sa.Boolean(), nullable=False),
    sa.Column('fails', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('cite_start', sa.Integer(), nullable=True),
    sa.Column('cite_end', sa.Integer(), nullable=True),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['deck_id'], ['deck.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['item.id'], ),
    sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], ),
    sa.PrimaryKeyConstraint('learner_id', 'item_id')
    )
    with op.batch_alter_table('item_state', schema=None) as batch_op:
        batch_op.create_index(
            "ix_state_cite",
            ["learner_id", "cite_start", "cite_end", "deck_id", "state", "stability", "last_review", "retired", "weight"],
            unique=False,
        )
        batch_op.create_index(
            "ix_state_leech",
            ["learner_id", "item_id"],
            unique=False,
            sqlite_where=sa.text("leech"),
            postgresql_where=sa.text("leech"),
        )
        batch_op.create_index(
            "ix_state_study",
            [
                "learner_id",
                "retired",
                "state",
                "suspended",
                "due",
                "deck_id",
                "buried_until",
                "stability",
                "last_review",
                "lapses",
                "item_id",
            ],
            unique=False,
        )

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.BigInteger(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("auto_graded", sa.Boolean(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("elapsed", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learner.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index("ix_review_item", ["item_id", "reviewed_at"], unique=False)
        batch_op.create_index("ix_review_learner_time", ["learner_id", "reviewed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_learner_time")
        batch_op.drop_index("ix_review_item")

    op.drop_table("review")
    with op.batch_alter_table("item_state", schema=None) as batch_op:
        batch_op.drop_index("ix_state_study")
        batch_op.drop_index("ix_state_leech", sqlite_where=sa.text("leech"), postgresql_where=sa.text("leech"))
        batch_op.drop_index("ix_state_cite")

    op.drop_table("item_state")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index("ix_item_deck_order")

    op.drop_table("item")
    op.drop_table("review_hour")
    op.drop_table("card")
    op.drop_table("deck")
    op.drop_table("source")
    op.drop_table("learner")
