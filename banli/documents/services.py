"""Writes on document templates: storing an uploaded one, switching which one is active."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile

from banli.core.models import User
from banli.core.transactions import writing
from banli.documents.models import DocumentTemplate


def _deactivate_others(template: DocumentTemplate) -> None:
    DocumentTemplate.objects.filter(
        kind=template.kind, jurisdiction=template.jurisdiction, is_active=True
    ).exclude(pk=template.pk).update(is_active=False)


@writing()
def save_template(
    template: DocumentTemplate, user: User, upload: UploadedFile | None = None
) -> DocumentTemplate:
    """Save a template (already checked by ``selection.check_template``).

    With a new file (``upload``, or a template saved for the first time) it records the file's name, hash
    and uploader; when the template is active, the other active template of the same jurisdiction and
    kind is switched off in the same transaction.
    """
    if upload is not None:
        upload.seek(0)
        template.sha256 = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        template.original_name = upload.name[:200]
        template.uploaded_by = user
    elif template.pk is None:
        with template.file.open("rb") as f:
            template.sha256 = hashlib.sha256(f.read()).hexdigest()
        template.original_name = template.file.name.rsplit("/", 1)[-1][:200]
        template.uploaded_by = user
    if template.is_active:
        _deactivate_others(template)
    template.save()
    return template


@writing()
def activate_template(template: DocumentTemplate) -> None:
    """Make ``template`` the one in use for its jurisdiction and kind; the previous one is switched off."""
    _deactivate_others(template)
    DocumentTemplate.objects.filter(pk=template.pk).update(is_active=True)
