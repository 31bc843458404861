"""The project's URLs and ``/bench/minimal/``: the base layout rendered without a query, the yardstick
every page's time is divided by."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from banli.urls import handler400, handler403, handler404, handler500  # noqa: F401
from banli.urls import urlpatterns as banli_urls


@login_not_required
def minimal(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/minimal.html")


urlpatterns = [path("bench/minimal/", minimal), *banli_urls]
