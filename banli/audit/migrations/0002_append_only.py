"""The audit table refuses UPDATE and DELETE in the database itself, and the chain head row exists.

Only records at or below the purge anchor (``audit_chainhead.anchor_id``, moved by ``purge_audit``) may
be deleted; TRUNCATE (PostgreSQL) only when no record above the anchor is left. ``verify_audit`` is the
second line, for someone who bypasses the triggers with the database owner's rights.
"""

from django.db import migrations

ANCHOR = "COALESCE((SELECT anchor_id FROM audit_chainhead WHERE id = 1), 0)"
MESSAGE = "审计记录只能追加，不能修改或删除（audit records are append-only）"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION audit_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND OLD.id <= {ANCHOR} THEN
            RETURN OLD;
        END IF;
        IF TG_OP = 'TRUNCATE' AND NOT EXISTS (SELECT 1 FROM audit_auditrecord WHERE id > {ANCHOR}) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '{MESSAGE}';
    END $$;
    """,
    """CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_auditrecord
       FOR EACH ROW EXECUTE FUNCTION audit_record_guard();""",
    """CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_auditrecord
       FOR EACH STATEMENT EXECUTE FUNCTION audit_record_guard();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_auditrecord;",
    "DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord;",
    "DROP FUNCTION IF EXISTS audit_record_guard();",
]
SQLITE = [
    f"""CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_auditrecord
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_auditrecord
        WHEN OLD.id > {ANCHOR}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_record_no_update;",
    "DROP TRIGGER IF EXISTS audit_record_no_delete;",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


def create_head(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    apps.get_model("audit", "ChainHead").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
