"""hardening: review ids are never reused

Revision ID: 0003_hardening
Revises: 0002
Create Date: 2026-11-28

SQLite gives a new row the largest id plus one, so the id of an undone answer (its row deleted)
went to the next answer. The review table is rebuilt with AUTOINCREMENT, whose counter
(sqlite_sequence) only grows; its rows, indexes and foreign keys are copied as they are.
PostgreSQL's sequences never hand an id out twice, so nothing changes there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_hardening"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("review", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("review", recreate="always", table_kwargs={"sqlite_autoincrement": False}):
        pass
