"""``manage.py load_demo``: load the demo city of 宿州市 (see :mod:`banli.core.demo`), then print its logins.

Idempotent: every row is looked up by its natural key (jurisdiction code, assembly kind and term, session
number, unit name, category parent and name, username, (user, role, unit), (assembly, user), and
(assembly, title) for the current submissions, (session, kind, number) for the past years' ones from
:mod:`banli.core.demo_history`) and only what is missing is created, so a second run changes nothing.
Everything runs in one transaction. Existing demo accounts keep their password; new ones get
:data:`banli.core.demo.DEMO_PASSWORD` (demo only), hashed once and shared by all of them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser

from banli.accounts.models import DemoAccount
from banli.assignments.models import Assignment, HandlingPolicy
from banli.assignments.services import Plan, live_assignments
from banli.core import demo
from banli.core.demo_history.loading import Org, load_history
from banli.core.models import (
    Assembly,
    AssemblyKind,
    Category,
    Jurisdiction,
    Member,
    Role,
    RoleCode,
    Session,
    Unit,
    UnitKind,
    User,
)
from banli.core.transactions import writing
from banli.core.workflow import record, transition
from banli.handling.models import DocNumberPattern, ResultScheme
from banli.submissions.models import HandlingMode, Submission, SubmissionKind
from banli.textindex.models import RecommenderModel
from banli.textindex.recommend import train

USER_FIELDS = ("full_name", "mobile", "jurisdiction_id", "is_staff", "is_superuser", "is_active")
MEMBER_FIELDS = ("name", "delegation", "sector", "constituency", "employer", "mobile", "is_active")
STAGE = {stage: i for i, stage in enumerate(demo.STAGES)}


@dataclass
class City:
    """What the earlier steps put in place, for loading the submissions."""

    jurisdiction: Jurisdiction
    sessions: dict[str, Session]  # the current session of each assembly
    units: dict[str, Unit]
    categories: dict[str, Category]
    users: dict[str, User]
    authors: dict[str, list[Member]]
    staff: dict[tuple[str, str], User]  # (unit name, role code) → the person holding it


def load() -> tuple[int, int]:
    """Load the demo city; answer how many current and past submissions were created (0, 0 on a
    repeated run). Trains the unit recommender on the past years when it has no model yet (which also
    stores the items' segmented words for the similarity index)."""
    with writing():
        j, _ = Jurisdiction.objects.update_or_create(
            code=settings.BANLI_JURISDICTION, defaults=demo.JURISDICTION
        )
        assemblies, sessions = load_assemblies(j)
        units = load_units(j)
        categories = load_categories(j, units)
        people = demo.people()
        users = load_users(j, people.persons)
        load_roles(j, people.persons, users, units)
        authors = load_members(assemblies, people.members, users)
        mark_demo_accounts(users)
        # Fresh user objects: the policies cache roles and memberships on the user object they check.
        users = User.objects.in_bulk(list(users), field_name="username")
        staff: dict[tuple[str, str], User] = {}
        for person in people.persons:  # the first holder of a unit role (the demo login) acts for it
            for spec in person.roles:
                staff.setdefault((spec.unit, spec.code), users[person.username])
        city = City(j, sessions, units, categories, users, authors, staff)
        load_handling_rules(assemblies, units)
        current = sum(load_submission(city, spec) for spec in demo.SUBMISSIONS)
        past = load_history(Org(j, assemblies, units, categories, authors, staff))
        if not RecommenderModel.objects.filter(jurisdiction=j).exists():
            train(j)
        return current, past


def load_handling_rules(assemblies: dict[str, Assembly], units: dict[str, Unit]) -> None:
    """宿州 marks results A/B/C (seed 001) and numbers replies by each unit's own pattern."""
    scheme = ResultScheme.objects.get(jurisdiction__isnull=True, code="abc")
    for assembly in assemblies.values():
        HandlingPolicy.objects.get_or_create(assembly=assembly, year=None, defaults={"result_scheme": scheme})
    for name, pattern in demo.DOC_PATTERNS.items():
        DocNumberPattern.objects.get_or_create(unit=units[name], defaults={"pattern": pattern})


def load_assemblies(j: Jurisdiction) -> tuple[dict[str, Assembly], dict[str, Session]]:
    assemblies: dict[str, Assembly] = {}
    current: dict[str, Session] = {}
    for kind, (term, name, short_name, start, end) in demo.ASSEMBLIES.items():
        assemblies[kind], _ = Assembly.objects.update_or_create(
            jurisdiction=j,
            kind=kind,
            term=term,
            defaults={
                "name": name,
                "short_name": short_name,
                "start_year": start,
                "end_year": end,
                "is_current": True,
            },
        )
        earlier = dt.timedelta(days=1 if kind == AssemblyKind.CPPCC else 0)  # 政协 opens the day before
        for number, session_name, opens_on, closes_on in demo.SESSIONS:
            session, _ = Session.objects.update_or_create(
                assembly=assemblies[kind],
                number=number,
                defaults={
                    "name": session_name,
                    "opens_on": opens_on - earlier,
                    "closes_on": closes_on - earlier,
                },
            )
            if number == demo.CURRENT_SESSION:
                current[kind] = session
    return assemblies, current


def load_units(j: Jurisdiction) -> dict[str, Unit]:
    rows: list[tuple[str, str, str, str, str]] = [
        *((name, short, UnitKind.REGISTRY, "", served) for name, short, served in demo.REGISTRIES),
        *((name, short, UnitKind.COORDINATOR, system, "") for name, short, system in demo.COORDINATORS),
        *((name, short, UnitKind.COMMITTEE, "", "") for name, short in demo.COMMITTEES),
        *((name, short, UnitKind.HANDLING, system, "") for name, short, system in demo.HANDLING_UNITS),
    ]
    units: dict[str, Unit] = {}
    for index, (name, short_name, kind, system, served) in enumerate(rows):
        units[name], _ = Unit.objects.update_or_create(
            jurisdiction=j,
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "system": system,
                "assembly_kind": served,
                "phone": demo.unit_phone(index),
                "sort": (index + 1) * 10,
                "is_active": True,
            },
        )
    return units


