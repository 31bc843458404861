"""管理后台: configuration of the organisation, users and roles, and the calendar.

Business records (submissions, assignments, events, deadlines) are shown read-only: they change only
through the workflow services, which write the event log.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse

from banli.core.calendar import unconfirmed_next_year
from banli.core.models import (
    Assembly,
    CalendarDay,
    Category,
    Deadline,
    Event,
    Jurisdiction,
    Member,
    Role,
    Session,
    Unit,
    User,
)
from banli.core.models.org import ADMIN_ROLES, UNIT_ROLES, RoleCode
from banli.core.policies import forget as forget_roles
from banli.core.roles import separation_error
from banli.core.transactions import writing

admin.site.site_header = "建议提案办理系统 管理后台"
admin.site.site_title = "建议提案办理系统 管理后台"
admin.site.index_title = "系统配置"

_site_index = admin.site.index


def _index(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin index, with next year's calendar status for the warning banner (admin/index.html)."""
    context = {"calendar_unconfirmed_year": unconfirmed_next_year(), **(extra_context or {})}
    return _site_index(request, context)


# The index view is looked up when admin.site.urls is first built, after this module is imported.
admin.site.index = _index  # type: ignore[method-assign]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the application's services: nobody adds, edits or deletes them here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# ---- organisation ----------------------------------------------------------------------------------


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ("number", "name", "opens_on", "closes_on")


@admin.register(Assembly)
class AssemblyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "short_name",
        "kind",
        "term",
        "start_year",
        "end_year",
        "is_current",
        "jurisdiction",
    )
    list_filter = ("kind", "is_current", "jurisdiction")
    search_fields = ("name", "short_name")
    list_select_related = ("jurisdiction",)
    inlines = (SessionInline,)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "system", "jurisdiction", "phone", "sort", "is_active")
    list_filter = ("kind", "system", "jurisdiction", "is_active")
    search_fields = ("name", "short_name")
    list_select_related = ("jurisdiction",)
    autocomplete_fields = ("parent",)
    ordering = ("jurisdiction", "kind", "sort", "name")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "committee", "jurisdiction", "sort")
    list_filter = ("jurisdiction",)
    search_fields = ("name",)
    list_select_related = ("parent", "committee", "jurisdiction")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "assembly", "delegation", "sector", "employer", "user", "is_active")
    list_filter = ("assembly__kind", "is_active", "assembly")
    search_fields = ("name", "mobile", "employer", "delegation", "sector", "user__username")
    list_select_related = ("assembly", "user")
    autocomplete_fields = ("user",)


# ---- users and roles ----------------------------------------------------------------------------------


def unit_error(code: str, unit: Unit | None, jurisdiction: Jurisdiction | None) -> tuple[str, str] | None:
    """(field, message) when a role's unit does not fit its kind, or None."""
    label = RoleCode(code).label
    if code in UNIT_ROLES:
        if unit is None:
            return "unit", f"“{label}”须指定所在单位。"
        if unit.kind not in UNIT_ROLES[code]:
            return "unit", f"“{label}”不能设在“{unit.get_kind_display()}”类单位。"
        if jurisdiction is not None and unit.jurisdiction_id != jurisdiction.pk:
            return "unit", "单位不属于所选行政区域。"
    elif unit is not None:
        return "unit", f"“{label}”不属于任何单位，请将单位留空。"
    return None


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ("user", "code", "jurisdiction", "unit", "title")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("code"):
            error = unit_error(data["code"], data.get("unit"), data.get("jurisdiction"))
            if error:
                self.add_error(*error)
        return data


class RoleFormSet(BaseInlineFormSet):
    """The rules the Role model does not enforce by itself: unit roles in units of the right kind and
    jurisdiction, and the separation of the three administrators (三员分立)."""

    def clean(self) -> None:
        super().clean()
        admin_roles: list[str] = []
        codes: list[str] = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("code"):
                continue
            code = data["code"]
            label = RoleCode(code).label
            error = unit_error(code, data.get("unit"), data.get("jurisdiction"))
            if error:
                form.add_error(*error)
            if code in ADMIN_ROLES:
                admin_roles.append(str(label))
            codes.append(code)
        if len(admin_roles) > 1:
            raise ValidationError(
                f"系统管理员、安全管理员、审计管理员须由不同账号担任（三员分立），"
                f"当前同时选择了：{'、'.join(admin_roles)}。"
            )
        is_member = bool(self.instance.pk) and self.instance.memberships.exists()
        for code in codes:
            error = separation_error(code, codes, is_member=is_member)
            if error:
                raise ValidationError(error)


