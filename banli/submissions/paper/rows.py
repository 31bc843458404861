"""Checking one data row against the assembly's members, kinds and categories; every error is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from banli.core.models import Assembly, Category, Member
from banli.submissions.models import SubmissionKind
from banli.submissions.paper.layout import (
    ADVICE,
    CATEGORY,
    CONSENT,
    COSIGNERS,
    HEADERS,
    KIND,
    LEAD,
    PROBLEM,
    REASON,
    REASON_MAX,
    SECRET,
    TEXT,
    TITLE,
    TITLE_MAX,
    TITLE_MIN,
)
from banli.submissions.paper.lookups import Categories, Members, title_key
from banli.submissions.paper.reading import cell_text
from banli.submissions.paper.results import RowError
from banli.submissions.services import allowed_kinds, intake_policy

KIND_LABELS = {str(label): value for value, label in SubmissionKind.choices}
YES = {"是", "同意", "y", "yes", "true", "1", "√"}
NO = {"否", "不同意", "n", "no", "false", "0", "×"}
LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
#: Errors of a row are listed in the order of the template's columns.
COLUMN_ORDER = {h: i for i, h in enumerate((*HEADERS, TEXT))}


def flag(raw: str, default: bool) -> bool | None:
    """是/否 (and a few spellings of them); blank gives the default; anything else None."""
    if not raw:
        return default
    low = raw.lower()
    if low in YES:
        return True
    if low in NO:
        return False
    return None


@dataclass
class ParsedRow:
    """A row that passed every check, with the members and category it names."""

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
    key: str  # the 案由 as compared for duplicates


class Checker:
    """Checks rows against one assembly's members, kinds and categories; collects every error."""

    def __init__(self, assembly: Assembly, year: int, columns: dict[str, int]) -> None:
        self.assembly = assembly
        self.columns = columns
        self.members = Members(assembly)
        self.categories = Categories(assembly.jurisdiction_id)
        self.kinds = dict(allowed_kinds(assembly))
        self.motion_min = intake_policy(assembly, year).motion_min_cosigners
        self.errors: list[RowError] = []

    def cell(self, values: tuple[Any, ...], column: str) -> str:
        index = self.columns.get(column)
        return cell_text(values[index]) if index is not None and index < len(values) else ""

    def check(self, number: int, values: tuple[Any, ...]) -> ParsedRow | None:
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
        consent = flag(raw_consent, default=True)
        if consent is None:
            fail(CONSENT, f"应填写“是”或“否”，而不是“{raw_consent}”")
        reason = self.cell(values, REASON) if consent is False else ""
        if consent is False and not reason:
            fail(REASON, "不同意公开时须填写理由")
        elif len(reason) > REASON_MAX:
            fail(REASON, f"不同意公开理由不能超过{REASON_MAX}字（本行{len(reason)}字）")

        raw_secret = self.cell(values, SECRET)
        secret = flag(raw_secret, default=False)
        if secret is None:
            fail(SECRET, f"应填写“是”或“否”，而不是“{raw_secret}”")

        if errors:
            self.errors.extend(sorted(errors, key=lambda e: COLUMN_ORDER.get(e.column, 99)))
            return None
        assert lead is not None and consent is not None and secret is not None
        return ParsedRow(
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
