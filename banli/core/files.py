"""Uploads: the one check every stage's attachments go through (content, not name; size), and storing
them as :class:`~banli.core.models.Attachment` rows of any object."""

from __future__ import annotations

import hashlib
import io
import zipfile

import puremagic
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from banli.core.models import Attachment
from banli.core.models.org import User
from banli.core.workflow import GuardFailed

#: What may be attached: PDF, Word and images, recognised by their content, not their name.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "image/jpeg": "图片",
    "image/png": "图片",
    "image/gif": "图片",
    "image/bmp": "图片",
}


def sniff(data: bytes) -> str | None:
    """The MIME type the content shows, among the allowed ones, or None."""
    try:
        mime = puremagic.from_string(data[:8192] if not data.startswith(b"PK") else data, mime=True)
    except (puremagic.PureError, ValueError):
        return None
    if mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        # a .docx is a zip: make sure it really is a Word document, not any archive renamed
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" not in zf.namelist():
                    return None
        except zipfile.BadZipFile:
            return None
    return mime if mime in ALLOWED_TYPES else None


def checked_upload(upload: UploadedFile, limit_mb: int) -> tuple[bytes, str]:
    """Read an upload and check it: at most ``limit_mb``, and a PDF, Word or image by its content.
    Returns (content, MIME type); raises ``GuardFailed`` with a Chinese reason otherwise."""
    limit = limit_mb * 1024 * 1024
    if upload.size and upload.size > limit:
        raise GuardFailed(f"附件“{upload.name}”超过 {limit_mb} MB 的上限。")
    data = upload.read()
    if len(data) > limit:
        raise GuardFailed(f"附件“{upload.name}”超过 {limit_mb} MB 的上限。")
    mime = sniff(data)
    if mime is None:
        raise GuardFailed(f"附件“{upload.name}”不是可接受的 PDF、Word 或图片文件。")
    return data, mime


def store_attachment(
    target: models.Model,
    actor: User,
    upload: UploadedFile,
    *,
    limit_mb: int,
    submission: models.Model | None = None,
) -> Attachment:
    """Check an upload (:func:`checked_upload`) and store it as an attachment of ``target``, listed under
    ``submission`` when given. The stored name is the content hash. Call inside the caller's transaction:
    a refused file raises before anything is written."""
    data, mime = checked_upload(upload, limit_mb)
    digest = hashlib.sha256(data).hexdigest()
    att = Attachment(
        jurisdiction_id=target.jurisdiction_id,  # type: ignore[attr-defined]
        submission=submission,
        content_type=ContentType.objects.get_for_model(type(target)),
        object_id=target.pk,
        name=(upload.name or "附件")[-200:],
        mime_type=mime,
        size=len(data),
        sha256=digest,
        uploaded_by=actor,
    )
    att.file.save(digest, ContentFile(data), save=False)
    att.save()
    return att
