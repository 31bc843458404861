"""Authorization proven, not assumed: every URL and API route, generated from the URL resolver, tried by
every role (and a deputy, a CPPCC member, anonymous) on objects inside and outside their scope (the other
jurisdiction, the other unit, a confidential item, someone else's draft).

For each (route, user, object):
- GET: anonymous is sent to the login page (the API answers 401); nobody gets a server error; a page
  about an object the policy hides (``scope``) is refused; and no answer shows the marker of any object
  the policy hides from its reader (published replies excepted: they are public).
- POST (a plausible form, or JSON for the API): no server error; and if anything changed (a row count of
  any table, an audit record of a write, an event, a field of any object of the world), the user may see
  the route's object, holds the route's permission (or the workflow table names them for the act), and
  every object that changed is one they may see.

Each case runs in a savepoint that is rolled back, so the world is built once. A URL the matrix does not
know (``authz_routes.ROUTES``) fails it: whoever adds one declares what it takes and who may write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.signals import request_finished
from django.db import close_old_connections, connection, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from banli.audit.models import AuditAction, AuditRecord
from banli.core.models import Event, User
from banli.core.policies import can
from banli.core.tests.authz_routes import ROUTES, Route, visible
from banli.core.tests.authz_world import Side, api_keys, build_side
from banli.core.workflow import workflow_for
from conftest import build_org

#: The matrix must keep at least this many cases: a route table that
#: silently stopped producing cases would otherwise pass.
FLOOR = 15000  # 15,606 cases on 2026-12-02

#: Audit actions that record reading or signing in, not a change.
READS = {
    AuditAction.LOGIN,
    AuditAction.LOGIN_FAILED,
    AuditAction.LOCKED_OUT,
    AuditAction.LOGOUT,
    AuditAction.OTP_FAILED,
    AuditAction.DOWNLOAD,
    AuditAction.EXPORT,
}
#: Tables whose rows come and go with signing in and out (sessions, lockout attempts) or are the audit
#: trail itself (judged by action above).
UNCOUNTED = {"django_session", "audit_auditrecord", "audit_chainhead"}
UNCOUNTED_PREFIXES = ("axes_",)


# ---- the routes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    route: str
    name: str
    kwargs: tuple[str, ...]
    pattern: URLPattern


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Url]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from walk(p, prefix + str(p.pattern), ns)
        else:
            names = tuple(getattr(p.pattern, "converters", {}) or p.pattern.regex.groupindex)
            yield Url(prefix + str(p.pattern), namespace + (p.name or ""), names, p)


# ---- the world -----------------------------------------------------------------------------------------


#: The other jurisdiction's object tried for a kind (default: its first).
AWAY = {"submission": "submission.handled", "assignment": "assignment.lead", "reply": "reply.sent"}


@dataclass
class World:
    home: Side
    away: Side

    def variants(self, kind: str) -> list[tuple[str, models.Model]]:
        """Every object of a kind in the home jurisdiction, and one of the other's (its users are not
        tried: the two are built alike, so one direction tells)."""
        out = [(f"{self.home.tag}:{n}", o) for n, o in self.home.objects.items() if n.split(".")[0] == kind]
        away = [(f"{self.away.tag}:{n}", o) for n, o in self.away.objects.items() if n.split(".")[0] == kind]
        preferred = [v for v in away if v[0].endswith(AWAY.get(kind, "-"))]
        return out + (preferred or away)[:1]

    def objects(self) -> list[models.Model]:
        return [obj for side in (self.home, self.away) for obj in side.objects.values()]

    def markers(self) -> list[tuple[models.Model, str]]:
        return self.home.markers + self.away.markers


def users_of(side: Side) -> list[tuple[str, User | None]]:
    return [(name, user) for name, user in vars(side.org.users).items()] + [("anonymous", None)]


# ---- one case ------------------------------------------------------------------------------------------


def table_counts() -> tuple[int, ...]:
    tables = sorted(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed
        and not m._meta.proxy
        and m._meta.db_table not in UNCOUNTED
        and not m._meta.db_table.startswith(UNCOUNTED_PREFIXES)
    )
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def rows_of(objs: list[models.Model]) -> dict[tuple[str, Any], dict[str, Any]]:
    rows = {}
    for obj in objs:
        for row in type(obj).objects.filter(pk=obj.pk).values():
            rows[(obj._meta.label, obj.pk)] = row
    return rows


@dataclass
class Snapshot:
    """What a POST could change, cheaply: every table's row count, the audit trail (every save and
    delete of a banli model writes a record naming the object), the events (every act), and the fields
    of the route's object and its item (changes by ``UPDATE`` that the trail does not see)."""

    counts: tuple[int, ...]
    last_audit: int
    writes: int
    events: int
    rows: dict[tuple[str, Any], dict[str, Any]]

    @classmethod
    def take(cls, objs: list[models.Model]) -> Snapshot:
        return cls(
            table_counts(),
            AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0,
            AuditRecord.objects.exclude(action__in=READS).count(),
            Event.objects.count(),
            rows_of(objs),
        )


