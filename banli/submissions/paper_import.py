"""录入纸质件: the registry imports paper suggestions and proposals from its Excel template.

The template (:func:`template_workbook`) has one row per item under a header row: 领衔人, 联名人, 类型,
案由, 问题/情况, 建议/办法, 分类, 是否同意公开, 不同意公开理由, 涉密 (any order; unknown columns are ignored).
:func:`import_workbook` reads it with openpyxl in read-only mode and checks EVERY row before it writes
anything. Any error in any row means nothing is written, and every error is reported as (row, column,
Chinese message). A clean file is written in one transaction with bulk inserts: the submissions (state
待审查, no number yet: the registry registers and numbers them in its queue as usual), the confirmed
co-signatures of the 联名人 and one 录入纸质件 event per item.

Members and categories are loaded once into dicts, so the number of queries does not grow with the rows
(apart from the batches of the bulk inserts).

Duplicates are flagged, not refused: a row whose 案由, with whitespace and punctuation removed, equals
that of an item already in the system (same assembly and year) or of an earlier row of the file is
listed in :attr:`ImportResult.duplicates`; it is imported anyway unless ``skip_duplicates`` is set.

Importing is permission ``submission.import`` on an :class:`~banli.core.models.Assembly`: registry staff
of that assembly's jurisdiction whose office serves that kind of assembly (人大 or 政协). The rule is
registered here, with the service that checks it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from banli.core.models import Assembly, Category, Event, Member, Session
from banli.core.models.org import AssemblyKind, RoleCode, UnitKind, User
from banli.core.policies import capacity, predicate, roles_with, rule
from banli.core.workflow import GuardFailed, NotAllowed
from banli.submissions.models import (
    Cosignature,
    CosignatureState,
    Submission,
    SubmissionKind,
    SubmissionState,
)
from banli.submissions.services import allowed_kinds, intake_policy

# ---- permission ------------------------------------------------------------------------------------


@predicate("本届交办机构")
def is_assembly_registry(user: User, assembly: Any) -> str | None:
    """Registry staff whose office serves this assembly's kind in its jurisdiction (obj: an Assembly)."""
    roles = roles_with(
        user, RoleCode.REGISTRY_STAFF, jurisdiction_id=getattr(assembly, "jurisdiction_id", None)
    )
    for role in roles:
        if role.unit is None or role.unit.kind != UnitKind.REGISTRY:
            continue
        if assembly is None:
            return "交办机构工作人员"
        if role.unit.assembly_kind == assembly.kind:
            return f"{role.unit.name}工作人员"
    return None


rule("submission.import", is_assembly_registry)

# ---- the template's columns ---------------------------------------------------------------------------

LEAD = "领衔人"
COSIGNERS = "联名人"
KIND = "类型"
TITLE = "案由"
PROBLEM = "问题/情况"
ADVICE = "建议/办法"
CATEGORY = "分类"
CONSENT = "是否同意公开"
REASON = "不同意公开理由"
SECRET = "涉密"
TEXT = f"{PROBLEM}、{ADVICE}"  # the "column" of the error when both are empty


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    width: int
    required: bool
    hint: str


COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        LEAD, 14, True, "领衔代表/第一提案人姓名，须为本届代表或委员。同名时写成“姓名（代表团）”。"
    ),
    TemplateColumn(COSIGNERS, 28, False, "可不填。多人用“、”或“，”分隔，每人须为本届代表或委员。"),
    TemplateColumn(KIND, 8, True, "从下拉列表选择。"),
    TemplateColumn(TITLE, 40, True, "必填，不超过200字，一事一议。"),
    TemplateColumn(PROBLEM, 48, False, "与“建议/办法”至少填写一项。"),
    TemplateColumn(ADVICE, 48, False, "与“问题/情况”至少填写一项。"),
    TemplateColumn(CATEGORY, 14, False, "可不填；填写时须与系统中的分类名称一致（见“分类”表）。"),
    TemplateColumn(CONSENT, 12, False, "是/否，不填视为“是”。"),
    TemplateColumn(REASON, 24, False, "“是否同意公开”为“否”时必填，不超过200字。"),
    TemplateColumn(SECRET, 8, False, "是/否，不填视为“否”。"),
)
HEADERS = tuple(c.header for c in COLUMNS)
#: Other names a hand-made sheet may use for a column.
ALIASES = {
    "第一提案人": LEAD,
    "领衔代表": LEAD,
    "提案人": LEAD,
    "附议人": COSIGNERS,
    "联名代表": COSIGNERS,
    "问题": PROBLEM,
    "情况": PROBLEM,
    "建议": ADVICE,
    "办法": ADVICE,
    "同意公开": CONSENT,
    "是否涉密": SECRET,
}

DATA_SHEET = "建议提案"
HELP_SHEET = "填写说明"
CATEGORY_SHEET = "分类"
EXAMPLE_MARK = "【示例】"  # rows whose 案由 starts with this are the template's example and are skipped

MAX_ROWS = 10_000
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # an .xlsx is a zip: refuse bombs before parsing
TITLE_MIN = 4
TITLE_MAX = Submission._meta.get_field("title").max_length or 200
REASON_MAX = Submission._meta.get_field("publication_refusal_reason").max_length or 200

KIND_LABELS = {str(label): value for value, label in SubmissionKind.choices}
YES = {"是", "同意", "y", "yes", "true", "1", "√"}
NO = {"否", "不同意", "n", "no", "false", "0", "×"}
LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
WITH_GROUP = re.compile(r"^(.+?)[（(](.+)[）)]$")
NOT_XLSX = (
    "文件不是 Excel 2007 及以上版本的 .xlsx 工作簿。如为 .xls 文件，请在 Excel 中“另存为” .xlsx 后再上传。"
)

# ---- results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row (1 is the header, 0 the file as a whole), the column and what is wrong."""

    row: int
    column: str
    message: str


@dataclass
class Duplicate:
    """A row whose 案由 repeats an item already in the system (``existing``) or an earlier row (``first_row``).

    After an import ``first_item`` is the item created from that earlier row and ``created`` the item made
    from this row (None when skipped, or when only checked).
    """

    row: int
    title: str
    existing: Submission | None = None
    first_row: int | None = None
    first_item: Submission | None = None
    created: Submission | None = None
    skipped: bool = False


@dataclass
class ImportResult:
    """What an import found and did. With any error nothing was written."""

    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    created: list[Submission] = field(default_factory=list)
    rows: int = 0  # data rows read (blank rows and the example row not counted)
    example_rows: int = 0
    cosignatures: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def skipped(self) -> int:
        return sum(1 for d in self.duplicates if d.skipped)

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    def counts_by_kind(self) -> list[tuple[str, int]]:
        """(建议, 1998), (议案, 2): how many items of each kind were created."""
        counts: dict[str, int] = defaultdict(int)
        for sub in self.created:
            counts[sub.kind] += 1
        return [(str(label), counts[value]) for value, label in SubmissionKind.choices if counts[value]]


@dataclass
class _Row:
    row: int
    lead: Member
    cosigners: list[Member]
    kind: str
    title: str
    problem: str
    advice: str
    category: Category | None
    consent: bool
    reason: str
    secret: bool
    key: str


class _Unreadable(Exception):
    def __init__(self, message: str, row: int = 0, column: str = "") -> None:
        super().__init__(message)
        self.error = RowError(row, column, message)


# ---- normalising ------------------------------------------------------------------------------------


def title_key(title: str) -> str:
    """The 案由 as compared for duplicates: full-width folded, case folded, without whitespace or punctuation."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PZC")


def _name_key(name: str) -> str:
    """Names are compared without any whitespace: paper lists pad two-character names (张　三)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _header(value: Any) -> str:
    text = re.sub(r"[\s*＊]|[（(]必填[）)]", "", _text(value))
    return ALIASES.get(text, text)


