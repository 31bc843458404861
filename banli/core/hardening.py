"""Requests no page can use: a NUL character in a parameter is refused with 400 before any view runs.

PostgreSQL cannot store or even compare text with NUL in it, so a search box or a comment carrying one
would end in a server error; no person types one. The query string is always checked, form posts
(urlencoded) too; multipart posts (uploads) go through forms, whose text fields refuse NUL themselves,
and are not parsed here, so the upload views can refuse an oversized body before it is read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def _has_nul(params: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists())


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return self.get_response(request)  # the API validates its own input and answers 422 in JSON
        urlencoded = request.content_type == "application/x-www-form-urlencoded"
        if _has_nul(request.GET) or (request.method == "POST" and urlencoded and _has_nul(request.POST)):
            return render(request, "errors/400.html", status=400)
        return self.get_response(request)
