"""Put every existing item into the full-text index (kind "submission"), so the lists' search finds items
written before the index held them. Idempotent: items already indexed are left alone."""

from django.db import migrations

BATCH = 2000


def index_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from banli.textindex.fulltext import indexed_text
    from banli.textindex.segment import dictionary_version

    Submission = apps.get_model("submissions", "Submission")
    SearchDocument = apps.get_model("textindex", "SearchDocument")
    db = schema_editor.connection.alias
    done = set(SearchDocument.objects.using(db).filter(kind="submission").values_list("object_id", flat=True))
    version = dictionary_version()
    rows = []
    items = Submission.objects.using(db).only("pk", "jurisdiction_id", "title", "problem", "advice")
    for sub in items.order_by("pk").iterator(chunk_size=BATCH):
        if sub.pk in done:
            continue
        body = "\n".join(part for part in (sub.problem, sub.advice) if part)
        rows.append(
            SearchDocument(
                kind="submission",
                object_id=sub.pk,
                jurisdiction_id=sub.jurisdiction_id,
                title_words=indexed_text(sub.title),
                body_words=indexed_text(body),
                dictionary=version,
            )
        )
        if len(rows) >= BATCH:
            SearchDocument.objects.using(db).bulk_create(rows)
            rows = []
    SearchDocument.objects.using(db).bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0004_submission_lead_leader"),
        ("textindex", "0003_merge_0002_recommender_0002_searchdocument"),
    ]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop, elidable=True)]