def _flag(raw: str, default: bool) -> bool | None:
    """是/否 (and a few spellings of them); blank gives the default; anything else None."""
    if not raw:
        return default
    low = raw.lower()
    if low in YES:
        return True
    if low in NO:
        return False
    return None


def _member_word(assembly: Assembly) -> str:
    return "代表" if assembly.kind == AssemblyKind.NPC else "委员"


# ---- lookups, loaded once ----------------------------------------------------------------------------


class _Members:
    """The assembly's members by name, from one query."""

    def __init__(self, assembly: Assembly) -> None:
        self.word = _member_word(assembly)
        self.by_name: dict[str, list[Member]] = defaultdict(list)
        members = (
            Member.objects.filter(assembly=assembly)
            .only("pk", "name", "delegation", "sector", "is_active", "assembly_id")
            .order_by("pk")
        )
        for member in members:
            self.by_name[_name_key(member.name)].append(member)

    def find(self, raw: str, as_what: str) -> tuple[Member | None, str]:
        """The member named ``raw`` (姓名 or 姓名（代表团/界别）), or None and the reason in Chinese."""
        name, group = _name_key(raw), ""
        match = WITH_GROUP.match(name)
        if match and match.group(1) in self.by_name:
            name, group = match.group(1), match.group(2)
        found = self.by_name.get(name, [])
        if group:
            found = [m for m in found if _name_key(m.group) == group]
            if not found:
                return None, f"本届{self.word}“{name}”不在“{group}”"
        active = [m for m in found if m.is_active]
        if not found:
            hint = "；多人请用“、”分隔" if re.search(r"\s", raw.strip()) else ""
            return None, f"本届{self.word}中没有“{raw.strip()}”，请核对姓名{hint}"
        if not active:
            return None, f"“{name}”已不在任，不能作为{as_what}"
        if len(active) > 1:
            groups = "、".join(m.group or "未填代表团/界别" for m in active)
            example = f"{name}（{active[0].group}）" if active[0].group else name
            return None, (
                f"本届有{len(active)}名{self.word}叫“{name}”（{groups}），无法确定是哪一位，请写成“{example}”"
            )
        return active[0], ""


class _Categories:
    """The jurisdiction's categories by name and by path (上级/下级), from one query."""

    def __init__(self, jurisdiction_id: int) -> None:
        cats = list(
            Category.objects.filter(jurisdiction_id=jurisdiction_id)
            .only("pk", "name", "parent_id", "sort")
            .order_by("sort", "name", "pk")
        )
        by_id = {c.pk: c for c in cats}
        self.ordered = cats
        self.by_name: dict[str, list[Category]] = defaultdict(list)
        self.by_path: dict[str, Category] = {}
        self.path_of: dict[int, str] = {}
        for cat in cats:
            names, node, seen = [], cat, set()
            while node is not None and node.pk not in seen:
                seen.add(node.pk)
                names.append(node.name)
                node = by_id.get(node.parent_id) if node.parent_id else None
            path = "/".join(_name_key(n) for n in reversed(names))
            self.path_of[cat.pk] = path
            self.by_path[path] = cat
            self.by_name[_name_key(cat.name)].append(cat)

    def label(self, cat: Category) -> str:
        """The name, or the path where another category has the same name."""
        return cat.name if len(self.by_name[_name_key(cat.name)]) == 1 else self.path_of[cat.pk]

    def find(self, raw: str) -> tuple[Category | None, str]:
        key = _name_key(raw).replace("／", "/")
        if key in self.by_path:
            return self.by_path[key], ""
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return found[0], ""
        if found:
            paths = "、".join(self.path_of[c.pk] for c in found)
            return None, f"有多个分类叫“{raw}”，请写明上级分类，如：{paths}"
        if not self.ordered:
            return None, "本行政区域尚未设置分类，请将此列留空"
        some = "、".join(self.label(c) for c in self.ordered[:12])
        more = "等" if len(self.ordered) > 12 else ""
        return None, f"没有名为“{raw}”的分类，可选：{some}{more}"


