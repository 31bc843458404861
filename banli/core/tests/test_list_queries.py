"""查询数测试 (N+1): every list page, inbox, queue, ledger, dashboard, portal list, Excel export of a list and
API list costs the same number of queries with 2 rows as with 6, for every role that may see it.

``CASES`` names them; ``NOT_LISTS`` names every other URL with the reason it is not a list. A URL that is in
neither, a page that renders a paginated list without being in ``CASES``, or an API operation answering a
page (``count`` and ``items``) without being in ``API_CASES`` fails the sweep with its name, so a new list
cannot escape it. The rows are built by ``list_world.World`` through the same services the pages use;
``docs/performance.md`` (查询数测试) says how to add a list.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.paginator import Page
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from banli.api.tokens import create_token
from banli.core.lists import ListPage
from banli.core.tests.factories import CategoryFactory
from banli.core.tests.list_world import YEAR, World

FEW, MORE = 2, 6  # rows before and after growing: "N and about 3N"

#: Users of ``org.users`` by attribute; ``None`` is an anonymous visitor (the public portal).
OFFICES = ("registry", "coordinator")
UNIT_PEOPLE = ("liaison", "handler", "reviewing_head", "signing_head")
EVERYONE = (*OFFICES, *UNIT_PEOPLE, "leader", "committee_member", "deputy", "other_deputy")
XLSX = {"export": "xlsx"}

Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """A list: its URL name, who may see it, the query strings to try (filters, sorts, the export)."""

    name: str
    users: tuple[str | None, ...]
    params: tuple[dict[str, Any], ...] = ({},)
    kwargs: Kwargs | None = None
    api: bool = False


def _unit_a(w: World) -> int:
    return w.org.units.unit_a.pk


CASES: list[Case] = [
    Case("home", EVERYONE),
    Case(
        "submissions:list",
        ("registry", "coordinator", "liaison", "leader", "committee_member", "deputy"),
        ({}, {"sort": "number"}, {"sort": "-title"}, {"registered": "1", "result": "any"}, XLSX),
    ),
    Case("submissions:list", ("registry",), ({"state": "submitted"},)),
    Case("submissions:list", OFFICES, ({"state": "assigning"},)),
    Case("submissions:invitations", ("other_deputy",)),
    Case(
        "assignments:list",
        ("liaison", "handler", "coordinator", "registry"),
        (
            {},
            {"box": "new"},
            {"box": "to_sign"},
            {"box": "handling"},
            {"box": "overdue"},
            {"box": "done"},
            {"sort": "unit"},
            {"sort": "-number"},
            XLSX,
        ),
    ),
    Case("assignments:adjustments", ("coordinator", "liaison"), ({}, {"sort": "state"}, XLSX)),
    Case(
        "assignments:notices",
        ("coordinator", "registry"),
        ({}, {"unit": "{unit_a}", "export": "xlsx"}),
    ),
    Case("assignments:meeting", ("coordinator", "registry"), ({}, {"sort": "state"}, XLSX)),
    Case(
        "handling:checks",
        ("coordinator",),
        ({}, {"export": "xlsx", "list": "replies"}, {"export": "xlsx", "list": "extensions"}),
    ),
    Case("evaluation:mine", ("deputy",)),
    Case("evaluation:commitments", UNIT_PEOPLE, ({}, {"sort": "state"}, XLSX)),
    Case("evaluation:year_end", ("registry",)),
    Case(
        "evaluation:review",
        ("registry", "liaison"),
        ({}, XLSX),
        kwargs=lambda w: {"pk": w.campaign.pk},
    ),
    Case("supervision:index", ("registry", "coordinator", "leader", "committee_member")),
    Case("supervision:records", ("registry", "coordinator", "liaison", "leader"), ({}, XLSX)),
    Case("supervision:led", ("leader",), ({}, {"overdue": "1"}, XLSX)),
    Case("supervision:field", ("committee_member",), ({}, {"overdue": "1"}, XLSX)),
    Case("supervision:topics", ("registry", "leader", "committee_member", "liaison"), ({}, XLSX)),
    Case(
        "supervision:topic",
        ("registry", "leader", "committee_member", "liaison"),
        kwargs=lambda w: {"pk": w.topic.pk},
    ),
    Case(
        "supervision:lagging",
        ("coordinator", "registry"),
        ({"year": YEAR}, {"year": "all"}, {"year": "all", "sort": "unit"}, {"year": "all", "export": "xlsx"}),
    ),
    Case(
        "supervision:lagging_unit",
        ("coordinator", "registry"),
        ({"year": YEAR}, {"column": "reply", "year": "all"}),
        kwargs=lambda w: {"pk": _unit_a(w)},
    ),
    Case("supervision:schemes", ("registry", "coordinator")),
    Case(
        "supervision:ranking",
        ("registry", "coordinator"),
        ({}, XLSX),
        kwargs=lambda w: {"pk": w.scheme.pk},
    ),
    Case(
        "supervision:unit_score",
        ("registry", "liaison"),
        kwargs=lambda w: {"pk": w.scheme.pk, "unit_pk": _unit_a(w)},
    ),
    Case("supervision:assessments", ("registry",), ({}, XLSX)),
    Case("supervision:excellence", ("registry",), ({"year": YEAR},)),
    Case("textindex:recommendation_accuracy", ("registry", "coordinator")),
    Case("notifications:inbox", ("liaison", "deputy", "coordinator"), ({}, {"show": "unread"})),
    Case("audit:records", ("auditor",), ({}, XLSX)),
    Case(
        "publications:due",
        OFFICES,
        (
            {},
            {"status": "published"},
            {"status": "all"},
            {"status": "all", "sort": "title"},
            {"status": "all", **XLSX},
        ),
    ),
    Case("publications:reports", ("registry",)),
    Case("portal:home", (None,)),
    Case("portal:replies", (None,)),
    Case("portal:reports", (None,)),
    Case("api_tokens:list", ("registry",)),
    Case("reports:dashboard", ("registry", "coordinator", "leader", "liaison")),
    # A unit's people get their own units' rows only, which stay one per unit as items grow.
    Case("reports:dashboard", ("registry", "coordinator", "leader"), (XLSX,)),
    Case(
        "reports:handling_report",
        ("registry", "coordinator"),
        ({"assembly": "{npc}", "session": "{session}", "system": "government"},),
    ),
    Case("reports:rectification", ("registry", "coordinator", "leader"), ({}, XLSX)),
    Case(
        "submissions:detail",  # the item's page: its timeline grows with its events
        ("registry", "coordinator", "liaison", "leader"),
        kwargs=lambda w: {"pk": w.urged.pk},
    ),
    Case(
        "supervision:item",
        ("registry", "coordinator", "leader", "committee_member"),
        kwargs=lambda w: {"pk": w.urged.pk},
    ),
]

API_CASES: list[Case] = [
    Case("api:list_submissions", ("registry", "liaison", "deputy"), ({}, {"state": "tracking"}), api=True),
    Case("api:list_assignments", ("liaison", "coordinator"), ({}, {"box": "overdue"}), api=True),
    Case("api:list_replies", ("registry", "liaison", "deputy"), api=True),
    Case("api:list_categories", ("registry", "deputy"), api=True),
    Case(
        "api:list_events",
        ("registry", "liaison"),
        kwargs=lambda w: {"submission_id": w.urged.pk},
        api=True,
    ),
]

#: Every other named URL, with why it is not a list (forms, single objects, actions, files, the schema).
NOT_LISTS: dict[str, str] = {
    "login": "登录表单",
    "logout": "退出登录（POST）",
    "submissions:action": "办理动作（POST）",
    "submissions:classify": "分类表单",
    "submissions:bulk_register": "批量立案（POST）",
    "submissions:new": "起草表单",
    "submissions:edit": "修改表单",
    "submissions:delete": "删除草稿（POST）",
    "submissions:upload": "上传附件（POST）",
    "submissions:download": "下载附件",
    "submissions:remove_attachment": "删除附件（POST）",
    "submissions:invite": "邀请联名（POST）",
    "submissions:uninvite": "撤回邀请（POST）",
    "submissions:respond": "答复邀请（POST）",
    "submissions:import": "纸质件导入表单",
    "submissions:import_template": "导入模板文件",
    "assignments:detail": "单个承办件",
    "assignments:action": "办理动作（POST）",
    "assignments:request_adjustment": "调整申请表单",
    "assignments:plan": "单件交办方案",
    "assignments:plan_action": "交办动作（POST）",
    "assignments:adjustment_action": "调整申请决定（POST）",
    "assignments:bulk": "批量交办（POST）",
    "handling:workspace": "单件办理工作台",
    "handling:plan": "办理方案（POST）",
    "handling:contact": "沟通记录（POST）",
    "handling:reply": "答复表单",
    "handling:opinion": "会办意见表单",
    "handling:extension": "延期申请（POST）",
    "handling:lapse": "记录会办逾期（POST）",
    "handling:reply_page": "单份答复",
    "handling:reply_action": "答复动作（POST）",
    "handling:opinion_action": "会办意见动作（POST）",
    "handling:extension_action": "延期决定（POST）",
    "handling:letter": "答复函文件",
    "evaluation:rate": "评价表单",
    "evaluation:follow_up": "二次答复表单",
    "evaluation:follow_up_action": "二次答复动作（POST）",
    "evaluation:close_commitment": "承诺销号（POST）",
    "evaluation:review_record": "回头看记录（POST）",
    "supervision:urge": "催办（POST）",
    "supervision:item_topic": "列入重点督办（POST）",
    "supervision:assess": "第三方评估表单",
    "supervision:choose_excellent": "评选优秀（POST）",
    "supervision:record": "督办记录表单",
    "supervision:file": "督办附件文件",
    "supervision:topic_new": "新建专题表单",
    "supervision:topic_edit": "修改专题表单",
    "supervision:topic_add": "专题添加事项（搜索片段，至多固定条数）",
    "supervision:topic_remove": "专题移除事项（POST）",
    "supervision:topic_action": "专题动作（POST）",
    "supervision:lagging_urge": "一键催办（POST）",
    "supervision:scheme_new": "考核方案表单",
    "supervision:scheme_edit": "考核方案表单",
    "supervision:withdraw_excellent": "撤销优秀（POST）",
    "textindex:similar": "相似件片段（至多5条，由检索排序）",
    "notifications:open": "打开一条通知",
    "notifications:read": "标记已读（POST）",
    "notifications:read_all": "全部已读（POST）",
    "notifications:preferences": "通知设置表单",
    "accounts:security": "账号安全信息",
    "accounts:otp_setup": "绑定动态口令",
    "accounts:otp_verify": "验证动态口令",
    "accounts:password_change": "修改密码表单",
    "accounts:password_change_done": "修改密码完成",
    "publications:preview": "公开预览（POST）",
    "publications:publish": "批量公开（POST）",
    "publications:edit": "单份公开版本表单",
    "publications:withdraw": "撤回公开（POST）",
    "publications:report_publish": "发布报告（POST）",
    "publications:report_unpublish": "撤下报告（POST）",
    "publications:report_file": "报告文件",
    "portal:reply": "单份公开答复",
    "portal:report_download": "报告文件",
    "api_tokens:revoke": "吊销令牌（POST）",
    "reports:rectification_edit": "整改事项表单",
    "reports:rectification_delete": "删除整改事项（POST）",
    "api:openapi-json": "接口定义",
    "api:openapi-view": "接口文档页面",
    "api:api-root": "接口根路径",
    "api:me": "当前用户",
    "api:get_statistics": "统计数字（按维度汇总，不列行）",
    "api:submit_submission": "提交建议（POST）",
    "api:get_submission": "单件",
    "api:get_assignment": "单个承办件",
    "api:sign_receipt": "签收（POST）",
    "api:send_opinion": "会办意见（POST）",
    "api:put_reply": "答复（PUT）",
    "api:get_reply": "单份答复",
    "api:act_on_reply": "答复动作（POST）",
    "api:rate_reply": "评价（POST）",
}


# -- the URL map: every name is a list in CASES or a reason in NOT_LISTS ---------------------------------


def _patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue  # the Django admin: its change lists are Django's, with list_select_related
            out += _patterns(p, namespace + (f"{p.namespace}:" if p.namespace else ""))
        elif p.name:
            out.append((namespace + p.name, p))
    return out


def _all_cases() -> list[Case]:
    return CASES + API_CASES


def test_every_url_is_a_listed_list_or_says_why_not() -> None:
    names = {name for name, _ in _patterns(get_resolver())}
    covered = {c.name for c in _all_cases()}
    unknown = sorted(names - covered - set(NOT_LISTS))
    assert not unknown, (
        "这些网址既不在查询数测试的 CASES/API_CASES 中，也未在 NOT_LISTS 说明不是列表："
        f"{', '.join(unknown)}。列表页请加入 CASES（见 docs/performance.md「查询数测试 (N+1)」）。"
    )
    stale = sorted((covered | set(NOT_LISTS)) - names)
    assert not stale, f"这些名称已不是网址，请从查询数测试中删去：{', '.join(stale)}"
    both = sorted(covered & set(NOT_LISTS))
    assert not both, f"这些网址同时列为列表和非列表：{', '.join(both)}"


def test_every_api_operation_answering_a_page_is_swept() -> None:
    from banli.api.api import api

    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    pages = set()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            ok = op.get("responses", {}).get(200, op.get("responses", {}).get("200", {}))
            ref = ok.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            props = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            if method == "get" and {"count", "items"} <= set(props):
                pages.add(resolve(re.sub(r"\{[^}]+\}", "1", path)).view_name)
    assert pages, "OpenAPI 中找不到任何分页接口：检测方法已失效"
    missing = sorted(pages - {c.name for c in API_CASES})
    assert not missing, f"这些分页接口未纳入查询数测试 API_CASES：{', '.join(missing)}"


# -- measuring -------------------------------------------------------------------------------------


def _fill(params: dict[str, Any], w: World) -> dict[str, Any]:
    """The query string with the world's ids put in: ``{unit_a}``, ``{npc}``, ``{session}``."""
    ids = {"unit_a": w.org.units.unit_a.pk, "npc": w.org.npc.pk, "session": w.org.session.pk}
    return {k: str(v).format(**ids) for k, v in params.items()}


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


