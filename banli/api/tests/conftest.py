"""Calling the API as a user of the ``org`` fixture: a real token, sent as a bearer header."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from banli.api.tokens import create_token
from banli.core.models import User


class Caller:
    """A test client that sends one user's token with every request."""

    def __init__(self, client: Client, key: str) -> None:
        self.client = client
        self.key = key

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self._headers())

    def post(self, path: str, data: Any = None) -> Any:
        body = json.dumps(data) if data is not None else ""
        return self.client.post(path, body, content_type="application/json", headers=self._headers())

    def put(self, path: str, data: Any) -> Any:
        return self.client.put(
            path, json.dumps(data), content_type="application/json", headers=self._headers()
        )


def key_for(user: User) -> str:
    return create_token(user, "测试对接", 30).key


@pytest.fixture
def as_user(db: None) -> Any:
    """``as_user(org.users.liaison).get("/api/assignments")``"""

    def make(user: User) -> Caller:
        caller = Caller(Client(), key_for(user))
        caller.get("/api/me")  # the first use records itself: later calls are measured without it
        return caller

    return make


def queries(fn: Any) -> int:
    """How many queries ``fn()`` runs."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    return [row["id"] for row in response.json()["items"]]


def error(response: Any, status: int) -> dict[str, Any]:
    """The error body of a refused call, after checking its status and shape."""
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["message"]
    return body


def org_users(org: SimpleNamespace) -> SimpleNamespace:
    return org.users