def changed_objects(before: Snapshot, after: Snapshot, objs: list[models.Model]) -> list[models.Model]:
    """The route's objects whose fields changed, and every object a new audit record says was written."""
    out = [o for o in objs if before.rows.get((o._meta.label, o.pk)) != after.rows.get((o._meta.label, o.pk))]
    written = (
        AuditRecord.objects.filter(
            id__gt=before.last_audit, action__in=[AuditAction.CREATE, AuditAction.UPDATE]
        )
        .exclude(object_type="")
        .values_list("object_type", "object_id")
    )
    for label, pk in written:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        obj = model._default_manager.filter(pk=pk).first()
        if obj is not None and obj not in out:
            out.append(obj)
    return out


def submission_of(obj: models.Model) -> Any:
    from banli.submissions.models import Submission

    if isinstance(obj, Submission):
        return obj
    return getattr(obj, "submission", None)


def may_write(route: Route, user: User | None, obj: models.Model | None, action: str | None) -> bool:
    """The policy's answer, asked independently of the view: may this user change anything here?"""
    if user is None or not route.writes:
        return False
    if obj is not None and not visible(user, obj):
        return False
    if route.may is not None:
        return route.may(user, obj)
    if route.workflow:
        wf = workflow_for(obj)
        t = wf.get(str(getattr(obj, wf.state_field)), action or "")
        return t is not None and t.who(user, obj) is not None
    if route.perm and obj is not None:
        return can(user, route.perm, obj)
    if route.perm:
        return can(user, route.perm, None)
    return route.own


def touchable(user: User, obj: models.Model, route: Route, changed: list[models.Model]) -> bool:
    """An object a POST may change: one the user sees, or a part of an item they see (the side effects
    of an act on the item); for an object-less route, one on which the user holds the permission."""
    if route.own and (
        obj.pk == user.pk if isinstance(obj, User) else getattr(obj, "user_id", None) == user.pk
    ):
        return True  # the user's own account rows (password, channels, tokens, inbox)
    if not type(obj)._default_manager.filter(pk=obj.pk).exists():
        # deleted by the POST: no scope can find it now; the permission on it decides
        if route.may is not None:
            return route.may(user, obj)
        return bool(route.perm) and can(user, route.perm, obj)
    sub = submission_of(obj)
    if not (visible(user, obj) or (sub is not None and visible(user, sub))):
        return False
    if route.perm and not route.kinds:
        return can(user, route.perm, obj) or can(user, route.perm, sub) if sub is not None else True
    return True


def body_text(response: Any) -> str:
    if getattr(response, "streaming", False):
        # closing sends request_finished, which must not close the test's connection (as the client does)
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
        return ""
    kind = response.get("Content-Type", "")
    if "json" in kind:
        try:
            return json.dumps(json.loads(response.content), ensure_ascii=False)
        except ValueError:
            return response.content.decode(errors="replace")
    if kind.startswith("text/"):
        return response.content.decode(errors="replace")
    return ""


# ---- the matrix ----------------------------------------------------------------------------------------


