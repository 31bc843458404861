"""Names as compared, and the assembly's members and the jurisdiction's categories, each loaded once.

Members and categories come from one query each, so checking a file costs the same number of queries
whatever its number of rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from banli.core.models import Assembly, Category, Member
from banli.core.models.org import AssemblyKind

WITH_GROUP = re.compile(r"^(.+?)[（(](.+)[）)]$")
SHOWN_CATEGORIES = 12  # how many categories an error message lists


def title_key(title: str) -> str:
    """The 案由 as compared for duplicates: full-width folded, case folded, without whitespace or punctuation."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PZC")


def name_key(name: str) -> str:
    """Names are compared full-width folded and without any whitespace: paper lists pad names (张　三)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def member_word(assembly: Assembly) -> str:
    return "代表" if assembly.kind == AssemblyKind.NPC else "委员"


class Members:
    """The assembly's members by name, from one query."""

    def __init__(self, assembly: Assembly) -> None:
        self.word = member_word(assembly)
        self.by_name: dict[str, list[Member]] = defaultdict(list)
        members = (
            Member.objects.filter(assembly=assembly)
            .only("pk", "name", "delegation", "sector", "is_active", "assembly_id")
            .order_by("pk")
        )
        for member in members:
            self.by_name[name_key(member.name)].append(member)

    def find(self, raw: str, as_what: str) -> tuple[Member | None, str]:
        """The member named ``raw`` (姓名 or 姓名（代表团/界别）), or None and the reason in Chinese."""
        name, group = name_key(raw), ""
        match = WITH_GROUP.match(name)
        if match and match.group(1) in self.by_name:
            name, group = match.group(1), match.group(2)
        found = self.by_name.get(name, [])
        if group:
            found = [m for m in found if name_key(m.group) == group]
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


class Categories:
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
            path = "/".join(name_key(n) for n in reversed(names))
            self.path_of[cat.pk] = path
            self.by_path[path] = cat
            self.by_name[name_key(cat.name)].append(cat)

    def label(self, cat: Category) -> str:
        """The name, or the path where another category has the same name."""
        return cat.name if len(self.by_name[name_key(cat.name)]) == 1 else self.path_of[cat.pk]

    def find(self, raw: str) -> tuple[Category | None, str]:
        key = name_key(raw)  # NFKC folds the full-width ／ of a path into /
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
        some = "、".join(self.label(c) for c in self.ordered[:SHOWN_CATEGORIES])
        more = "等" if len(self.ordered) > SHOWN_CATEGORIES else ""
        return None, f"没有名为“{raw}”的分类，可选：{some}{more}"
