"""The full-text index: a table of segmented words, and the database's own index over it.

SQLite: an FTS5 table (unicode61 tokenizer, no diacritic folding, as PostgreSQL's 'simple' configuration)
with the document table as its external content, kept in step by triggers. PostgreSQL: a generated
tsvector column (title weighted A, body B, 'simple' configuration) with a GIN index. Each operation runs
only on its own database.
"""

import django.db.models.deletion
from django.db import migrations, models


class RunSQLOn(migrations.RunSQL):
    """RunSQL that runs only when the database vendor is the one named."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


SQLITE = [
    "CREATE VIRTUAL TABLE textindex_searchdocument_fts USING fts5("
    "title_words, body_words, content='textindex_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER textindex_searchdocument_ai AFTER INSERT ON textindex_searchdocument BEGIN "
    "INSERT INTO textindex_searchdocument_fts(rowid, title_words, body_words) "
    "VALUES (new.id, new.title_words, new.body_words); END",
    "CREATE TRIGGER textindex_searchdocument_ad AFTER DELETE ON textindex_searchdocument BEGIN "
    "INSERT INTO textindex_searchdocument_fts(textindex_searchdocument_fts, rowid, title_words, body_words) "
    "VALUES ('delete', old.id, old.title_words, old.body_words); END",
    "CREATE TRIGGER textindex_searchdocument_au AFTER UPDATE ON textindex_searchdocument BEGIN "
    "INSERT INTO textindex_searchdocument_fts(textindex_searchdocument_fts, rowid, title_words, body_words) "
    "VALUES ('delete', old.id, old.title_words, old.body_words); "
    "INSERT INTO textindex_searchdocument_fts(rowid, title_words, body_words) "
    "VALUES (new.id, new.title_words, new.body_words); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS textindex_searchdocument_au",
    "DROP TRIGGER IF EXISTS textindex_searchdocument_ad",
    "DROP TRIGGER IF EXISTS textindex_searchdocument_ai",
    "DROP TABLE IF EXISTS textindex_searchdocument_fts",
]
POSTGRESQL = [
    "ALTER TABLE textindex_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_words, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_words, '')), 'B')) STORED",
    "CREATE INDEX textindex_searchdocument_vector ON textindex_searchdocument USING GIN (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS textindex_searchdocument_vector",
    "ALTER TABLE textindex_searchdocument DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_deadline_follows_policy'),
        ('textindex', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='类别')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='对象')),
                ('title_words', models.TextField(blank=True, verbose_name='标题分词')),
                ('body_words', models.TextField(blank=True, verbose_name='正文分词')),
                ('dictionary', models.CharField(blank=True, max_length=16, verbose_name='词典版本')),
                ('indexed_at', models.DateTimeField(auto_now=True, verbose_name='索引时间')),
                ('jurisdiction', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='core.jurisdiction', verbose_name='行政区域')),
            ],
            options={
                'verbose_name': '全文索引',
                'verbose_name_plural': '全文索引',
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='search_document_once')],
            },
        ),
        RunSQLOn('sqlite', SQLITE, SQLITE_REVERSE),
        RunSQLOn('postgresql', POSTGRESQL, POSTGRESQL_REVERSE),
    ]
