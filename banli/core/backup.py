"""Backups: every table and every uploaded file in one .tar.gz, restorable on SQLite or PostgreSQL.

The archive holds ``manifest.json`` (format, version, when, the source database's kind, the applied
migrations, per table the row count and the SHA-256 of its dump, per file its size and SHA-256), then
``db/<app_label.model>.jsonl`` (Django's JSON-lines serialisation, primary keys kept, so the data does
not depend on the database kind) and ``media/<path>`` for every file under ``MEDIA_ROOT``.

The dump is one read transaction (REPEATABLE READ on PostgreSQL; on SQLite the IMMEDIATE transaction
holds writers back while it runs), so the tables agree with each other. Sessions are not kept: a restore
logs everyone out. A restore checks the whole archive against its manifest before it touches anything,
refuses a database that holds data (accounts, jurisdictions or audit records) or a non-empty media folder
unless forced, needs the same migrations as the source, then empties every table and loads the archive in
one transaction, and moves the files into place last.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT, VERSION = "banli-backup", 1
#: Not kept: who is logged in now means nothing after a restore.
SKIPPED = {"sessions.session"}
CHUNK = 1 << 20


class PreciseEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's drops them to milliseconds, which
    would change every timestamp, and so every audit record's hash, on the way back)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """Refused or failed; the message says why, in Chinese."""


@dataclass
class Summary:
    path: Path
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    warnings: list[str] = field(default_factory=list)


def backed_up_models() -> list[type[models.Model]]:
    return sorted(
        (
            m
            for m in apps.get_models()
            if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in SKIPPED
        ),
        key=lambda m: m._meta.label_lower,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations(using: str) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted((p.relative_to(root).as_posix(), p) for p in root.rglob("*") if p.is_file())


def _archive_path(given: Path | str) -> Path:
    target = Path(given)
    if target.is_dir() or str(given).endswith(("/", os.sep)):
        target.mkdir(parents=True, exist_ok=True)
        return target / f"banli-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _dump(folder: Path, using: str) -> dict[str, dict[str, Any]]:
    """Every table as JSON lines, in one consistent read."""
    tables: dict[str, dict[str, Any]] = {}
    outermost = not connections[using].in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in backed_up_models():
            label = model._meta.label_lower
            path = folder / f"{label}.jsonl"
            qs = model._base_manager.using(using).order_by("pk")
            with path.open("w", encoding="utf-8") as out:
                serializers.serialize("jsonl", qs.iterator(chunk_size=2000), stream=out, cls=PreciseEncoder)
            tables[label] = {"rows": qs.count(), "file": f"db/{label}.jsonl", "sha256": _sha256(path)}
    return tables


def create_backup(target: Path | str, using: str = "default") -> Summary:
    """Write the archive (to ``target``, or into it when it is a folder); answers what it holds.

    Reads the whole database and MEDIA_ROOT; writes one audit record (``backup``) afterwards.
    """
    path = _archive_path(target)
    summary = Summary(path)
    with tempfile.TemporaryDirectory(prefix="banli-backup-") as tmp:
        tables = _dump(Path(tmp), using)
        files = {rel: {"size": p.stat().st_size, "sha256": _sha256(p)} for rel, p in media_files()}
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connections[using].vendor,
            "migrations": applied_migrations(using),
            "tables": tables,
            "files": files,
        }
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname="manifest.json")
            for label, info in tables.items():
                tar.add(Path(tmp) / f"{label}.jsonl", arcname=info["file"])
            for rel, p in media_files():
                if rel in files:
                    tar.add(p, arcname=f"media/{rel}")
        partial.replace(path)
    summary.tables = {label: info["rows"] for label, info in tables.items()}
    summary.files = len(files)
    summary.warnings = _missing_attachments(using)
    _audit("backup", summary, using)
    return summary


def _missing_attachments(using: str) -> list[str]:
    from banli.core.models import Attachment

    root = Path(settings.MEDIA_ROOT)
    names = Attachment.objects.using(using).values_list("file", flat=True)
    return [f"附件文件缺失：{name}" for name in names if not (root / name).is_file()]


def _audit(action: str, summary: Summary, using: str) -> None:
    from banli.audit.log import audit

    audit(
        action,
        using=using,
        object_type="backup",
        object_label=summary.path.name,
        detail={"rows": sum(summary.tables.values()), "tables": len(summary.tables), "files": summary.files},
    )


# ---- restore ------------------------------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def read_archive(archive: Path, folder: Path) -> dict[str, Any]:
    """Unpack into ``folder`` what the manifest lists, checking every checksum; answer the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            return _unpack(tar, folder)
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(f"无法读取备份文件 {archive}：{exc}") from exc


