"""Deny by default: no token, a bad, revoked or expired token, or a disabled user gets 401; the session
cookie of the pages is never enough; only a digest of the token is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from types import SimpleNamespace

from django.test import Client
from django.utils import timezone

from banli.api.api import api
from banli.api.models import ApiToken
from banli.api.tests.conftest import error, key_for
from banli.api.tokens import create_token, revoke_token


def test_every_operation_answers_401_without_a_token(org: SimpleNamespace, client: Client) -> None:
    schema = api.get_openapi_schema()
    called = 0
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{action\}", "submit", re.sub(r"\{\w+_id\}", "1", path))
        for method in operations:
            if method == "get":
                response = client.get(url)
            else:
                response = getattr(client, method)(url, "{}", content_type="application/json")
            body = error(response, 401)
            assert body["code"] == "unauthorized", (method, path)
            assert "Authorization: Bearer" in body["message"]
            assert response["WWW-Authenticate"].startswith("Bearer")
            assert operations[method]["security"] == [{"TokenAuth": []}]
            called += 1
    assert called == 16


def test_the_pages_session_does_not_open_the_api(org: SimpleNamespace, client: Client) -> None:
    """A logged-in browser cannot be made to call the API from another site: there is no CSRF exposure."""
    client.force_login(org.users.deputy)
    assert client.get("/").status_code == 200
    assert client.get("/api/me").status_code == 401
    response = client.post(
        "/api/submissions", {"title": "关于会话不能提交的建议"}, content_type="application/json"
    )
    assert error(response, 401)["code"] == "unauthorized"


def test_a_token_acts_as_its_user(org: SimpleNamespace, client: Client) -> None:
    key = key_for(org.users.liaison)
    response = client.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    me = response.json()
    assert me["username"] == org.users.liaison.username
    assert [(r["code"], r["unit"]["name"]) for r in me["roles"]] == [("liaison", org.units.unit_a.name)]
    assert me["memberships"] == []


def test_a_token_is_stored_as_its_digest_only(org: SimpleNamespace) -> None:
    new = create_token(org.users.deputy, "政务平台", 90)
    assert new.key.startswith("banli_") and len(new.key) == 49
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert stored.key_hash == hashlib.sha256(new.key.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=stored.pk).values().get()
    assert not any(new.key in str(value) for value in row.values())
    assert dt.timedelta(days=89) < stored.expires_at - timezone.now() <= dt.timedelta(days=90)


def test_use_is_recorded_at_most_once_a_minute(org: SimpleNamespace, client: Client) -> None:
    new = create_token(org.users.deputy, "政务平台", 30)
    headers = {"Authorization": f"Bearer {new.key}"}
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at is None
    client.get("/api/me", headers=headers)
    first = ApiToken.objects.get(pk=new.token.pk).last_used_at
    assert first is not None
    client.get("/api/me", headers=headers)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at == first


def test_revoked_expired_unknown_and_disabled_tokens_are_refused(
    org: SimpleNamespace, client: Client
) -> None:
    def status(key: str, scheme: str = "Bearer") -> int:
        return client.get("/api/me", headers={"Authorization": f"{scheme} {key}"}).status_code

    revoked = create_token(org.users.deputy, "将吊销", 30)
    assert status(revoked.key) == 200
    revoke_token(revoked.token, org.users.deputy)
    assert status(revoked.key) == 401

    expired = create_token(org.users.deputy, "将过期", 30)
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert status(expired.key) == 401

    good = create_token(org.users.liaison, "有效", 30)
    assert status(good.key, "Basic") == 401
    assert status(good.key[:-1] + ("A" if good.key[-1] != "A" else "B")) == 401
    assert status("banli_" + "é" * 43) == 401
    assert status("") == 401
    org.users.liaison.is_active = False
    org.users.liaison.save(update_fields=["is_active"])
    assert status(good.key) == 401


def test_the_schema_and_docs_need_a_login_or_a_token(org: SimpleNamespace, client: Client) -> None:
    for url in ("/api/openapi.json", "/api/docs"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    key = key_for(org.users.handler)
    schema = client.get("/api/openapi.json", headers={"Authorization": f"Bearer {key}"})
    assert schema.status_code == 200 and schema.json()["openapi"] == "3.1.0"
    client.force_login(org.users.handler)
    assert client.get("/api/openapi.json").json()["info"]["title"] == "建议提案办理系统接口"


def test_the_docs_load_swagger_from_our_own_static_files(org: SimpleNamespace, client: Client) -> None:
    client.force_login(org.users.handler)
    html = client.get("/api/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert '"validatorUrl": null' in html  # no badge fetched from a public validator
    assert not re.search(r"<script>(?!\s*$)", html)  # no inline script (only the JSON settings block)
