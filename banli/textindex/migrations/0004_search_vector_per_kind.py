"""PostgreSQL: one GIN index of the search vector per kind of document instead of one for all, so a
search of one kind (the portal's replies, the lists' items) reads one index, not the vector index ANDed
with the kind's 120,000 rows. SQLite's FTS5 table is not concerned."""

import importlib

from django.db import migrations

RunSQLOn = importlib.import_module("banli.textindex.migrations.0002_searchdocument").RunSQLOn

KINDS = ("publication", "submission")
FORWARD = [
    *(
        f"CREATE INDEX textindex_vector_{kind} ON textindex_searchdocument USING GIN (search_vector) "
        f"WHERE kind = '{kind}'"
        for kind in KINDS
    ),
    "DROP INDEX IF EXISTS textindex_searchdocument_vector",
]
BACKWARD = [
    "CREATE INDEX textindex_searchdocument_vector ON textindex_searchdocument USING GIN (search_vector)",
    *(f"DROP INDEX IF EXISTS textindex_vector_{kind}" for kind in KINDS),
]


class Migration(migrations.Migration):
    dependencies = [("textindex", "0003_merge_0002_recommender_0002_searchdocument")]

    operations = [RunSQLOn("postgresql", FORWARD, BACKWARD)]