# ---- reading the file ------------------------------------------------------------------------------


def _check_archive(file: str | Path | IO[bytes]) -> None:
    """Refuse what is not an .xlsx (or would unzip to something huge) before openpyxl parses it."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _Unreadable(NOT_XLSX) from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    if "xl/workbook.xml" not in names:
        raise _Unreadable(NOT_XLSX)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _Unreadable("文件解压后过大，无法读取。请只保留导入模板中的数据后重新上传。")


def _read(file: str | Path | IO[bytes]) -> tuple[dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    """The header (column → index) and the non-blank data rows with their Excel row numbers."""
    _check_archive(file)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
        raise _Unreadable("无法读取该文件：工作簿已损坏或不是 Excel 文件。") from exc
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        columns: dict[str, int] = {}
        for index, value in enumerate(header):
            name = _header(value)
            if name in HEADERS and name not in columns:
                columns[name] = index
        missing = [c.header for c in COLUMNS if c.required and c.header not in columns]
        if PROBLEM not in columns and ADVICE not in columns:
            missing.append(TEXT)
        if missing:
            raise _Unreadable(
                f"表头缺少列：{'、'.join(missing)}。请使用系统提供的导入模板，表头应为：{'、'.join(HEADERS)}。",
                row=1,
            )
        data: list[tuple[int, tuple[Any, ...]]] = []
        for number, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(data) >= MAX_ROWS:
                raise _Unreadable(f"一次最多导入 {MAX_ROWS} 行，请分成几个文件导入。", row=number)
            data.append((number, tuple(values)))
    except _Unreadable:
        raise
    except Exception as exc:  # malformed sheet XML surfaces only while iterating
        raise _Unreadable("无法读取该文件：工作簿内容已损坏。请在 Excel 中打开并另存后再上传。") from exc
    finally:
        workbook.close()
    if not data:
        raise _Unreadable("表中没有数据：第1行为表头，请从第2行起每行填写一件。", row=2)
    return columns, data


# ---- checking the rows --------------------------------------------------------------------------------


class _Checker:
    """Checks rows against one assembly's members, kinds and categories; collects every error."""

    def __init__(self, assembly: Assembly, year: int, columns: dict[str, int]) -> None:
        self.assembly = assembly
        self.columns = columns
        self.members = _Members(assembly)
        self.categories = _Categories(assembly.jurisdiction_id)
        self.kinds = dict(allowed_kinds(assembly))
        self.motion_min = intake_policy(assembly, year).motion_min_cosigners
        self.errors: list[RowError] = []

    def cell(self, values: tuple[Any, ...], column: str) -> str:
        index = self.columns.get(column)
        return _text(values[index]) if index is not None and index < len(values) else ""

    def check(self, number: int, values: tuple[Any, ...]) -> _Row | None:
        """The parsed row, or None after adding its errors (every one of them) to ``self.errors``."""
        errors: list[RowError] = []

        def fail(column: str, message: str) -> None:
            errors.append(RowError(number, column, message))

        lead: Member | None = None
        raw_lead = self.cell(values, LEAD)
        if not raw_lead:
            fail(LEAD, "请填写领衔人")
        else:
            lead, why = self.members.find(raw_lead, "领衔人")
            if lead is None:
                fail(LEAD, why)

        cosigners: list[Member] = []
        for raw in LIST_SEPARATORS.split(self.cell(values, COSIGNERS)):
            if not raw.strip():
                continue
            member, why = self.members.find(raw, "联名人")
            if member is None:
                fail(COSIGNERS, why)
            elif lead is not None and member.pk == lead.pk:
                fail(COSIGNERS, f"领衔人“{member.name}”不能同时列为联名人")
            elif member not in cosigners:
                cosigners.append(member)

        kind = ""
        raw_kind = self.cell(values, KIND)
        allowed = "”或“".join(self.kinds.values())
        if not raw_kind:
            fail(KIND, f"请填写类型（“{allowed}”）")
        elif raw_kind not in KIND_LABELS:
            fail(KIND, f"类型应为“{allowed}”，而不是“{raw_kind}”")
        elif KIND_LABELS[raw_kind] not in self.kinds:
            fail(KIND, f"{self.assembly.short_name}只能录入“{allowed}”，不能录入“{raw_kind}”")
        else:
            kind = KIND_LABELS[raw_kind]
            if kind == SubmissionKind.MOTION and len(cosigners) < self.motion_min:
                fail(
                    COSIGNERS,
                    f"议案须有至少 {self.motion_min} 名代表附议（联名），本行只有 {len(cosigners)} 名",
                )

        title = re.sub(r"\s*\n\s*", "", self.cell(values, TITLE))
        if not title:
            fail(TITLE, "请填写案由")
        elif len(title) > TITLE_MAX:
            fail(TITLE, f"案由不能超过{TITLE_MAX}字（本行{len(title)}字）")
        elif len(title) < TITLE_MIN:
            fail(TITLE, f"案由至少{TITLE_MIN}个字")

        problem, advice = self.cell(values, PROBLEM), self.cell(values, ADVICE)
        if not problem and not advice:
            fail(TEXT, "“问题/情况”和“建议/办法”至少填写一项")

        category: Category | None = None
        raw_category = self.cell(values, CATEGORY)
        if raw_category:
            category, why = self.categories.find(raw_category)
            if category is None:
                fail(CATEGORY, why)

        raw_consent = self.cell(values, CONSENT)
        consent = _flag(raw_consent, default=True)
        if consent is None:
            fail(CONSENT, f"应填写“是”或“否”，而不是“{raw_consent}”")
        reason = self.cell(values, REASON) if consent is False else ""
        if consent is False and not reason:
            fail(REASON, "不同意公开时须填写理由")
        elif len(reason) > REASON_MAX:
            fail(REASON, f"不同意公开理由不能超过{REASON_MAX}字（本行{len(reason)}字）")

        raw_secret = self.cell(values, SECRET)
        secret = _flag(raw_secret, default=False)
        if secret is None:
            fail(SECRET, f"应填写“是”或“否”，而不是“{raw_secret}”")

        if errors:
            order = {h: i for i, h in enumerate((*HEADERS, TEXT))}
            self.errors.extend(sorted(errors, key=lambda e: order.get(e.column, 99)))
            return None
        assert lead is not None and consent is not None and secret is not None
        return _Row(
            number,
            lead,
            cosigners,
            kind,
            title,
            problem,
            advice,
            category,
            consent,
            reason,
            secret,
            title_key(title),
        )