class Matrix:
    def __init__(self, world: World) -> None:
        self.world = world
        self.users = users_of(world.home)
        self.clients: dict[str, Client] = {}
        self.sessions: dict[str, str] = {}
        real = [u for _, u in self.users if u is not None]
        self.keys = api_keys(real)
        for name, user in self.users:
            self.clients[name] = Client()
            self.login(name, user)
        self.failures: list[str] = []
        self.cases = 0
        home = world.home
        self.public = {m for obj, m in world.markers() if self._public(obj)}
        self.hidden_for: dict[str, list[str]] = {
            name: [m for obj, m in world.markers() if m not in self.public and not visible(user, obj)]
            for name, user in self.users
        }
        subs = [o for _, o in world.variants("submission")]
        replies = [o for _, o in world.variants("reply")]
        today = timezone.localdate()
        self.form = {
            "title": "关于矩阵测试的建议内容",
            "problem": "问题",
            "advice": "建议",
            "text": "答复正文，经研究答复如下。",
            "comment": "同意",
            "reason": "矩阵测试理由",
            "message": "请抓紧办理",
            "notes": "督办情况",
            "year": "2025",
            "years": "2025",
            "method": "phone",
            "phase": "before",
            "occurred_on": today.isoformat(),
            "held_on": today.isoformat(),
            "assessed_on": today.isoformat(),
            "until": (today.replace(year=today.year + 1)).isoformat(),
            "attitude": "good",
            "relevance": "good",
            "contact_made": "1",
            "contact_person": "王五",
            "contact_phone": "0557-3021234",
            "assessor": "第三方机构",
            "conclusion": "solved",
            "report": "评估报告",
            "evidence": "已完成",
            "outcome": "已落实",
            "resolved": "1",
            "name": "矩阵对接",
            "days": "30",
            "email": "matrix@example.com",
            "aspect": "办理质量",
            "measures": "措施",
            "responsible": "各承办单位",
            "period": "持续推进",
            "submit": "1",
            "accept": "1",
            "ids": [s.pk for s in subs],
            "items": [s.pk for s in subs],
            "replies": [r.pk for r in replies],
            "member": home.org.other_deputy.pk,
            "handler": home.org.users.handler.pk,
            "leader": home.org.users.leader.pk,
            "committee": home.org.units.committee.pk,
            "unit": home.org.units.unit_a.pk,
            "units": [home.org.units.unit_a.pk],
            "lead": home.org.units.unit_a.pk,
            "mode": "sole",
            "assembly": home.org.npc.pk,
            "session": home.org.session.pk,
            "system": "government",
            "kind": "suggestion",
            "weight_on_time": "20",
            "excellence_percent": "10",
            "new_password1": "Matrix-pass-2026!",
            "new_password2": "Matrix-pass-2026!",
            "old_password": "Test-pass-2026",
        }

    def _public(self, obj: models.Model) -> bool:
        """What the public portal shows: the published reply and the 案由 of the item it answers."""
        from banli.portal.public import public_publications

        published = public_publications()
        if hasattr(obj, "state") and type(obj).__name__ == "Reply":
            return published.filter(reply=obj).exists()
        if type(obj).__name__ == "Submission":
            return published.filter(reply__recipients__submission=obj).exists()
        return False

    def login(self, name: str, user: User | None) -> None:
        client = self.clients[name]
        if user is not None:
            client.force_login(user)
            self.sessions[name] = client.cookies["sessionid"].value

    @staticmethod
    def watched(obj: Any) -> list[models.Model]:
        if obj is None:
            return []
        sub = submission_of(obj)
        return [obj] + ([sub] if sub is not None and sub is not obj else [])

    def fail(self, message: str) -> None:
        self.failures.append(message)

    # -- requests

    def request(self, method: str, path: str, name: str, route: Route, data: Any) -> Any:
        client = self.clients[name]
        user = dict(self.users)[name]
        headers = {}
        if route.method and user is not None:
            headers["Authorization"] = f"Bearer {self.keys[user.pk]}"
        if route.method:
            body = json.dumps(data) if method != "GET" else None
            if method == "GET":
                return client.get(path, headers=headers)
            return client.generic(method, path, body or "", content_type="application/json", headers=headers)
        if method == "GET":
            return client.get(path)
        return client.post(path, data)

    def api_body(self, url: Url, obj: Any) -> dict[str, Any]:
        from banli.handling.models import ResultCategory

        result = ResultCategory.objects.filter(scheme__code="abcd", code="A").first()
        return {
            "api:submit_submission": {"title": "关于矩阵测试的建议", "problem": "问题", "advice": "建议"},
            "api:send_opinion": {"text": "同意主办单位意见。"},
            "api:put_reply": {"result_id": result.pk if result else None, "text": "答复正文"},
            "api:act_on_reply": {"comment": "同意"},
            "api:rate_reply": {"rating": "satisfied"},
        }.get(url.name, {})

    def run(self, url: Url, route: Route, label: str, path: str, obj: Any, action: str | None) -> None:
        for name, user in self.users:
            where = f"{url.name} [{label}] as {name}"
            # GET
            self.cases += 1
            self.one(url, route, where, path, name, user, obj, action, "GET")
            # POST (or the API operation's own method)
            method = route.method or "POST"
            if method != "GET" and (route.writes or route.method):
                self.cases += 1
                self.one(url, route, where, path, name, user, obj, action, method)

    def one(
        self,
        url: Url,
        route: Route,
        where: str,
        path: str,
        name: str,
        user: User | None,
        obj: Any,
        action: str | None,
        method: str,
    ) -> None:
        data = self.api_body(url, obj) if route.method else {**self.form, **route.body}
        with transaction.atomic():
            objs = self.watched(obj)
            before = Snapshot.take(objs) if method != "GET" else None
            allowed = may_write(route, user, obj, action) if before is not None else False
            try:
                response = self.request(method, path, name, route, data)
            except Exception as exc:  # the test client re-raises what would be a server error
                self.fail(f"{method} {where}: server error {exc!r}")
                transaction.set_rollback(True)
                return
            text = body_text(response)
            status = response.status_code
            if status >= 500:
                self.fail(f"{method} {where}: {status}")
            if user is None and not route.public:
                login = reverse("login")
                if route.method:
                    # a GET on a write-only operation is refused before authentication: nothing is read
                    ok = status == 401 or (status == 405 and method != route.method)
                else:
                    ok = status == 302 and response["Location"].startswith(login)
                if not ok:
                    self.fail(f"{method} {where}: anonymous answered {status}, not sent to log in")
            for marker in self.hidden_for[name]:
                if marker in text:
                    self.fail(f"{method} {where}: shows {marker}, which the policy hides from this user")
            if (
                method == "GET"
                and obj is not None
                and user is not None
                and not route.public
                and status == 200
                and not visible(user, obj)
            ):
                self.fail(f"GET {where}: 200 for an object outside the user's scope")
            if before is not None:
                after = Snapshot.take(objs)
                self.judge(route, where, user, allowed, before, after, objs)
            transaction.set_rollback(True)
        if (user is not None and self.clients[name].cookies.get("sessionid") is None) or (
            user is not None and self.clients[name].cookies["sessionid"].value != self.sessions[name]
        ):
            self.login(name, user)

    def judge(
        self,
        route: Route,
        where: str,
        user: User | None,
        allowed: bool,
        before: Snapshot,
        after: Snapshot,
        objs: list[models.Model],
    ) -> None:
        changed = changed_objects(before, after, objs)
        wrote = (
            changed
            or before.counts != after.counts
            or before.writes != after.writes
            or before.events != after.events
        )
        if not wrote:
            return
        what = ", ".join(f"{type(o).__name__}#{o.pk}" for o in changed) or "rows"
        if not allowed:
            self.fail(f"POST {where}: changed {what} though the policy does not allow it")
            return
        for o in changed:
            if not touchable(user, o, route, changed):  # type: ignore[arg-type]
                self.fail(f"POST {where}: changed {type(o).__name__}#{o.pk}, outside the user's scope")


