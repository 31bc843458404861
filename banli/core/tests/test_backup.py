"""Backups: the demo city with its files goes into one archive and comes back record for record and byte
for byte, on the same kind of database and on the other; damaged archives and non-empty databases are
refused without a change."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from banli.audit.chain import verify
from banli.audit.models import AuditRecord
from banli.core.backup import (
    BackupError,
    _empty_tables,
    create_backup,
    holds_data,
    media_files,
    restore_backup,
    table_digests,
)
from banli.core.models import User
from banli.core.tests.test_settings import ROOT
from banli.submissions.models import Submission
from banli.submissions.services import add_attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(32))
AUDIT = {"audit.auditrecord", "audit.chainhead"}


@pytest.fixture(autouse=True)
def _fresh_content_types() -> Iterator[None]:
    """A restore may load other content type ids than the test database's; forget them afterwards."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db, media: Path) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """The demo city, two drafts' attachments and a second factor: everything a backup must carry."""
    call_command("load_demo", "--quiet")
    drafts = Submission.objects.filter(state="draft").order_by("pk")[:2]
    for sub, (name, data) in zip(drafts, (("材料.pdf", PDF), ("照片.png", PNG)), strict=True):
        add_attachment(sub, sub.created_by, SimpleUploadedFile(name, data))
    TOTPDevice.objects.create(user=User.objects.get(username="gongwei"), name="动态口令", confirmed=True)
    return SimpleNamespace(media=media)


def files_in(root: Path) -> dict[str, bytes]:
    return {rel: path.read_bytes() for rel, path in media_files()} if root.exists() else {}


def business(digests: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in digests.items() if k not in AUDIT}


def trail(upto: int | None = None) -> list[dict[str, Any]]:
    qs = AuditRecord.objects.order_by("id")
    return list((qs.filter(id__lte=upto) if upto else qs).values())


def empty_everything(media: Path) -> None:
    _empty_tables("default")
    for _rel, path in media_files():
        path.unlink()


def test_the_demo_city_restores_into_an_empty_database_record_for_record(
    demo: SimpleNamespace, tmp_path: Path
) -> None:
    digests, files, records = table_digests(), files_in(demo.media), trail()
    assert len(files) == 2 and digests["submissions.submission"][0] >= 20 and len(records) > 100

    summary = create_backup(tmp_path / "backups/")
    empty_everything(demo.media)
    assert not holds_data() and not media_files()
    call_command("restore", str(summary.path))

    assert business(table_digests()) == business(digests)
    assert files_in(demo.media) == files
    assert trail(records[-1]["id"]) == records  # the trail up to the backup, untouched
    assert AuditRecord.objects.order_by("-id").first().action == "restore"  # type: ignore[union-attr]
    assert verify().ok
    assert summary.tables["core.user"] == User.objects.count() and summary.files == 2
    with tarfile.open(summary.path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["tables"]["submissions.submission"]["rows"] == digests["submissions.submission"][0]
    assert set(manifest["files"]) == set(files)
    assert "sessions.session" not in manifest["tables"]


def test_a_database_with_data_is_refused_unless_forced(demo: SimpleNamespace, tmp_path: Path) -> None:
    archive = create_backup(tmp_path / "a.tar.gz").path
    Submission.objects.filter(state="draft").update(title="改过的案由")
    before = table_digests()

    with pytest.raises(CommandError, match="目标数据库中已有数据"):
        call_command("restore", str(archive))
    assert table_digests() == before

    call_command("restore", str(archive), "--force")
    assert not Submission.objects.filter(title="改过的案由").exists()
    assert verify().ok


def _rewrite(archive: Path, out: Path, change: dict[str, bytes]) -> Path:
    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = change.get(member.name, src.extractfile(member).read())  # type: ignore[union-attr]
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def test_a_damaged_or_foreign_archive_is_refused_and_changes_nothing(
    demo: SimpleNamespace, tmp_path: Path
) -> None:
    archive = create_backup(tmp_path / "a.tar.gz").path
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    name = manifest["tables"]["submissions.submission"]["file"]
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", {name: b'{"model": "submissions.submission"}\n'})
    older = _rewrite(
        archive,
        tmp_path / "older.tar.gz",
        {"manifest.json": json.dumps({**manifest, "migrations": manifest["migrations"][:-1]}).encode()},
    )
    not_ours = tmp_path / "not-ours.tar.gz"
    not_ours.write_bytes(b"PK\x03\x04 this is no backup")
    before = table_digests()

    for path, message in (
        (damaged, "校验值与清单不符"),
        (older, "数据库结构（迁移）与当前程序不同"),
        (not_ours, "无法读取备份文件"),
    ):
        with pytest.raises(BackupError, match=message):
            restore_backup(path, force=True)

    assert table_digests() == before


# ---- between SQLite and PostgreSQL -------------------------------------------------------------------------

DIGESTS = (
    "import json; from banli.core.backup import table_digests; from banli.audit.models import AuditRecord;"
    "d = table_digests(); print(json.dumps({'digests': d, 'last': AuditRecord.objects.order_by('-id').first().action}))"
)


def on_fresh_sqlite(tmp_path: Path, *steps: list[str]) -> str:
    """Run manage.py steps, then print the digests, in a new process on a new SQLite database."""
    var = tmp_path / "other"
    var.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env |= {"BANLI_VAR_DIR": str(var), "DATABASE_URL": f"sqlite:///{var / 'other.sqlite3'}"}

    def run(args: list[str]) -> str:
        done = subprocess.run(
            args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"])
    for step in steps:
        run([sys.executable, "manage.py", *step])
    return run([sys.executable, "-c", f"import django; django.setup(); {DIGESTS}"]).strip().splitlines()[-1]


def test_this_database_restores_into_a_new_sqlite_one(demo: SimpleNamespace, tmp_path: Path) -> None:
    digests = table_digests()
    archive = create_backup(tmp_path / "a.tar.gz").path

    other = json.loads(on_fresh_sqlite(tmp_path, ["restore", str(archive)]))

    assert business(other["digests"]) == json.loads(json.dumps(business(digests)))
    assert other["last"] == "restore"
    assert other["digests"]["audit.auditrecord"][0] == digests["audit.auditrecord"][0] + 1  # + the restore


def test_a_backup_of_a_sqlite_database_restores_into_this_one(db, media: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "from-sqlite.tar.gz"
    source = json.loads(on_fresh_sqlite(tmp_path, ["load_demo", "--quiet"], ["backup", str(archive)]))
    empty_everything(media)

    restore_backup(archive)

    assert business(json.loads(json.dumps(table_digests()))) == business(source["digests"])
    assert verify().ok