def load_categories(j: Jurisdiction, units: dict[str, Unit]) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for position, (name, committee, children) in enumerate(demo.CATEGORIES, start=1):
        defaults = {"committee": units.get(committee), "sort": position * 10}
        parent, _ = Category.objects.update_or_create(
            jurisdiction=j, parent=None, name=name, defaults=defaults
        )
        categories[name] = parent
        for sub_position, child in enumerate(children, start=1):
            categories[child], _ = Category.objects.update_or_create(
                jurisdiction=j,
                parent=parent,
                name=child,
                defaults={**defaults, "sort": position * 10 + sub_position},
            )
    return categories


def load_users(j: Jurisdiction, persons: list[demo.PersonSpec]) -> dict[str, User]:
    """Create the missing accounts in bulk, and correct the profile of existing ones where it differs."""
    existing = User.objects.in_bulk([p.username for p in persons], field_name="username")
    password = ""  # hashed at most once per run: Argon2 is slow on purpose
    new: list[User] = []
    changed: list[User] = []
    for person in persons:
        wanted: dict[str, Any] = {
            "full_name": person.full_name,
            "mobile": person.mobile,
            "jurisdiction_id": j.pk,
            "is_staff": person.is_staff,
            "is_superuser": False,
            "is_active": True,
        }
        user = existing.get(person.username)
        if user is None:
            password = password or make_password(demo.DEMO_PASSWORD)
            new.append(User(username=person.username, password=password, **wanted))
        elif any(getattr(user, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(user, key, value)
            changed.append(user)
    User.objects.bulk_create(new)
    User.objects.bulk_update(changed, USER_FIELDS)
    return User.objects.in_bulk([p.username for p in persons], field_name="username")


def load_roles(
    j: Jurisdiction, persons: list[demo.PersonSpec], users: dict[str, User], units: dict[str, Unit]
) -> None:
    existing = {
        (r.user_id, r.code, r.unit_id, r.jurisdiction_id): r
        for r in Role.objects.filter(user__in=users.values())
    }
    new: list[Role] = []
    changed: list[Role] = []
    for person in persons:
        for spec in person.roles:
            unit = units[spec.unit] if spec.unit else None
            user = users[person.username]
            role = existing.get((user.pk, spec.code, unit.pk if unit else None, j.pk))
            if role is None:
                new.append(Role(user=user, code=spec.code, jurisdiction=j, unit=unit, title=spec.title))
            elif role.title != spec.title:
                role.title = spec.title
                changed.append(role)
    Role.objects.bulk_create(new)
    Role.objects.bulk_update(changed, ["title"])


def load_members(
    assemblies: dict[str, Assembly], specs: dict[str, list[demo.MemberSpec]], users: dict[str, User]
) -> dict[str, list[Member]]:
    """The deputies and members, in the order of the specs (index 0 is the demo login)."""
    existing = {(m.assembly_id, m.user_id): m for m in Member.objects.filter(user__in=users.values())}
    new: list[Member] = []
    changed: list[Member] = []
    for kind, members in specs.items():
        for spec in members:
            user = users[spec.username]
            wanted: dict[str, Any] = {
                "name": user.full_name,
                "delegation": spec.delegation,
                "sector": spec.sector,
                "constituency": spec.constituency,
                "employer": spec.employer,
                "mobile": user.mobile,
                "is_active": True,
            }
            member = existing.get((assemblies[kind].pk, user.pk))
            if member is None:
                new.append(Member(assembly=assemblies[kind], user=user, **wanted))
            elif any(getattr(member, key) != value for key, value in wanted.items()):
                for key, value in wanted.items():
                    setattr(member, key, value)
                changed.append(member)
    Member.objects.bulk_create(new)
    Member.objects.bulk_update(changed, MEMBER_FIELDS)
    rows = {
        (m.assembly_id, m.user_id): m
        for m in Member.objects.filter(user__in=users.values()).select_related("user")
    }
    return {
        kind: [rows[(assemblies[kind].pk, users[s.username].pk)] for s in members]
        for kind, members in specs.items()
    }


def mark_demo_accounts(users: dict[str, User]) -> None:
    """Every demo account is marked as such: only while ``BANLI_DEMO=1`` does that spare it the second
    factor and the password change interval (what the administrators may do comes from their roles)."""
    marked = set(DemoAccount.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    DemoAccount.objects.bulk_create([DemoAccount(user=u) for u in users.values() if u.pk not in marked])


def load_submission(city: City, spec: demo.SubmissionSpec) -> int:
    """Create one demo item and take it through the workflow to its stage; 0 if it exists already."""
    author = city.authors[spec.assembly][spec.author]
    session = city.sessions[spec.assembly]
    if Submission.objects.filter(assembly_id=session.assembly_id, title=spec.title).exists():
        return 0
    stage = STAGE[spec.stage]
    in_session = stage >= STAGE["registered"]  # the pending ones were handed in between sessions
    sub = Submission.objects.create(
        jurisdiction=city.jurisdiction,
        assembly=session.assembly,
        session=session if in_session else None,
        year=session.year,
        kind=SubmissionKind.SUGGESTION if spec.assembly == AssemblyKind.NPC else SubmissionKind.PROPOSAL,
        title=spec.title,
        problem=spec.problem,
        advice=spec.advice,
        category=city.categories[spec.category],
        lead_author=author,
        created_by=author.user,
        is_key=spec.is_key,
    )
    record(sub, "create", "起草", author.user, role="领衔人")  # as submissions.services.create_draft does
    registry = city.users["gongwei" if spec.assembly == AssemblyKind.NPC else "tianwei"]
    if stage >= STAGE["submitted"]:
        transition(sub, "submit", author.user)
    if stage >= STAGE["registered"]:
        transition(sub, "register", registry)
    if stage >= STAGE["assigning"]:
        transition(sub, "send_to_system", registry, system=spec.system)
    if stage >= STAGE["assigned"]:
        assignments = assign(city, sub, spec)
        if stage >= STAGE["received"]:
            for assignment in assignments:
                receive(city, assignment)
    return 1


def assign(city: City, sub: Submission, spec: demo.SubmissionSpec) -> list[Assignment]:
    """The formal assignment (正式交办) by the coordinating office of the item's system: the lead (or
    sole) unit first, then the co-handlers."""
    office = next(name for name, _short, system in demo.COORDINATORS if system == spec.system)
    coordinator = city.staff[(office, RoleCode.COORDINATOR_STAFF)]
    lead, *others = (city.units[name] for name in spec.units)
    mode = HandlingMode.SOLE if not others else HandlingMode.LEAD_CO
    transition(sub, "assign", coordinator, plan=Plan.build(mode, lead, others))
    return live_assignments(sub)


def receive(city: City, assignment: Assignment) -> None:
    """The unit's liaison signs receipt and appoints the unit's handler."""
    liaison = city.staff[(assignment.unit.name, RoleCode.LIAISON)]
    handler = city.staff[(assignment.unit.name, RoleCode.HANDLER)]
    transition(assignment, "sign_receipt", liaison)
    transition(assignment, "appoint_handler", liaison, handler=handler)


# ---- the login table ----------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def login_table() -> str:
    """The demo logins as an aligned text table with Chinese headings."""
    persons = {p.username: p for p in demo.people().persons}
    rows = [("用户名", "密码", "角色/单位")]
    rows += [(u, demo.DEMO_PASSWORD, f"{persons[u].full_name} · {persons[u].login}") for u in demo.LOGINS]
    widths = [max(_width(row[i]) for row in rows) for i in range(2)]
    lines = [
        f"演示账号（仅供演示，请勿用于生产环境；共用密码 {demo.DEMO_PASSWORD}）：",
        "  演示模式（BANLI_DEMO=1，make run 已设置）下演示账号登录不要求动态口令；"
        "未设置时交办机构、协调机构人员和三员须先绑定动态口令。",
    ]
    for i, (username, password, label) in enumerate(rows):
        lines.append(f"  {_pad(username, widths[0])}  {_pad(password, widths[1])}  {label}")
        if i == 0:
            lines.append(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * 40}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "载入宿州市演示数据（人大、政协、单位、人员、本年度若干建议提案，以及2022—2025年已办结的"
        "约1200件建议提案），可重复执行，不产生重复数据。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="不输出演示账号表")

    def handle(self, *args: Any, quiet: bool = False, **options: Any) -> None:
        current, past = load()
        if not quiet:
            done = (
                f"新建本年度建议提案 {current} 件、往年已办结建议提案 {past} 件"
                if current or past
                else "演示数据已是最新，未作更改"
            )
            self.stdout.write(f"演示数据载入完成：{done}。")
            self.stdout.write(login_table())