CSRF = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]*')


@dataclass
class Measure:
    queries: list[str]
    status: int
    #: What shows the list's rows: the row count of a spreadsheet, an API page or a paginated page,
    #: else the page itself without its per-request tokens.
    size: int | bytes


def _size(response: Any, body: bytes) -> int | bytes:
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return sum(1 for sheet in book.worksheets for _ in sheet.iter_rows())
    if kind.startswith("application/json"):
        return int(json.loads(body)["count"])
    page = _list_page(response.context)
    if page is not None:
        return page.paginator.count
    return CSRF.sub(rb"\1", body)


def _client(org: SimpleNamespace, who: str | None) -> Client:
    client = Client()
    if who is not None:
        client.force_login(getattr(org.users, who))
    return client


class Sweep:
    """One logged-in client per user (and one API token), kept between the two measurements."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.clients: dict[str | None, Client] = {}
        self.keys: dict[str, str] = {}
        self.warm: set[str] = set()
        #: Both measurements at one instant: what is written at most once a minute (a token's last use)
        #: or depends on the clock is the same for both.
        self.now = timezone.now()

    def _headers(self, who: str | None) -> dict[str, str]:
        if who is None:
            return {}
        if who not in self.keys:
            self.keys[who] = create_token(getattr(self.world.org.users, who), "查询数测试", 30).key
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def measure(self, case: Case, who: str | None, params: dict[str, Any]) -> Measure:
        w = self.world
        if who not in self.clients:
            self.clients[who] = _client(w.org, who)
        client = self.clients[who]
        headers = self._headers(who) if case.api else {}
        url = reverse(case.name, kwargs=case.kwargs(w) if case.kwargs else None)
        query = _fill(params, w)
        with time_machine.travel(self.now, tick=False):
            return self._measure(client, url, query, headers, f"{case.name} {who}")

    def _measure(
        self, client: Client, url: str, query: dict[str, str], headers: dict[str, str], label: str
    ) -> Measure:
        # Warm once per page and user: the session, caches loaded once per process, the token's first use.
        if label not in self.warm:
            _body(client.get(url, query, headers=headers))
            self.warm.add(label)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, query, headers=headers)
            body = _body(response)
        size = _size(response, body) if response.status_code == 200 else b""
        return Measure([q["sql"] for q in ctx.captured_queries], response.status_code, size)


def _shape(sql: str) -> str:
    """The statement without its numbers and quoted values, so the same query per row counts as one."""
    sql = re.sub(r"'[^']*'", "?", sql)
    return re.sub(r"\b\d+\b", "?", sql)


def _grown(few: list[str], many: list[str]) -> str:
    extra = Counter(map(_shape, many)) - Counter(map(_shape, few))
    return "\n".join(f"    +{n} × {sql[:300]}" for sql, n in extra.most_common(5))


def _label(case: Case, who: str | None, params: dict[str, Any]) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{case.name}{'?' + query if query else ''} as {who or '访客'}"


def _list_page(context: Any) -> Page | None:
    """The paginated list a rendered page shows, if any."""
    if context is None:
        return None
    flat: dict[str, Any] = {}
    for layer in context:
        flat.update(layer.flatten() if hasattr(layer, "flatten") else layer)
    for value in flat.values():
        if isinstance(value, ListPage):
            return value.page
        if isinstance(value, Page):
            return value
    return None


@pytest.mark.django_db
def test_no_list_queries_once_per_row(org: SimpleNamespace) -> None:
    """The sweep: each list as each of its users, with FEW rows and with MORE rows, the same queries."""
    world = World(org)
    world.grow(FEW)
    sweep = Sweep(world)
    runs = [(c, who, p) for c in _all_cases() for who in c.users for p in c.params]
    before = {_label(c, who, p): sweep.measure(c, who, p) for c, who, p in runs}
    refused = [f"{label}: {m.status}" for label, m in before.items() if m.status != 200]
    assert not refused, "这些列表没有打开（角色不对或参数不对）：" + "; ".join(refused)
    world.grow(MORE - FEW)
    CategoryFactory.create_batch(MORE - FEW, jurisdiction=org.jurisdiction)  # the API's category list
    sweep.warm.clear()  # caches keyed on the data (the portal's filter choices) are renewed once: warm again
    problems, unchanged = [], []
    for case, who, params in runs:
        label = _label(case, who, params)
        few, many = before[label], sweep.measure(case, who, params)
        assert many.status == 200, f"{label}: 状态 {many.status}"
        if len(many.queries) != len(few.queries):
            problems.append(
                f"{label}: {FEW} 行 {len(few.queries)} 次查询, {MORE} 行 {len(many.queries)} 次\n"
                + _grown(few.queries, many.queries)
            )
        grew = many.size > few.size if isinstance(few.size, int) else many.size != few.size
        if not grew:
            unchanged.append(f"{label} ({few.size if isinstance(few.size, int) else '页面'})")
    assert not problems, "列表的查询数随行数增长（N+1）：\n" + "\n".join(problems)
    assert not unchanged, (
        "这些列表在增加行之后内容不变，测试没有覆盖到它们的行（请让 list_world.World.grow 为它们增加行）："
        + ", ".join(unchanged)
    )


@pytest.mark.django_db
def test_every_page_that_renders_a_list_is_swept(org: SimpleNamespace) -> None:
    """A page without arguments that puts a paginated list in its context must be one of ``CASES``.

    Empty lists render their page too, so ``org`` alone shows them; one user per kind of role asks each
    page not in ``CASES`` (and ``submissions:list``, to prove the detection still sees a list)."""
    covered = {c.name for c in CASES}
    control = "submissions:list"
    found, missed = set(), []
    for name, pattern in _patterns(get_resolver()):
        if pattern.pattern.converters or name.startswith("api:") or name == "logout":
            continue
        if name in covered and name != control:
            continue
        for who in (
            "registry",
            "coordinator",
            "liaison",
            "leader",
            "committee_member",
            "deputy",
            "auditor",
            None,
        ):
            response = _client(org, who).get(reverse(name))
            if response.status_code == 200 and _list_page(response.context) is not None:
                found.add(name)
                if name not in covered:
                    missed.append(f"{name} as {who or '访客'}")
    assert control in found, "检测不到 submissions:list 的分页列表：检测方法已失效"
    assert not missed, "这些页面显示分页列表，却不在查询数测试 CASES 中：" + ", ".join(missed)
