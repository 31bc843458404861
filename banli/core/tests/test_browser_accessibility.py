"""Accessibility in a real browser: axe-core finds no serious or critical violation on any page a role can
reach over items at every step (desktop, and a phone for the deputy's and the member's pages and the public
portal); the main forms work from the keyboard alone, in order, with a visible focus."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Browser, Error, Page, expect

from banli.core.models import User
from banli.core.selectors import navigation
from banli.core.tests.axe import Violation, assert_accessible, report, serious_violations
from banli.core.tests.browser import DESKTOP, PHONE, artifacts_dir, log_in, new_page
from banli.core.tests.factories import PASSWORD, SubmissionFactory
from banli.core.tests.keyboard import assert_tab_order
from banli.core.workflow import transition
from banli.evaluation.models import RatingOption
from banli.evaluation.services import Rating, evaluate
from banli.evaluation.tests.test_rating import answered, send
from banli.handling.tests.conftest import complete_draft, contact, handled
from banli.portal.tests.conftest import publish, sent_reply
from conftest import build_org

pytestmark = pytest.mark.browser

#: Pages that answer with a file or change something. Django's admin is checked at its index only, and the
#: API (django-ninja's own Swagger page and JSON) not at all: neither is Banli's markup.
NOT_PAGES = {
    "logout",
    "submissions:download",
    "submissions:import_template",
    "handling:letter",
    "supervision:file",
    "portal:report_download",
    "publications:report_file",
}
#: Query parameters that turn a list into a download.
DOWNLOAD_PARAMS = {"export", "format", "download"}
#: Pages that read the same for everyone (one's own account): checked for the first role only.
PERSONAL = {
    "accounts:security",
    "accounts:password_change",
    "accounts:otp_setup",
    "notifications:preferences",
    "api_tokens:list",
}
#: The pages the crawl must reach in this world: every list, detail page and form of the chain.
EXPECTED_PAGES = {
    "login",
    "home",
    "portal:home",
    "portal:replies",
    "portal:reply",
    "portal:reports",
    "submissions:list",
    "submissions:detail",
    "submissions:new",
    "submissions:edit",
    "assignments:list",
    "assignments:detail",
    "assignments:plan",
    "handling:workspace",
    "handling:reply_page",
    "handling:checks",
    "evaluation:mine",
    "publications:due",
    "reports:dashboard",
    "supervision:index",
    "audit:records",
    "admin:index",
    "notifications:inbox",
    "accounts:security",
}
#: More than the busiest role reaches (the registry office, about 40 kinds of page).
MAX_PAGES = 80


@dataclass
class Crawl:
    """Every kind of page a user reaches by links from the starting pages, each checked once: a list's
    ten detail links, or a dashboard's twenty filtered lists, cost one visit. The starting pages (the
    navigation, whose entries may differ only by their query) are all visited."""

    page: Page
    label: str
    seen: set[str] = field(default_factory=set)
    shared: set[str] = field(default_factory=set)  # PERSONAL pages seen by an earlier crawl
    visited: list[str] = field(default_factory=list)
    problems: dict[str, list[Violation]] = field(default_factory=dict)

    def view_name(self, url: str) -> str | None:
        """The view a link leads to; None for another site, a file, a download or a page not checked."""
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != urlsplit(self.page.url).netloc:
            return None
        if parts.path.startswith("/api/"):
            return None
        try:
            match = resolve(parts.path)
        except Resolver404:
            return None
        if match.view_name in NOT_PAGES or DOWNLOAD_PARAMS & {k for k, _ in parse_qsl(parts.query)}:
            return None
        if match.namespace == "admin" and match.url_name != "index":
            return None
        return match.view_name

    def run(self, starts: list[str]) -> None:
        starts = [url for url in starts if self.view_name(url) not in self.shared]
        queue = [link for url in starts for link in self.check(url)]
        while queue and len(self.visited) < MAX_PAGES:
            url = queue.pop(0)
            name = self.view_name(url)
            if name is not None and name not in self.seen and name not in self.shared:
                queue.extend(self.check(url))

    def check(self, url: str) -> list[str]:
        """Visit a page and run axe on it; answer the links on it."""
        name = self.view_name(url)
        assert name is not None, url
        self.seen.add(name)
        if name in PERSONAL:
            self.shared.add(name)
        try:
            response = self.page.goto(url)
        except Error as error:  # a link to a file the lists above do not know
            if "Download is starting" in str(error):
                return []
            raise
        assert response is not None and response.ok, (
            f"{self.label}：{url} 返回 {response and response.status}"
        )
        self.visited.append(url)
        found = serious_violations(self.page)
        if found:
            self.problems[f"{self.label} {url}"] = found
        hrefs = self.page.eval_on_selector_all(
            "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
        )
        return [h for h in hrefs if h and not h.startswith(("#", "mailto:", "tel:", "javascript:"))]


def build_world() -> SimpleNamespace:
    """``build_org()`` with an item at every step a page shows differently: drafts, submitted, to assign,
    received by a lead and a co-handler, a reply waiting for its reviewing head, a sent reply waiting for
    the deputy's rating, a rated and closed item, and a published reply on the portal."""
    org = build_org()
    deputy = org.deputy
    SubmissionFactory(
        lead_author=deputy, state="draft", session=org.session, title="关于改善城区停车难的建议"
    )
    SubmissionFactory(lead_author=deputy, state="submitted", session=org.session, number=None)
    SubmissionFactory(lead_author=org.member, state="draft", title="关于发展社区托育服务的提案")
    assigning = SubmissionFactory(
        lead_author=deputy, state="assigning", session=org.session, number=12, system="government"
    )
    handled(org, number=21)  # lead and co-handler at work
    reviewed = handled(org, co=False, number=22)
    contact(org, reviewed.lead)
    complete_draft(org, reviewed.lead)
    under_review = reviewed.lead.replies.get()
    transition(under_review, "submit", org.users.handler)
    for number in (23, 24):
        item = handled(org, co=False, number=number)
        contact(org, item.lead)
        reply = send(org, item.lead)
    evaluate(
        reply.recipients.get(),
        org.users.deputy,
        Rating(RatingOption.objects.get(jurisdiction=None, code="satisfied")),
    )
    publish(org, sent_reply(org, title="关于加快社区养老服务设施建设的建议"))
    # Pages of one item among several on a list, which the crawl (one detail page per view) may not open.
    org.starts = {
        org.users.coordinator.pk: [f"/assignments/plan/{assigning.pk}/"],
        org.users.reviewing_head.pk: [f"/handling/replies/{under_review.pk}/"],
    }
    return org


