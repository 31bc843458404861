"""审计记录 in the admin site: read-only for the auditor; nobody adds, edits or deletes one."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from banli.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "created_at",
        "actor_name",
        "capacity",
        "action",
        "object_type",
        "object_label",
        "ip",
    )
    list_filter = ("action",)
    date_hierarchy = "created_at"
    search_fields = ("actor_name", "object_label", "object_id", "ip")
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