def _existing_titles(assembly: Assembly, year: int) -> dict[str, Submission]:
    """The assembly's items of the year (drafts aside) by normalised 案由, the oldest for each, in one query."""
    found: dict[str, Submission] = {}
    items = (
        Submission.objects.filter(assembly=assembly, year=year)
        .exclude(state=SubmissionState.DRAFT)
        .only("pk", "title", "number", "kind", "state", "year", "session_id", "assembly_id")
        .order_by("pk")
    )
    for sub in items:
        found.setdefault(title_key(sub.title), sub)
    return found


# ---- the service ------------------------------------------------------------------------------------


def import_workbook(
    file: str | Path | IO[bytes],
    *,
    assembly: Assembly,
    actor: User,
    session: Session | None = None,
    year: int | None = None,
    skip_duplicates: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Check every row of ``file`` (an .xlsx path or file object); if all are right, create the items.

    Items belong to ``session`` (and its year) or, between sessions, to ``year``. On success writes, in
    one transaction: a Submission per row (待审查, submitted now, entered by ``actor``, unnumbered), a
    confirmed Cosignature per 联名人 and a 录入纸质件 Event per item. Rows flagged as duplicates are
    created too unless ``skip_duplicates``. With any row error, or with ``dry_run``, nothing is written.

    Raises ``NotAllowed`` when ``actor`` is not the registry of ``assembly`` and ``GuardFailed`` for a
    session of another assembly or a missing year; problems of the file are returned, not raised.
    """
    role = capacity(actor, "submission.import", assembly)
    if not role:
        raise NotAllowed(f"只有{assembly.short_name}的交办机构工作人员可以录入纸质件。")
    if session is not None:
        if session.assembly_id != assembly.pk:
            raise GuardFailed("所选会议不属于该届人大或政协。")
        year = session.year
    if year is None:
        raise GuardFailed("请选择会议，或填写闭会期间提出的年度。")

    result = ImportResult(dry_run=dry_run)
    try:
        columns, data = _read(file)
    except _Unreadable as exc:
        result.errors.append(exc.error)
        return result

    checker = _Checker(assembly, year, columns)
    existing = _existing_titles(assembly, year)
    rows: list[_Row] = []
    for number, values in data:
        if checker.cell(values, TITLE).startswith(EXAMPLE_MARK):
            result.example_rows += 1
            continue
        result.rows += 1
        parsed = checker.check(number, values)
        if parsed is not None:
            rows.append(parsed)
    result.errors = checker.errors
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, "", "表中只有示例行，没有要导入的数据。"))
    if result.errors:
        return result

    to_create: list[_Row] = []
    first_rows: dict[str, int] = {}
    flagged: dict[int, Duplicate] = {}
    for row in rows:
        earlier = first_rows.get(row.key)
        if row.key in existing or earlier is not None:
            flagged[row.row] = Duplicate(
                row.row, row.title, existing.get(row.key), earlier, skipped=skip_duplicates
            )
        first_rows.setdefault(row.key, row.row)
        if row.row not in flagged or not skip_duplicates:
            to_create.append(row)
    result.duplicates = list(flagged.values())
    if dry_run:
        return result

    created = _create(to_create, assembly, session, year, actor, role, _file_name(file))
    result.created = [sub for _, sub in created]
    result.cosignatures = sum(len(row.cosigners) for row in to_create)
    by_row = {row.row: sub for row, sub in created}
    for dup in result.duplicates:
        dup.created = by_row.get(dup.row)
        if dup.first_row is not None:
            dup.first_item = by_row.get(dup.first_row)
    return result


def _file_name(file: str | Path | IO[bytes]) -> str:
    name = file if isinstance(file, str | Path) else getattr(file, "name", "") or ""
    return Path(str(name)).name


def _create(
    rows: Sequence[_Row],
    assembly: Assembly,
    session: Session | None,
    year: int,
    actor: User,
    role: str,
    file_name: str,
) -> list[tuple[_Row, Submission]]:
    """Write the items, their confirmed co-signatures and their events in one transaction (bulk inserts)."""
    now = timezone.now()
    today = timezone.localdate()
    subs = [
        Submission(
            jurisdiction_id=assembly.jurisdiction_id,
            assembly=assembly,
            session=session,
            year=year,
            kind=row.kind,
            title=row.title,
            problem=row.problem,
            advice=row.advice,
            category=row.category,
            lead_author=row.lead,
            created_by=actor,
            state=SubmissionState.SUBMITTED,
            submitted_at=now,
            is_confidential=row.secret,
            publication_consent=row.consent,
            publication_refusal_reason=row.reason,
        )
        for row in rows
    ]
    submission_type = ContentType.objects.get_for_model(Submission)
    with transaction.atomic():
        Submission.objects.bulk_create(subs, batch_size=500)
        Cosignature.objects.bulk_create(
            [
                Cosignature(
                    submission=sub,
                    member=member,
                    state=CosignatureState.CONFIRMED,
                    due_on=today,
                    responded_at=now,
                    comment="纸质件录入",
                )
                for row, sub in zip(rows, subs, strict=True)
                for member in row.cosigners
            ],
            batch_size=1000,
        )
        Event.objects.bulk_create(
            [
                Event(
                    jurisdiction_id=assembly.jurisdiction_id,
                    submission=sub,
                    content_type=submission_type,
                    object_id=sub.pk,
                    workflow="submission",
                    action="import_paper",
                    action_label="录入纸质件",
                    actor=actor,
                    actor_role=role,
                    from_state="",
                    to_state=SubmissionState.SUBMITTED,
                    payload={"file": file_name, "row": row.row, "cosigners": [m.name for m in row.cosigners]},
                )
                for row, sub in zip(rows, subs, strict=True)
            ],
            batch_size=500,
        )
    return list(zip(rows, subs, strict=True))


# ---- the template ---------------------------------------------------------------------------------------


def template_workbook(assembly: Assembly) -> bytes:
    """The import template for ``assembly`` as .xlsx bytes: header, example row, drop-downs, instructions.

    Sheets: 建议提案 (frozen header, widths, a comment on each header, lists for 类型/是否同意公开/涉密/分类,
    one example row that the import skips), 填写说明, 分类 (the names to use) and the list of members.
    Writes nothing to the database.
    """
    word = _member_word(assembly)
    kinds = [label for _, label in allowed_kinds(assembly)]
    categories = _Categories(assembly.jurisdiction_id)
    members = list(
        Member.objects.filter(assembly=assembly, is_active=True)
        .only("name", "delegation", "sector")
        .order_by("delegation", "sector", "name")
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    head_fill = PatternFill("solid", fgColor="F2DCDB")
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(("必填。" if column.required else "") + column.hint, "建议提案办理系统")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 24
    ws.freeze_panes = "A2"

    example = {
        LEAD: "张三",
        COSIGNERS: "李四、王五",
        KIND: kinds[0],
        TITLE: f"{EXAMPLE_MARK}关于加快老旧小区改造的{kinds[0]}",
        PROBLEM: "部分老旧小区管网老化、缺少停车位和养老设施。",
        ADVICE: "建议统筹资金，分批实施改造，并同步配建养老服务设施。",
        CATEGORY: categories.label(categories.ordered[0]) if categories.ordered else "",
        CONSENT: "是",
        REASON: "",
        SECRET: "否",
    }
    grey = Font(italic=True, color="808080")
    for index, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=2, column=index, value=example[header] or None)
        cell.font = grey
        cell.alignment = Alignment(vertical="top", wrap_text=header in (PROBLEM, ADVICE))

    last = MAX_ROWS + 1

    def letter(header: str) -> str:
        return get_column_letter(HEADERS.index(header) + 1)

    def choose(header: str, formula: str, message: str) -> None:
        rule_ = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule_.errorTitle, rule_.error = f"{header}填写有误", message
        rule_.promptTitle, rule_.prompt = header, message
        rule_.showErrorMessage = rule_.showInputMessage = True
        ws.add_data_validation(rule_)
        rule_.add(f"{letter(header)}2:{letter(header)}{last}")

    choose(KIND, '"' + ",".join(kinds) + '"', f"请从列表中选择：{'、'.join(kinds)}。")
    choose(CONSENT, '"是,否"', "请选择“是”或“否”；选“否”时须填写不同意公开理由。")
    choose(SECRET, '"是,否"', "请选择“是”或“否”。")

    motion_note = ""
    if SubmissionKind.MOTION in dict(allowed_kinds(assembly)):
        needed = intake_policy(assembly, timezone.localdate().year).motion_min_cosigners
        motion_note = f"议案须有至少 {needed} 名代表联名。"
    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 110
    lines = [
        (f"纸质{'、'.join(kinds)}导入模板填写说明", True),
        (f"适用于：{assembly.name}", False),
        ("", False),
        ("1. 在“建议提案”表中每行填写一件，第1行为表头，请勿修改表头名称，也不要插入合并单元格。", False),
        (f"2. 第2行为示例，案由以“{EXAMPLE_MARK}”开头的行不会导入，可直接覆盖或删除。", False),
        ("3. 红色表头为必填列：领衔人、类型、案由；“问题/情况”和“建议/办法”至少填写一项。", False),
        (
            f"4. 领衔人、联名人须为本届{word}，姓名须与“{word}名单”表一致；"
            f"有同名{word}时写成“姓名（代表团/界别）”。",
            False,
        ),
        ("5. 联名人可填写多人，用“、”或“，”分隔；领衔人不必再列入联名人。", False),
        (f"6. 类型只能填写：{'、'.join(kinds)}。{motion_note}", False),
        (
            f"7. 案由必填，{TITLE_MIN}至{TITLE_MAX}字，一事一议，如：关于推进老旧小区加装电梯的{kinds[0]}。",
            False,
        ),
        ("8. 分类可不填；填写时须与“分类”表中的名称一致，由交办机构审查时也可再调整。", False),
        ("9. 是否同意公开：填“是”或“否”，不填视为“是”；填“否”时须在“不同意公开理由”中说明理由。", False),
        ("10. 涉密：填“是”或“否”，不填视为“否”。涉密件只登记标题等信息，请勿在表中填写涉密内容。", False),
        (f"11. 每个文件最多 {MAX_ROWS} 行，文件不超过 10MB，须为 .xlsx 格式。", False),
        (
            "12. 导入时先逐行校验：任何一行有误，整个文件都不会导入，系统会列出每处问题所在的行和列；"
            "修改后重新上传即可。",
            False,
        ),
        (
            "13. 案由与本年度已有件或本文件中其他行相同（不计空格和标点）的，系统会提示可能重复，"
            "仍会导入，除非选择“跳过疑似重复的件”。",
            False,
        ),
        ("14. 导入后各件为“待审查”状态，尚未编号，由交办机构在审查队列中立案编号。", False),
    ]
    for number, (text, bold) in enumerate(lines, start=1):
        cell = help_ws.cell(row=number, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14)

    cat_ws = wb.create_sheet(CATEGORY_SHEET)
    cat_ws.column_dimensions["A"].width = 30
    cat_ws.cell(row=1, column=1, value="分类名称").font = Font(bold=True)
    for number, cat in enumerate(categories.ordered, start=2):
        cat_ws.cell(row=number, column=1, value=categories.label(cat))
    if categories.ordered:
        end = len(categories.ordered) + 1
        choose(CATEGORY, f"'{CATEGORY_SHEET}'!$A$2:$A${end}", "请从“分类”表的名称中选择，或留空。")

    member_ws = wb.create_sheet(f"{word}名单")
    member_ws.column_dimensions["A"].width = 14
    member_ws.column_dimensions["B"].width = 24
    member_ws.column_dimensions["C"].width = 40
    for index, text in enumerate(("姓名", "代表团" if word == "代表" else "界别", "备注"), start=1):
        member_ws.cell(row=1, column=index, value=text).font = Font(bold=True)
    member_ws.freeze_panes = "A2"
    names = defaultdict(int)
    for member in members:
        names[_name_key(member.name)] += 1
    for number, member in enumerate(members, start=2):
        member_ws.cell(row=number, column=1, value=member.name)
        member_ws.cell(row=number, column=2, value=member.group or None)
        if names[_name_key(member.name)] > 1:
            member_ws.cell(row=number, column=3, value=f"有同名，请写成“{member.name}（{member.group}）”")

    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