def cases_of(url: Url, route: Route, world: World) -> Iterator[tuple[str, str, Any, str | None]]:
    """(label, path, the route's object, the act) for every object the route's arguments can take."""
    kinds = [k for k in route.kinds if k != "action"]
    if not kinds:
        yield "", reverse(url.name) if not url.name.startswith("api:") or not url.kwargs else "", None, None
        return
    first, *rest = kinds
    for label, obj in world.variants(first):
        tag = label.split(":")[0]
        seconds: list[tuple[str, Any]] = [("", None)]
        if rest:
            seconds = [(lab, o) for lab, o in world.variants(rest[0]) if lab.startswith(tag)]
        for second_label, second in seconds:
            objs = [obj] + ([second] if second is not None else [])
            if "action" in route.kinds:
                wf = workflow_for(obj)
                state = str(getattr(obj, wf.state_field))
                acts = [t.action for t in wf.transitions if state in t.sources] + ["no_such_act"]
            else:
                acts = [None]
            for act in acts:
                values = [o.pk for o in objs] + ([act] if act else [])
                kwargs = dict(zip(url.kwargs, values, strict=True))
                full = label + (f" + {second_label}" if second_label else "") + (f" / {act}" if act else "")
                yield full, reverse(url.name, kwargs=kwargs), obj, act