@pytest.fixture
def world(django_db_serialized_rollback: None, transactional_db: None) -> SimpleNamespace:
    """The world, committed for the live server."""
    return build_world()


def world_users(org: SimpleNamespace) -> list[User]:
    """One user of every role (the second liaison, coordinator, registry and deputy would see the same
    pages as the first)."""
    u = org.users
    return [
        u.registry,
        u.coordinator,
        u.liaison,
        u.handler,
        u.reviewing_head,
        u.signing_head,
        u.leader,
        u.committee_member,
        u.system_admin,
        u.security_admin,
        u.auditor,
        u.deputy,
        u.member,
    ]


def crawl_as(
    chromium: Browser,
    live_server,  # type: ignore[no-untyped-def]
    user: User | None,
    viewport: dict[str, int],
    shared: set[str],
    starts: dict[int, list[str]] | None = None,
) -> Crawl:
    """Crawl as the user (None: the public, from the login page and the portal) in a browser of its own,
    from the navigation and the user's own ``starts``; ``shared`` collects the PERSONAL pages checked,
    for the next crawls to skip."""
    page = new_page(chromium, live_server, viewport)
    try:
        crawl = Crawl(page, user.username if user else "公众", shared=shared)
        if user is None:
            crawl.run(["/login/", "/public/"])
        else:
            log_in(page, user.username)
            own = (starts or {}).get(user.pk, [])
            crawl.run([item.url for item in navigation(user)] + ["/notifications/", "/account/", *own])
    finally:
        page.context.close()
    return crawl


