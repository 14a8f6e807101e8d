"""classroom

Revision ID: 0004_classroom
Revises: 0003_hardening
Create Date: 2026-11-28

The classroom: learners get a role (student or teacher), a slow salted password hash, whether
that password is a one-time one, and the count and lock of wrong sign-ins; decks can be retired
as a whole and carry a teacher's exam date; a learner can keep their own exam date per deck
(exam_date); each review keeps the answer given (JSON text) and whether the app graded it right,
so the class report can show wrong answers, wrong choices and overrides.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_classroom'
down_revision: str | None = '0003_hardening'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('learner', sa.Column('role', sa.String(length=16), nullable=False, server_default='student'))
    op.add_column('learner', sa.Column('password_hash', sa.String(length=255), nullable=True))
    op.add_column('learner', sa.Column('password_temporary', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('learner', sa.Column('failed_signins', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('learner', sa.Column('locked_until', sa.BigInteger(), nullable=False, server_default='0'))
    op.add_column('deck', sa.Column('retired', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('deck', sa.Column('exam_on', sa.String(length=10), nullable=True))
    op.add_column('review', sa.Column('given', sa.Text(), nullable=True))
    op.add_column('review', sa.Column('correct', sa.Boolean(), nullable=True))
    op.create_table('exam_date',
    sa.Column('learner_id', sa.Integer(), nullable=False),
    sa.Column('deck_id', sa.Integer(), nullable=False),
    sa.Column('exam_on', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['learner_id'], ['learner.id'], ),
    sa.ForeignKeyConstraint(['deck_id'], ['deck.id'], ),
    sa.PrimaryKeyConstraint('learner_id', 'deck_id')
    )


def downgrade() -> None:
    op.drop_table('exam_date')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_column('correct')
        batch_op.drop_column('given')
    with op.batch_alter_table('deck', schema=None) as batch_op:
        batch_op.drop_column('exam_on')
        batch_op.drop_column('retired')
    with op.batch_alter_table('learner', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_signins')
        batch_op.drop_column('password_temporary')
        batch_op.drop_column('password_hash')
        batch_op.drop_column('role')
