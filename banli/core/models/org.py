"""The organisation: jurisdictions (tenants), assemblies and sessions, units, members, users and roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from banli.core.text import cn_number


class JurisdictionLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"


class Jurisdiction(models.Model):
    """行政区域 / 本级: the tenant. Every business record belongs to exactly one."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    short_name = models.CharField("简称", max_length=10, help_text="用于文号和标题，如“市”“县”“区”")
    level = models.CharField("层级", max_length=10, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政区域"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AssemblyKind(models.TextChoices):
    NPC = "npc", "人大"
    CPPCC = "cppcc", "政协"


class Assembly(models.Model):
    """人大 or 政协 of a jurisdiction, for one term (届)."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT)
    kind = models.CharField("类型", max_length=8, choices=AssemblyKind.choices)
    term = models.PositiveSmallIntegerField("届次")
    name = models.CharField("名称", max_length=80, help_text="如：宿州市第六届人民代表大会")
    short_name = models.CharField("简称", max_length=20, help_text="如：市六届人大")
    start_year = models.PositiveSmallIntegerField("起始年份")
    end_year = models.PositiveSmallIntegerField("截止年份")
    is_current = models.BooleanField("本届", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "人大/政协届次"
        ordering = ["jurisdiction", "kind", "-term"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "kind", "term"], name="assembly_unique_term"),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """次会议: a plenary session with its dates. Items submitted between sessions belong to a year instead."""

    assembly = models.ForeignKey(
        Assembly, verbose_name="届次", on_delete=models.PROTECT, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField("次")
    name = models.CharField("名称", max_length=40, help_text="如：六届三次会议")
    opens_on = models.DateField("开幕日期")
    closes_on = models.DateField("闭幕日期")

    class Meta:
        verbose_name = verbose_name_plural = "会议"
        ordering = ["assembly", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="session_unique_number"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="session_dates"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """The form used in titles: 市六届人大三次会议."""
        return f"{self.assembly.short_name}{cn_number(self.number)}次会议"

    @property
    def year(self) -> int:
        return self.opens_on.year


class UnitKind(models.TextChoices):
    HANDLING = "handling", "承办单位"
    REGISTRY = "registry", "交办机构（代表工委/提案委）"
    COORDINATOR = "coordinator", "协调机构（政府办/党委办）"
    COMMITTEE = "committee", "专门委员会/工作委员会"


class System(models.TextChoices):
    GOVERNMENT = "government", "政府系统"
    PARTY = "party", "党委系统"
    COURT = "court", "法院"
    PROCURATORATE = "procuratorate", "检察院"
    OTHER = "other", "其他"


class Unit(models.Model):
    """承办单位 and the offices: a tree inside one jurisdiction."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=60)
    short_name = models.CharField("简称", max_length=20, blank=True)
    kind = models.CharField("类型", max_length=12, choices=UnitKind.choices)
    system = models.CharField("所属系统", max_length=16, choices=System.choices, blank=True)
    assembly_kind = models.CharField(
        "服务于", max_length=8, choices=AssemblyKind.choices, blank=True, help_text="交办机构服务的人大或政协"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    sort = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["jurisdiction", "kind", "sort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="unit_unique_name"),
            models.CheckConstraint(
                condition=~Q(kind="handling") | ~Q(system=""), name="handling_unit_has_system"
            ),
        ]
        indexes = [models.Index(fields=["jurisdiction", "kind"])]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """分类: a tree of fields (经济、城建、教育、医疗…), per jurisdiction."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT)
    name = models.CharField("名称", max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    committee = models.ForeignKey(
        Unit,
        verbose_name="对口委员会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"kind": UnitKind.COMMITTEE},
        help_text="对口督办该领域事项的专门委员会或工作委员会",
    )
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "分类"
        ordering = ["jurisdiction", "sort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "parent", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An account. Accounts are unique per person; what they may do comes from their roles."""

    full_name = models.CharField("姓名", max_length=30, blank=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="所属行政区域", null=True, blank=True, on_delete=models.PROTECT
    )
    mobile = models.CharField("手机", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleCode(models.TextChoices):
    REGISTRY_STAFF = "registry_staff", "交办机构工作人员"
    COORDINATOR_STAFF = "coordinator_staff", "协调机构工作人员"
    LIAISON = "liaison", "联络员"
    HANDLER = "handler", "经办人"
    REVIEWING_HEAD = "reviewing_head", "分管负责人"
    SIGNING_HEAD = "signing_head", "主要负责人"
    LEADER = "leader", "领导"
    COMMITTEE_MEMBER = "committee_member", "委员会成员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


#: Roles exercised inside a unit, and the kinds of unit that may hold them.
UNIT_ROLES: dict[str, tuple[str, ...]] = {
    RoleCode.REGISTRY_STAFF: (UnitKind.REGISTRY,),
    RoleCode.COORDINATOR_STAFF: (UnitKind.COORDINATOR,),
    RoleCode.LIAISON: (UnitKind.HANDLING,),
    RoleCode.HANDLER: (UnitKind.HANDLING,),
    RoleCode.REVIEWING_HEAD: (UnitKind.HANDLING,),
    RoleCode.SIGNING_HEAD: (UnitKind.HANDLING,),
    RoleCode.COMMITTEE_MEMBER: (UnitKind.COMMITTEE,),
}
#: 三员分立: one account never holds two of these.
ADMIN_ROLES = (RoleCode.SYSTEM_ADMIN, RoleCode.SECURITY_ADMIN, RoleCode.AUDITOR)


class Role(models.Model):
    """A role a user holds in a jurisdiction, and for unit roles, in which unit."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="roles")
    code = models.CharField("角色", max_length=20, choices=RoleCode.choices)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    title = models.CharField("职务", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "code", "unit"], name="role_unique_in_unit", condition=Q(unit__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["user", "code", "jurisdiction"],
                name="role_unique_in_jurisdiction",
                condition=Q(unit__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["unit", "code"])]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id and self.unit else self.jurisdiction.name
        return f"{where} {self.get_code_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from banli.core.roles import check_role, sync_staff

        check_role(self)  # 三员分立, whoever saves the role
        super().save(*args, **kwargs)
        sync_staff(self.user_id)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        from banli.core.roles import sync_staff

        result = super().delete(*args, **kwargs)
        sync_staff(self.user_id)
        return result

    def clean(self) -> None:
        from banli.core.roles import check_role

        check_role(self)


class Member(models.Model):
    """代表 / 委员: the profile of a deputy (npc) or a member (cppcc) in one assembly."""

    assembly = models.ForeignKey(
        Assembly, verbose_name="届次", on_delete=models.PROTECT, related_name="members"
    )
    user = models.ForeignKey(
        User, verbose_name="账号", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    name = models.CharField("姓名", max_length=30)
    delegation = models.CharField("代表团", max_length=40, blank=True, help_text="人大代表所在代表团")
    sector = models.CharField("界别", max_length=40, blank=True, help_text="政协委员所在界别")
    constituency = models.CharField("选区/单位", max_length=60, blank=True)
    employer = models.CharField("工作单位及职务", max_length=80, blank=True)
    mobile = models.CharField("手机", max_length=20, blank=True)
    address = models.CharField("通讯地址", max_length=120, blank=True)
    is_active = models.BooleanField("在任", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "代表/委员"
        ordering = ["assembly", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "user"], name="member_unique_user", condition=Q(user__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        from banli.core.roles import check_member

        check_member(self)  # 三员分立: an administrator is no deputy
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from banli.core.roles import check_member

        check_member(self)

    @property
    def group(self) -> str:
        """代表团 for a deputy, 界别 for a member."""
        return self.delegation or self.sector
