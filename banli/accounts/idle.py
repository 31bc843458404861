"""Idle logout without a write on every request.

A session lasts ``SESSION_COOKIE_AGE`` (30 minutes) from its last save. Saving it on every request
(Django's ``SESSION_SAVE_EVERY_REQUEST``) costs a write per page view: an ``UPDATE`` and a commit on
PostgreSQL, the database's one write lock on SQLite, which fifty concurrent readers then queue for.
Here the expiry is moved on at most once every ``SESSION_REFRESH_SECONDS`` (60): a user idle for 30
minutes is logged out at most that much earlier, never later.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

REFRESHED = "banli_refreshed"


def refreshed_now(session: SessionBase) -> None:
    """Record that the session's expiry is being moved on now (it is saved with this change)."""
    session[REFRESHED] = int(time.time())


class SessionRefreshMiddleware:
    """Placed right after ``SessionMiddleware``: marks a session in use as modified when its expiry
    was last moved on more than ``SESSION_REFRESH_SECONDS`` ago, so that middleware saves it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or settings.SESSION_COOKIE_NAME not in request.COOKIES or session.is_empty():
            return response  # no session to keep alive (the public portal, a logout)
        if time.time() - int(session.get(REFRESHED, 0)) >= settings.SESSION_REFRESH_SECONDS:
            refreshed_now(session)  # modified: SessionMiddleware saves it with a new expiry
        return response