@pytest.mark.once
@pytest.mark.django_db
def test_every_route_every_role_every_object(settings, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    urls = [u for u in walk(get_resolver())]
    business = [u for u in urls if not u.route.startswith("admin/")]
    unknown = [f"{u.route} ({u.name})" for u in business if u.name not in ROUTES]
    assert not unknown, (
        "These URLs are not in the authorization matrix (banli/core/tests/authz_routes.py ROUTES); "
        "declare what each argument takes and who may write through it:\n  " + "\n  ".join(unknown)
    )
    arity = [
        f"{u.name}: URL takes {u.kwargs}, ROUTES declares {ROUTES[u.name].kinds}"
        for u in business
        if len(u.kwargs) != len(ROUTES[u.name].kinds)
    ]
    assert not arity, "\n".join(arity)

    world = World(build_side(build_org(), "甲"), build_side(build_org(code="340100", name="合肥市"), "乙"))
    for side in (world.home, world.away):
        from banli.notifications.models import Notification

        note = Notification.objects.filter(recipient=side.org.users.deputy).first()
        if note is not None:
            side.keep("notification.deputy", note)
    matrix = Matrix(world)
    seen = set()
    # prefixes of route names (comma separated), while extending the matrix
    only = tuple(p for p in os.environ.get("BANLI_MATRIX_ONLY", "").split(",") if p) or ("",)
    for url in business:
        if not url.name.startswith(only):
            continue
        if url.name in seen:  # the API's GET and POST on one path are two names, one pattern each
            pass
        seen.add(url.name)
        route = ROUTES[url.name]
        for label, path, obj, act in cases_of(url, route, world):
            matrix.run(url, route, label, path, obj, act)
    admin_paths = {
        "/" + u.route
        for u in urls
        if u.route.startswith("admin/")
        and not u.kwargs
        and only == ("",)
        and u.route not in ("admin/login/", "admin/logout/")  # open by nature: a form, a session's end
    }
    for path in sorted(admin_paths):
        matrix_admin(matrix, path)

    with capsys.disabled():
        print(f"\n授权矩阵：{matrix.cases} 个用例，{len(business)} 个业务路由，{len(admin_paths)} 个后台路由")
    assert not matrix.failures, f"{len(matrix.failures)} 处越权：\n" + "\n".join(matrix.failures[:80])
    assert matrix.cases >= FLOOR


def matrix_admin(matrix: Matrix, path: str) -> None:
    """The admin site is the administrators' alone: everyone else is sent to a login (anonymous to the
    site's, the others to the admin's), and changes nothing."""
    from banli.core.policies import is_admin_only

    for name, user in matrix.users:
        if user is not None and (is_admin_only(user) or user.is_staff):
            continue
        for method in ("GET", "POST") if name in ("anonymous", "deputy", "registry") else ("GET",):
            matrix.cases += 1
            with transaction.atomic():
                before = Snapshot.take([]) if method == "POST" else None
                client = matrix.clients[name]
                response = client.get(path) if method == "GET" else client.post(path, {"name": "x"})
                if response.status_code not in (302, 403, 404):
                    matrix.fail(f"{method} {path} as {name}: {response.status_code}")
                elif response.status_code == 302:
                    # anonymous meets a login (the site's, or the admin's where the site lets the admin
                    # ask), the others the admin's
                    logins = (reverse("login"), "/admin/login/") if user is None else ("/admin/login/",)
                    if not response["Location"].startswith(logins):
                        matrix.fail(f"{method} {path} as {name}: sent to {response['Location']}")
                if before is not None:
                    after = Snapshot.take([])
                    if before.counts != after.counts or before.writes != after.writes:
                        matrix.fail(f"POST {path} as {name}: changed rows")
                transaction.set_rollback(True)


__all__ = ["SimpleNamespace"]