@pytest.mark.once
def test_every_page_of_every_role_passes_axe_and_the_deputys_and_the_portal_on_a_phone(
    world: SimpleNamespace, chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    shared: set[str] = set()
    crawls = [crawl_as(chromium, live_server, None, DESKTOP, shared)]
    crawls += [
        crawl_as(chromium, live_server, user, DESKTOP, shared, world.starts) for user in world_users(world)
    ]
    phone_users = [world.users.deputy, world.users.member]
    phone = [crawl_as(chromium, live_server, user, PHONE, set()) for user in [None, *phone_users]]
    lines = [
        f"{c.label}（{w}）: {len(c.visited)} 页\n  " + "\n  ".join(c.visited)
        for c, w in [(c, "1280px") for c in crawls] + [(c, "390px") for c in phone]
    ]
    (artifacts_dir() / "accessibility-pages.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = {where: found for crawl in crawls for where, found in crawl.problems.items()}
    problems |= {f"{where}（390px）": found for crawl in phone for where, found in crawl.problems.items()}
    assert not problems, report(problems)
    covered = {name for crawl in crawls for name in crawl.seen}
    assert covered >= EXPECTED_PAGES, sorted(EXPECTED_PAGES - covered)
    for desktop, small in zip(crawls[:1] + crawls[-2:], phone, strict=True):
        assert desktop.seen <= small.seen, f"{small.label}：390px 时少了 {sorted(desktop.seen - small.seen)}"


def open_checked(page: Page, user: User, url: str, context: str) -> Page:
    """Log the user in, open the form's page and run axe on it, as the form is before any typing."""
    log_in(page, user.username)
    page.goto(url)
    assert_accessible(page, context=context)
    return page


def test_logging_in_with_the_keyboard_alone(live_org: SimpleNamespace, browser_page: Page) -> None:
    page = browser_page
    page.goto("/login/")
    assert assert_tab_order(page, "main form", submit="登录") == ["用户名", "密码", "登录"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type(live_org.users.liaison.username)
    page.keyboard.press("Tab")
    page.keyboard.type("不是这个密码")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    assert_accessible(page, context="登录失败")  # the error is tied to the fields it is about
    page.get_by_label("密码").focus()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_a_deputy_drafts_with_the_keyboard_alone(live_org: SimpleNamespace, browser_page: Page) -> None:
    page = open_checked(browser_page, live_org.users.deputy, "/submissions/new/", "起草")
    assert assert_tab_order(page, "#draft-form", submit="保存草稿") == [
        "建议",  # the kind: one stop for the group, the arrows choose
        "案由",
        "问题/情况",
        "建议/办法",
        "分类",
        "同意公开办理复文",
        "不同意公开理由",
        "涉及国家秘密（涉密件不在系统中处理正文）",
        "保存草稿",
    ]
    page.get_by_label("案由").focus()
    page.keyboard.type("关于增设城区公交线路的建议")
    page.get_by_role("button", name="保存草稿").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="修改建议")).to_be_visible()


def test_a_handler_writes_the_reply_with_the_keyboard_alone(
    live_org: SimpleNamespace, browser_page: Page
) -> None:
    item = handled(live_org, co=False)
    contact(live_org, item.lead)
    page = open_checked(browser_page, live_org.users.handler, f"/handling/{item.lead.pk}/", "办理")
    assert assert_tab_order(page, "#reply-form", submit="提交审核") == [
        "A 已经解决或基本解决",
        "答复正文",
        "联系人",
        "联系电话",
        "抄送",
        "新的承诺内容",
        "完成时限",
        "保存答复稿",
        "提交审核",
    ]


def test_a_deputy_rates_the_reply_with_the_keyboard_alone(
    live_org: SimpleNamespace, browser_page: Page
) -> None:
    answered(live_org)
    page = open_checked(browser_page, live_org.users.deputy, "/evaluation/mine/", "评价")
    assert assert_tab_order(page, "main form[action*='/evaluation/rate/']", submit="提交评价") == [
        "满意",
        "办理前是否与您沟通",
        "办理态度",
        "答复针对性",
        "意见（不满意时必填）",
        "提交评价",
    ]
    page.keyboard.press("Shift+Tab")  # back to the radios: the arrows move the choice within the group
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("基本满意")).to_be_checked()
