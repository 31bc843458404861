"""管理后台: the reminder policy is configuration; the ledger and the outbound queue are read-only
records (failed sends can be queued again)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from banli.core.admin import ReadOnlyAdmin
from banli.notifications.models import Delivery, Digest, OutboundState, Reminder, ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ("jurisdiction", "warning_days", "overdue_notice", "overdue_repeat_days")
    list_select_related = ("jurisdiction",)
    autocomplete_fields = ("jurisdiction",)
    fields = ("jurisdiction", "warning_days", "overdue_notice", "overdue_repeat_days")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "deadline", "kind", "round", "due_on", "recipient_count")
    list_filter = ("kind", "deadline__duty")
    list_select_related = ("deadline",)
    date_hierarchy = "created_at"

    @admin.display(description="接收人数")
    def recipient_count(self, obj: Reminder) -> int:
        return len(obj.recipients)


@admin.action(description="重新发送所选的失败记录")
def send_again(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
    count = queryset.filter(state=OutboundState.FAILED).update(
        state=OutboundState.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_by=None
    )
    modeladmin.message_user(request, f"已重新排队 {count} 条，工作进程将在下一轮发送。", messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "channel", "state", "attempts", "sent_at", "last_error")
    list_filter = ("state", "channel")
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "recipient__full_name")
    actions = [send_again]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ("day", "recipient", "state", "attempts", "sent_at", "last_error")
    list_filter = ("state",)
    list_select_related = ("recipient",)
    actions = [send_again]
