"""One session year of the demo city (宿州市), end to end in Chromium, played by the demo's own users.

六届五次会议 opens on 10 January 2026. During the session deputies draft and co-sign; the registry
(代表工委) registers, merges and rejects; the government office (市政府办) assigns one item to a sole unit,
one to a lead with a co-handler, one to two units separately. The units sign, contact the deputies, consult
and reply through their internal approval; the office returns one reply, grants one extension; in April one
unit has missed its deadline and is urged. Deputies rate the replies (one 不满意, handled again); a reply is
published and found on the portal; the year's handling report (Word) and ledger (Excel) are checked against
the database. The deputies' part runs on a phone (390 px) as well as at the desk.

The clock moves with :func:`banli.core.tests.manual.at` (time-machine, shared by the live server), never by
sleeping. ``make manual`` runs this with ``BANLI_MANUAL=1`` to retake the manual's screenshots.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from io import BytesIO, StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Browser, Page, expect

from banli.assignments.models import Assignment
from banli.core import demo
from banli.core.models import AssemblyKind, Member, RoleCode
from banli.core.tests.browser import PHONE
from banli.core.tests.manual import Cast, accessibility_checked, act, at, shot, staff_of, visit
from banli.documents.tests.docx_reading import open_docx
from banli.portal.services import default_title
from banli.submissions.models import Submission

pytestmark = [pytest.mark.browser, pytest.mark.otp]

SESSION_DAY = dt.date(2026, 1, 12)  # Monday, the third day of 六届五次会议
HANDLING_DAY = dt.date(2026, 1, 14)
WINTER_RATING_DAY = dt.date(2026, 1, 26)  # within the month the deputies have to rate
SPRING_DAY = dt.date(2026, 4, 20)  # past the three months of the replies assigned on 12 January
RATING_DAY = dt.date(2026, 5, 11)

HOUSING, POLICE, AGRI = "市住房和城乡建设局", "市公安局", "市农业农村局"
DRC = demo.HANDLING_UNITS[0][0]  # 市发展和改革委员会: the demo's own unit logins

PARK = "关于推进城区口袋公园建设的建议"
PARKING = "关于加快推进城区公共停车设施建设的建议"  # demo item, assigned separately
RURAL = "关于进一步完善项目管理机制，提高财政衔接乡村振兴资金效益的建议"  # demo item, lead + co
SCHOOL_PARKING = "关于在中小学周边增设临时停车泊位的建议"  # merged into PARKING
PRIVATE = "关于解决本人所住小区物业纠纷的建议"  # not registered


@dataclass(frozen=True)
class Draft:
    title: str
    category: str
    problem: str
    advice: str


DRAFTS = {
    PARK: Draft(
        PARK,
        "城市规划",
        "城区老城片区建筑密集，群众步行十分钟内可达的休闲绿地较少，老人和儿童缺少就近活动的场所。",
        "一是利用边角地、拆违空地建设口袋公园；二是将口袋公园纳入城市更新计划，每年建成一批；"
        "三是建立社区参与的管护机制。",
    ),
    SCHOOL_PARKING: Draft(
        SCHOOL_PARKING,
        "交通出行",
        "城区中小学周边没有接送停车泊位，上下学时段车辆占道停放，学生安全受到影响。",
        "在学校周边道路施划限时停车泊位，高峰时段免费短停。",
    ),
    PRIVATE: Draft(
        PRIVATE,
        "其他",
        "本人所住小区物业公司服务不到位，与业主发生纠纷。",
        "请有关部门出面协调本人与物业公司的纠纷。",
    ),
}


def npc_member(index: int) -> Member:
    spec = demo.people().members[AssemblyKind.NPC][index]
    return Member.objects.select_related("user").get(user__username=spec.username, assembly__kind="npc")


def item(title: str) -> Submission:
    return Submission.objects.get(title=title)


def draft_and_submit(
    page: Page, draft: Draft, cosigner: Member | None = None, cast: Cast | None = None
) -> None:
    """The deputy drafts an item, optionally invites a co-signer (who confirms on a phone), and submits."""
    chapter = "daibiao"
    visit(page, "/submissions/?mine=1")
    act(page, page.get_by_role("link", name="起草建议提案"))
    page.get_by_label("案由").fill(draft.title)
    page.get_by_label("问题/情况").fill(draft.problem)
    page.get_by_label("建议/办法").fill(draft.advice)
    page.get_by_label("分类").select_option(label=draft.category)
    if cosigner is None:
        act(page, page.get_by_role("button", name="保存草稿"), "草稿已保存")
    else:
        shot(page, f"{chapter}/01-draft")
        act(page, page.get_by_role("button", name="保存草稿"), "草稿已保存")
        page.get_by_label("邀请联名的代表/委员").select_option(label=f"{cosigner.name}（{cosigner.group}）")
        act(page, page.get_by_role("button", name="发出邀请"), "已邀请 1 人联名")
        shot(page, f"{chapter}/02-invited")
        assert cast is not None
        with cast.as_(cosigner.user.username, phone=True) as other:
            act(other, other.locator('[data-todo="待确认联名"]'))
            box = other.get_by_placeholder("附言（可选）").bounding_box()
            assert box and box["x"] + box["width"] <= PHONE["width"], box  # the answer fits the phone
            shot(other, f"{chapter}/03-cosign-phone")
            act(other, other.get_by_role("button", name="确认联名"), "已确认联名")
        visit(page, page.url)
        expect(page.locator(f'[data-cosigner="{cosigner.name}"]')).to_contain_text("已确认")
    act(page, page.get_by_role("button", name="提交", exact=True), "已提交")
    expect(page.locator("[data-state]")).to_have_text("待审查")


def test_a_session_year_of_the_demo_city(
    chromium: Browser,
    live_server,
    transactional_db,
    django_db_serialized_rollback,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.BANLI_DEMO = True  # as `make run`: the demo accounts log in without the second factor
    cast = Cast(chromium, live_server)
    try:
        play_the_year(cast)
        checked = accessibility_checked()
        print(f"无障碍检查：{checked} 类页面（按宽度计）")
        assert checked >= 30, "every kind of page the year reaches is checked by axe-core (33 in 2026-12)"
    finally:
        connections.close_all()  # those of Playwright's event loop too (see banli.core.tests.browser)


def play_the_year(cast: Cast) -> None:
    with at(SESSION_DAY, 8):
        call_command("load_demo", "--quiet")
        session_intake(cast)
    with at(HANDLING_DAY):
        winter_handling(cast)
    with at(WINTER_RATING_DAY):
        winter_ratings(cast)
    with at(SPRING_DAY):
        spring_supervision(cast)
    with at(RATING_DAY):
        spring_ratings_and_disclosure(cast)
        year_report(cast)
        oversight(cast)


def session_intake(cast: Cast) -> None:
    """提: drafts and co-signatures during the session; the registry registers, merges and rejects; 交:
    the registry sends to the government system, the office assigns three ways."""
    cosigner, second = npc_member(1), npc_member(2)
    with cast.as_("daibiao") as deputy:
        shot(deputy, "daibiao/00-home")
        draft_and_submit(deputy, DRAFTS[PARK], cosigner, cast)
    with cast.as_(second.user.username, phone=True) as phone:
        draft_and_submit(phone, DRAFTS[SCHOOL_PARKING])
        shot(phone, "daibiao/04-submitted-phone")
        draft_and_submit(phone, DRAFTS[PRIVATE])
    parking = item(PARKING)
    with cast.as_("gongwei") as registry:
        shot(registry, "gongwei/00-home")
        act(registry, registry.locator('[data-todo="待审查"]'))
        shot(registry, "gongwei/01-to-review")
        visit(registry, f"/submissions/{item(PARK).pk}/")
        shot(registry, "gongwei/02-review")
        act(registry, registry.get_by_role("button", name="立案", exact=True), "已立案")
        registry.get_by_label("办理系统").select_option(label="政府系统")
        act(registry, registry.get_by_role("button", name="转交办理系统"), "已转交办理系统")
        visit(registry, f"/submissions/{item(SCHOOL_PARKING).pk}/")
        registry.get_by_label("并入同一会议（年度）的第几号").fill(str(parking.number))
        registry.get_by_label("并案的意见或理由（可选）").fill(
            f"与第{parking.number}号均涉及城区停车设施，并案办理。"
        )
        shot(registry, "gongwei/03-merge")
        act(registry, registry.get_by_role("button", name="并案"), "已并案")
        visit(registry, f"/submissions/{item(PRIVATE).pk}/")
        registry.get_by_label("不予立案理由").select_option("属于代表/委员个人事务或家庭私事")
        act(registry, registry.get_by_role("button", name="不予立案"), "已不予立案")
    assert item(SCHOOL_PARKING).merged_into_id == parking.pk
    assert item(PRIVATE).state == "not_registered"
    with cast.as_("zhengfuban") as office:
        shot(office, "zhengfuban/00-home")
        assign(office, PARK, "单独办理", HOUSING, [])
        assign(office, RURAL, "主办+会办", DRC, [AGRI])
        assign(office, PARKING, "分别办理", HOUSING, [POLICE])
    modes = {t: item(t).handling_mode for t in (PARK, RURAL, PARKING)}
    assert modes == {PARK: "sole", RURAL: "lead_co", PARKING: "separate"}


def assign(office: Page, title: str, mode: str, lead: str, others: list[str]) -> None:
    visit(office, "/")
    act(office, office.locator('[data-todo="待交办"]'))
    act(office, office.get_by_role("link", name=title))
    act(office, office.get_by_role("link", name="交办", exact=True))
    office.get_by_role("radio", name=mode).check()
    office.get_by_label("主办（单独）单位").select_option(label=lead)
    if others:
        office.get_by_label("会办单位（分别办理时为各承办单位）").select_option(label=others)
    if mode == "主办+会办":
        shot(office, "zhengfuban/01-assign")
    act(office, office.get_by_role("button", name="正式交办"), "已正式交办")
    expect(office.locator("[data-state]")).to_have_text("办理中")


# ---- 办: receipt, consultation, replies ------------------------------------------------------------------


def assignment(title: str, unit: str) -> Assignment:
    return Assignment.objects.filter(submission__title=title, unit__name=unit).order_by("-round").first()  # type: ignore[return-value]


def result_label(code: str) -> str:
    from banli.handling.models import ResultCategory

    category = ResultCategory.objects.get(scheme__code="abc", scheme__jurisdiction__isnull=True, code=code)
    return f"{category.code} {category.name}"


def sign_receipt(cast: Cast, unit: str, titles: list[str], chapter: str = "") -> None:
    """The unit's liaison signs receipt of its new items and appoints the unit's handler to each."""
    handler = staff_of(unit, RoleCode.HANDLER)
    with cast.as_(staff_of(unit, RoleCode.LIAISON)) as liaison:
        for title in titles:
            visit(liaison, "/assignments/?box=to_sign")
            if chapter:
                shot(liaison, f"{chapter}/01-to-sign")
            row = liaison.locator(f'tr:has-text("{title}")')
            act(liaison, row.get_by_role("button", name="签收"), "已签收")
            visit(liaison, f"/assignments/{assignment(title, unit).pk}/")
            from banli.core.models import User

            liaison.get_by_label("经办人").select_option(
                label=User.objects.get(username=handler).display_name
            )
            if chapter:
                shot(liaison, f"{chapter}/02-appoint")
            act(liaison, liaison.get_by_role("button", name="指定经办人"), "已指定经办人")


def contact_and_draft(
    page: Page, url: str, result: str, text: str, way: str = "phone", notes: str = "", chapter: str = ""
) -> None:
    """The handler records a contact with the deputy, writes the reply and submits it for review."""
    visit(page, url)
    page.get_by_label("方式").select_option(way)
    page.get_by_label("沟通情况").fill(notes or "电话听取代表意见，介绍办理思路，代表表示认可。")
    act(page, page.get_by_role("button", name="保存沟通记录"), "沟通记录已保存")
    page.get_by_label(result_label(result)).check()
    page.get_by_label("答复正文").fill(text)
    page.get_by_label("联系人", exact=True).fill("张明")
    page.get_by_label("联系电话", exact=True).fill("0557-3021234")
    if chapter:
        shot(page, f"{chapter}/02-reply-draft")
    act(page, page.get_by_role("button", name="提交审核"), "已提交分管负责人审核")


def approve_and_sign(cast: Cast, unit: str, url: str, chapter: str = "") -> None:
    """The reviewing head approves the reply, the signing head signs it (the unit's 文号 is taken)."""
    with cast.as_(staff_of(unit, RoleCode.REVIEWING_HEAD)) as head:
        visit(head, url)
        if chapter:
            shot(head, f"{chapter}/01-review")
        act(head, head.get_by_role("button", name="审核通过"), "操作已完成")
    with cast.as_(staff_of(unit, RoleCode.SIGNING_HEAD)) as signer:
        visit(signer, url)
        if chapter:
            shot(signer, f"{chapter}/02-sign")
        act(signer, signer.get_by_role("button", name="签发", exact=True))
        expect(signer.locator("[data-reply-state]")).to_have_text("已签发待审核")


def office_sends(cast: Cast, title: str, chapter: str = "") -> None:
    with cast.as_("zhengfuban") as office:
        visit(office, "/handling/checks/")
        if chapter:
            shot(office, chapter)
        article = office.locator("article", has_text=title)
        act(office, article.get_by_role("button", name="审核通过并答复"), "操作已完成")


def reply_through(cast: Cast, unit: str, title: str, result: str, text: str, **contact: str) -> None:
    """A unit's whole reply: handler drafts, heads approve and sign, the office sends it."""
    url = f"/handling/{assignment(title, unit).pk}/"
    with cast.as_(staff_of(unit, RoleCode.HANDLER)) as handler:
        contact_and_draft(handler, url, result, text, **contact)
    approve_and_sign(cast, unit, url)
    office_sends(cast, title)


def winter_handling(cast: Cast) -> None:
    sign_receipt(cast, DRC, [RURAL], chapter="lianluoyuan")
    sign_receipt(cast, AGRI, [RURAL])
    sign_receipt(cast, HOUSING, [PARK, PARKING])
    sign_receipt(cast, POLICE, [PARKING])

    # the co-handler's opinion to the lead
    with cast.as_(staff_of(AGRI, RoleCode.HANDLER)) as co:
        visit(co, f"/handling/{assignment(RURAL, AGRI).pk}/")
        co.get_by_label("会办意见（送主办单位）").fill(
            "我局将把衔接资金项目纳入项目库统一管理，项目建成后及时移交村集体管护。"
        )
        shot(co, "jingbanren/04-opinion")
        act(co, co.get_by_role("button", name="送主办单位"), "会办意见已送主办单位")

    # the sole unit answers at once
    reply_through(
        cast,
        HOUSING,
        PARK,
        "A",
        "您提出的建议收悉，现答复如下。\n一、今年利用边角地建成口袋公园12处。\n二、已纳入城市更新计划。",
    )

    # the lead unit: its reply is returned once by the office
    lead_url = f"/handling/{assignment(RURAL, DRC).pk}/"
    with cast.as_("jingbanren") as handler:
        visit(handler, "/")
        shot(handler, "jingbanren/00-home")
        visit(handler, lead_url)
        expect(handler.locator("[data-co] [data-opinion-state]")).to_have_text("已送主办单位")
        shot(handler, "jingbanren/01-workspace")
        contact_and_draft(
            handler,
            lead_url,
            "B",
            "您提出的建议收悉，现答复如下。\n一、已建立衔接资金项目库。",
            chapter="jingbanren",
        )
    approve_and_sign(cast, DRC, lead_url, chapter="fenguan")
    with cast.as_("zhengfuban") as office:
        visit(office, "/handling/checks/")
        shot(office, "zhengfuban/02-checks")
        article = office.locator("article", has_text=RURAL)
        article.get_by_placeholder("退回重办理由（必填）").fill(
            "未回应代表关于项目建成后管护的建议，请补充。"
        )
        act(office, article.get_by_role("button", name="退回重办"), "操作已完成")
    with cast.as_("jingbanren") as handler:
        visit(handler, lead_url)
        expect(handler.locator("[data-reply-state]")).to_have_text("退回重办")
        shot(handler, "jingbanren/03-returned")
        handler.get_by_label("答复正文").fill(
            "您提出的建议收悉，现答复如下。\n一、已建立衔接资金项目库。\n二、项目建成后移交村集体，落实管护责任和经费。"
        )
        act(handler, handler.get_by_role("button", name="提交审核"), "已提交分管负责人审核")
    approve_and_sign(cast, DRC, lead_url)
    office_sends(cast, RURAL)

    # 住建局 asks to extend its part of the separately handled item; the office grants it
    with cast.as_(staff_of(HOUSING, RoleCode.HANDLER)) as handler:
        visit(handler, f"/handling/{assignment(PARKING, HOUSING).pk}/")
        handler.get_by_label("申请延至").fill("2026-05-29")
        handler.get_by_label("理由").fill("停车设施专项规划须经市规委会审议，会议安排在五月。")
        act(handler, handler.get_by_role("button", name="申请延期"))
    with cast.as_("zhengfuban") as office:
        visit(office, "/handling/checks/")
        row = office.get_by_role("table", name="延期申请").locator("tr", has_text=PARKING)
        shot(office, "zhengfuban/05-extension")
        act(office, row.get_by_role("button", name="批准延期"), "操作已完成")
    assert item(RURAL).state == "replied" and item(PARK).state == "replied"


# ---- 督: the missed deadline ---------------------------------------------------------------------------


def spring_supervision(cast: Cast) -> None:
    """April: 公安局 has let its reply deadline pass. The worker's sweep tells it; the office urges it."""
    call_command("run_worker", "--once")
    parking = item(PARKING)
    with cast.as_("zhengfuban") as office:
        act(office, office.locator('[data-todo="逾期滞后单位"]'))
        shot(office, "zhengfuban/03-lagging")
        visit(office, f"/supervision/items/{parking.pk}/")
        unit = office.locator(f'[data-unit="{POLICE}"]')
        expect(unit.locator("[data-overdue]")).to_have_text("已逾期")
        expect(office.locator(f'[data-unit="{HOUSING}"] [data-overdue]')).to_have_count(0)
        unit.get_by_label("催办方式").select_option("phone")
        unit.get_by_label("催办内容").fill("该件已超过答复期限，请于本周内答复代表。")
        act(office, unit.get_by_role("button", name="催办"), f"已催办{POLICE}")
        shot(office, "zhengfuban/04-urged")
    with cast.as_(staff_of(POLICE, RoleCode.HANDLER)) as handler:
        visit(handler, "/notifications/")
        expect(handler.get_by_text("该件已超过答复期限，请于本周内答复代表。")).to_be_visible()
    reply_through(
        cast,
        POLICE,
        PARKING,
        "A",
        "您提出的建议收悉，现答复如下。\n一、已在城区学校周边施划限时停车泊位380个。",
    )
    reply_through(
        cast,
        HOUSING,
        PARKING,
        "B",
        "您提出的建议收悉，现答复如下。\n一、城区停车设施专项规划已经市规委会审议通过，明年起分批建设。",
    )
    assert item(PARKING).state == "replied"


# ---- 评: ratings, the second round, disclosure --------------------------------------------------------


def rate(page: Page, title: str, label: str, comment: str = "", unit: str = "", chapter: str = "") -> None:
    """The author rates the first unrated reply of the item (of ``unit``, if given) on 我的评价."""
    visit(page, "/evaluation/mine/")
    article = page.locator("article:not(:has([data-rated]))", has_text=title)
    if unit:
        article = article.filter(has_text=unit)
    article = article.first
    article.get_by_label(label, exact=True).check()
    if comment:
        article.get_by_label("意见（不满意时必填）").fill(comment)
    if chapter:
        shot(page, chapter)
    act(page, article.get_by_role("button", name="提交评价"), f"已评价：{label}")


def winter_ratings(cast: Cast) -> None:
    """The deputies rate the January replies: one satisfied; one not, so the lead unit handles it again."""
    with cast.as_("daibiao") as deputy:
        visit(deputy, f"/submissions/{item(PARK).pk}/")
        expect(deputy.locator("[data-state]").first).to_have_text("已答复")
        shot(deputy, "daibiao/05-replied")
        rate(deputy, PARK, "满意", chapter="daibiao/06-rate")
    rural_author = item(RURAL).lead_author.user.username
    with cast.as_(rural_author, phone=True) as author:
        rate(
            author,
            RURAL,
            "不满意",
            "只讲建立项目库，没有说明已建成项目的管护经费从哪里来。",
            chapter="daibiao/07-rate-phone",
        )
    rural = item(RURAL)
    assert (rural.state, rural.round) == ("handling", 2)

    again = f"/handling/{assignment(RURAL, DRC).pk}/"
    with cast.as_("jingbanren") as handler:
        visit(handler, again)
        expect(handler.get_by_role("note").filter(has_text="当面协商（面商）")).to_be_visible()
        contact_and_draft(
            handler,
            again,
            "B",
            "您提出的建议收悉，现再次答复如下。\n一、已建成项目的管护经费由县级财政统筹衔接资金列支，今年起执行。",
            way="face",
            notes="到代表单位当面协商，说明管护经费来源，代表表示理解。",
        )
    approve_and_sign(cast, DRC, again)
    office_sends(cast, RURAL)
    with cast.as_(rural_author, phone=True) as author:
        rate(author, RURAL, "满意")
        visit(author, f"/submissions/{rural.pk}/")
        shot(author, "daibiao/08-item-phone")
    assert item(RURAL).state == "tracking"  # result B: 列入计划, followed up
    assert item(PARK).state == "closed"


def spring_ratings_and_disclosure(cast: Cast) -> None:
    parking_author = item(PARKING).lead_author.user.username
    with cast.as_(parking_author) as author:
        rate(author, PARKING, "满意", unit=POLICE)
        rate(author, PARKING, "基本满意", unit=HOUSING)
    assert item(PARKING).state == "tracking"  # 住建局 answered B: planned
    with cast.as_("gongwei") as registry:
        act(registry, registry.get_by_role("link", name="答复公开"))
        registry.get_by_label(f"选择《{PARK}》的答复").check()
        shot(registry, "gongwei/04-publish")
        act(registry, registry.get_by_role("button", name="预览并公开所选"))
        expect(registry.get_by_role("main")).not_to_contain_text("0557-3021234")
        act(registry, registry.get_by_role("button", name="确认公开以上 1 件"), "已公开答复 1 件")
    for phone in (False, True):
        with cast.public(phone=phone) as reader:
            visit(reader, "/public/")
            shot(reader, f"gongzhong/01-home{'-phone' if phone else ''}")
            reader.get_by_label("检索已公开的答复").first.fill("口袋公园")
            act(reader, reader.get_by_role("button", name="检索").first)
            # the demo's past years hold published 口袋公园 replies too: this year's is among the hits
            expect(reader.get_by_role("status")).to_contain_text("找到")
            shot(reader, f"gongzhong/02-search{'-phone' if phone else ''}")
            park = item(PARK)
            act(reader, reader.get_by_role("link", name=default_title(park)))
            expect(reader.get_by_role("main")).to_contain_text("建成口袋公园12处")
            expect(reader.get_by_role("main")).not_to_contain_text("0557-3021234")
            shot(reader, f"gongzhong/03-reply{'-phone' if phone else ''}")


# ---- the year's report and ledger ----------------------------------------------------------------------


def counted_items() -> list[Submission]:
    """This session's registered suggestions that count (not merged, rejected or withdrawn), handled by a
    government unit: what the handling report must count, straight from the tables."""
    from banli.assignments.models import AssignmentState

    formal = (AssignmentState.ASSIGNED, AssignmentState.RECEIVED, AssignmentState.REPLIED)
    return list(
        Submission.objects.filter(
            assembly__kind="npc",
            session__number=demo.CURRENT_SESSION,
            number__isnull=False,
            assignments__state__in=formal,
            assignments__unit__system="government",
        )
        .exclude(state__in=("draft", "submitted", "returned", "not_registered", "merged", "withdrawn"))
        .distinct()
    )


def year_report(cast: Cast) -> None:
    items = counted_items()
    formal = ("assigned", "received", "replied")
    multi = [s for s in items if s.assignments.filter(state__in=formal).values("unit").distinct().count() > 1]
    with cast.as_("gongwei") as registry:
        visit(registry, "/reports/handling-report/")
        session = item(PARK).session
        registry.get_by_label("届次").select_option(str(session.assembly_id))
        registry.get_by_label("会议", exact=True).select_option(str(session.pk))
        registry.get_by_label("办理系统").select_option(label="政府系统")
        act(registry, registry.get_by_role("button", name="生成预览"))
        shot(registry, "gongwei/05-report")
        with registry.expect_download() as download:
            registry.get_by_role("link", name="下载 Word").click()
        text = "\n".join(p.text for p in open_docx(download.value.path().read_bytes()).paragraphs)
        match = re.search(r"共承办\S*?代表建议(\d+)件", text)
        assert match and int(match.group(1)) == len(items), (match and match.group(0), len(items))
        assert f"{len(multi)}件涉及多个部门" in text, text

        visit(registry, "/submissions/?year=2026")
        with registry.expect_download() as download:
            registry.get_by_role("link", name="导出Excel").click()
        sheet = openpyxl.load_workbook(BytesIO(download.value.path().read_bytes())).active
        rows = [r for r in sheet.iter_rows(values_only=True) if r and r[1] and str(r[1]).startswith("关于")]
        states = {r[1]: r[6] for r in rows}
        expected = Submission.objects.filter(assembly__kind="npc", year=2026).exclude(state="draft")
        assert set(states) == set(expected.values_list("title", flat=True))
        assert (states[PARK], states[RURAL], states[PRIVATE], states[SCHOOL_PARKING]) == (
            "已办结",
            "跟踪办理",
            "不予立案",
            "已并案",
        )


# ---- those who oversee: a leader, the auditor ------------------------------------------------------------


def oversight(cast: Cast) -> None:
    """The leader reads the statistics and the key topics; the auditor reads the year's trail, whose hash
    chain is intact after everything the year wrote."""
    with cast.as_("lingdao") as leader:
        shot(leader, "lingdao/00-home")
        visit(leader, "/reports/")
        expect(leader.locator('[data-chart="result"] svg')).to_have_count(1)
        shot(leader, "lingdao/01-statistics")
        visit(leader, "/supervision/topics/")
        expect(leader.get_by_role("heading", name="重点督办专题")).to_be_visible()
        shot(leader, "lingdao/02-topics")
    with cast.as_("shenji") as auditor:
        visit(auditor, "/audit/")
        expect(auditor.get_by_role("heading", name="审计日志")).to_be_visible()
        expect(auditor.locator("table.audit-table tbody tr").first).to_be_visible()
        shot(auditor, "shenji/01-records")
    out = StringIO()
    call_command("verify_audit", stdout=out)
