"""Everything SQL: the database, tables, migrations, item states, the queue, queries and import.

Importing this package is cheap; SQLAlchemy loads with the modules that need it.
"""