def _unpack(tar: tarfile.TarFile, folder: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile("manifest.json")
        manifest = json.load(member) if member else None
    except (KeyError, ValueError) as exc:
        raise BackupError("备份文件中没有有效的清单（manifest.json），不是本系统的备份。") from exc
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("version") != VERSION
    ):
        raise BackupError("备份文件的格式或版本不符，不是本系统的备份。")
    wanted = {info["file"]: info["sha256"] for info in manifest["tables"].values()}
    wanted |= {f"media/{rel}": info["sha256"] for rel, info in manifest["files"].items()}
    for member in tar.getmembers():
        if member.name not in wanted:
            continue
        if not member.isfile() or not _safe_member(member.name):
            raise BackupError(f"备份文件中的“{member.name}”不是普通文件，已拒绝。")
        target = folder / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        if source is None:
            raise BackupError(f"无法读取备份文件中的“{member.name}”。")
        with target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        if _sha256(target) != wanted.pop(member.name):
            raise BackupError(f"备份文件已损坏：“{member.name}”的校验值与清单不符。")
    if wanted:
        raise BackupError(f"备份文件不完整，缺少：{'、'.join(sorted(wanted)[:5])}。")
    return manifest


def holds_data(using: str = "default") -> bool:
    """Does the database hold anything a restore would destroy (accounts, jurisdictions, audit records)?"""
    from banli.audit.models import AuditRecord
    from banli.core.models import Jurisdiction, User

    return any(m.objects.using(using).exists() for m in (User, Jurisdiction, AuditRecord))


def _empty_tables(using: str) -> None:
    from banli.audit.retention import discard_all

    connection = connections[using]
    discard_all(using)  # the audit table allows deleting anchored records only
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction: run them now
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # the load comes in any order


def _load(folder: Path, manifest: dict[str, Any], using: str) -> None:
    ours = {m._meta.label_lower: m for m in backed_up_models()}
    unknown = set(manifest["tables"]) - set(ours)
    if unknown:
        raise BackupError(f"备份中有本系统没有的数据表：{'、'.join(sorted(unknown))}。")
    for label, info in manifest["tables"].items():
        with (folder / info["file"]).open(encoding="utf-8") as stream:
            for obj in serializers.deserialize("jsonl", stream, using=using):
                obj.save(using=using)
        loaded = ours[label]._base_manager.using(using).count()
        if loaded != info["rows"]:
            raise BackupError(f"数据表 {label} 恢复后为 {loaded} 行，清单为 {info['rows']} 行。")
    connection = connections[using]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(ours.values())):
            cursor.execute(sql)


def restore_backup(archive: Path | str, *, force: bool = False, using: str = "default") -> Summary:
    """Replace the database's content and the uploaded files with the archive's.

    Refuses (changing nothing) a damaged or foreign archive, other migrations than the source's, and
    unless ``force`` a database holding data or a non-empty MEDIA_ROOT. Writes one audit record
    (``restore``) at the end of the restored trail.
    """
    archive = Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="banli-restore-") as tmp:
        folder = Path(tmp)
        manifest = read_archive(archive, folder)
        if manifest["migrations"] != applied_migrations(using):
            raise BackupError(
                "备份时的数据库结构（迁移）与当前程序不同。请用备份时的程序版本执行 migrate 后恢复，再升级。"
            )
        if not force and holds_data(using):
            raise BackupError("目标数据库中已有数据（账号、行政区域或审计记录）。确需覆盖，请加 --force。")
        if not force and media_files():
            raise BackupError(f"附件目录 {media_root} 不是空的。确需覆盖，请加 --force。")
        with transaction.atomic(using=using):
            _empty_tables(using)
            _load(folder, manifest, using)
        ContentType.objects.clear_cache()
        for rel in manifest["files"]:
            target = media_root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(folder / "media" / rel), target)
    summary = Summary(archive, {k: v["rows"] for k, v in manifest["tables"].items()}, len(manifest["files"]))
    _audit("restore", summary, using)
    return summary


def table_digests(using: str = "default") -> dict[str, tuple[int, str]]:
    """(rows, SHA-256 of the rows in primary-key order) of every table: equal digests, equal data."""
    out: dict[str, tuple[int, str]] = {}
    for model in backed_up_models():
        rows = serializers.serialize("python", model._base_manager.using(using).order_by("pk"))
        text = json.dumps(rows, cls=PreciseEncoder, sort_keys=True, ensure_ascii=False)
        out[model._meta.label_lower] = (len(rows), hashlib.sha256(text.encode()).hexdigest())
    return out