class RoleInline(admin.TabularInline):
    model = Role
    formset = RoleFormSet
    fk_name = "user"
    extra = 0
    fields = ("code", "jurisdiction", "unit", "title")
    autocomplete_fields = ("unit",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts: kept by the system administrator; their roles by the security administrator (the
    inline shows only to who may edit roles). Admin-site access follows the roles, not groups."""

    add_form_template = "admin/core/user/add_form.html"
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "mobile", "email", "jurisdiction")}),
        ("状态", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    filter_horizontal = ()
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")},
        ),
        ("个人信息", {"classes": ("wide",), "fields": ("full_name", "mobile", "jurisdiction")}),
    )
    list_display = ("username", "full_name", "jurisdiction", "mobile", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "jurisdiction", "roles__code")
    search_fields = ("username", "full_name", "mobile", "email")
    list_select_related = ("jurisdiction",)
    ordering = ("username",)
    inlines = (RoleInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # 后台访问随管理员角色而定（三员分立）; only the installer's superuser sets these by hand.
        if request.user.is_superuser:
            return ("last_login", "date_joined")
        return ("is_staff", "is_superuser", "last_login", "date_joined")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # the installation account is not the administrators' to change
        return super().has_change_permission(request, obj)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    """角色授权: the security administrator's page. The model refuses what breaks 三员分立."""

    list_display = ("user", "code", "jurisdiction", "unit", "title")
    list_filter = ("code", "jurisdiction")
    search_fields = ("user__username", "user__full_name", "unit__name", "title")
    list_select_related = ("user", "jurisdiction", "unit")
    autocomplete_fields = ("user", "unit")
    form = RoleForm

    def save_model(self, request: HttpRequest, obj: Role, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_roles(obj.user)


admin.site.unregister(Group)  # permissions come from the administrator roles (banli.accounts.backends)


# ---- calendar, deadlines, events -------------------------------------------------------------------


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """节假日与调休: the exceptions to the weekday rule. A year counts once one of its days is confirmed."""

    list_display = ("date", "weekday", "kind", "name", "confirmed")
    list_filter = ("kind", "confirmed")
    date_hierarchy = "date"
    search_fields = ("name",)
    ordering = ("date",)
    list_per_page = 100
    actions = ("confirm_days",)

    @admin.action(description="确认所选日期（放假安排通知已发布）", permissions=["change"])
    def confirm_days(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        # Saved one by one so the calendar's post_save signal recomputes the open deadlines (once, on commit).
        with writing():
            days = list(queryset.filter(confirmed=False))
            for day in days:
                day.confirmed = True
                day.save(update_fields=["confirmed"])
        self.message_user(request, f"已确认 {len(days)} 天。", messages.SUCCESS)

    @admin.display(description="星期", ordering="date")
    def weekday(self, obj: CalendarDay) -> str:
        return "星期" + "一二三四五六日"[obj.date.weekday()]


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = (
        "duty",
        "submission",
        "round",
        "start_on",
        "amount",
        "unit",
        "due_on",
        "provisional",
        "closed_at",
    )
    list_filter = ("duty", "unit", "provisional", "jurisdiction")
    date_hierarchy = "due_on"
    search_fields = ("submission__title",)
    list_select_related = ("submission",)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    """操作记录: the audit trail. Nobody, not even a superuser, may change or delete it here."""

    list_display = (
        "created_at",
        "action_label",
        "actor",
        "actor_role",
        "from_state",
        "to_state",
        "submission",
    )
    list_filter = ("workflow", "action", "jurisdiction")
    date_hierarchy = "created_at"
    search_fields = ("action_label", "comment", "actor__username", "actor__full_name", "submission__title")
    list_select_related = ("actor", "submission")
    exclude = ("content_type", "object_id")
