"""The dashboard kept in the cache under the versions of the figures it read (``reports.cache``): read
again without computing, computed again as soon as a write touches one of its years or a name it shows
changes, never handed to another user, and a write in a later year leaves it as it is."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from banli.reports.models import FiguresVersion
from banli.reports.statistics import dashboard
from banli.reports.tests.builders import Item, abc, write_items

pytestmark = pytest.mark.django_db

#: choices (assemblies, sessions, units), the figures' versions and, after a write, the years
READ_FROM_CACHE = 5


def queries(fn) -> tuple[object, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        value = fn()
    return value, len(captured.captured_queries)


def test_the_dashboard_is_read_again_from_the_cache_with_the_same_figures(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    user = org.users.registry
    first, computed = queries(lambda: dashboard(user, {"year": "2024"}))
    again, read = queries(lambda: dashboard(user, {"year": "2024"}))
    assert read <= READ_FROM_CACHE < computed
    assert again.total.count == first.total.count > 0
    assert [u.items for u in again.units] == [u.items for u in first.units]
    assert [y.year for y in again.years] == [2024, 2023]
    assert again.filters.year == "2024"


def test_a_write_in_the_year_shown_is_counted_at_once(org: SimpleNamespace, mixed: SimpleNamespace) -> None:
    user = org.users.registry
    before = dashboard(user, {"year": "2024"}).total.count
    write_items(org, [Item([(mixed.units.c, "sole")], abc("B"))] * 3, year=2024, first_number=500)
    after, computed = queries(lambda: dashboard(user, {"year": "2024"}))
    assert after.total.count == before + 3
    assert computed > READ_FROM_CACHE


def test_a_write_in_a_later_year_leaves_an_earlier_years_figures_cached(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    user = org.users.registry
    board = dashboard(user, {"year": "2023"})
    token_2023 = FiguresVersion.objects.get(jurisdiction_id=org.jurisdiction.pk, year=2023).token
    write_items(org, [Item([(mixed.units.c, "sole")], abc("B"))] * 2, year=2024, first_number=600)
    assert FiguresVersion.objects.get(jurisdiction_id=org.jurisdiction.pk, year=2023).token == token_2023
    again, read = queries(lambda: dashboard(user, {"year": "2023"}))
    assert read <= READ_FROM_CACHE
    assert again.total.count == board.total.count == 3
    # the year before a later one is part of that year's rows: 2024's dashboard is computed again
    later, computed = queries(lambda: dashboard(user, {"year": "2024"}))
    assert computed > READ_FROM_CACHE and later.years[1].total.count == 3


def test_a_renamed_unit_shows_its_new_name_at_once(org: SimpleNamespace, mixed: SimpleNamespace) -> None:
    user = org.users.registry
    assert "宿州市财政局" in {u.name for u in dashboard(user, {"year": "2024"}).units}
    mixed.units.c.name = "宿州市财政局（国资委）"
    mixed.units.c.save()
    names = {u.name for u in dashboard(user, {"year": "2024"}).units}
    assert "宿州市财政局（国资委）" in names and "宿州市财政局" not in names


def test_each_user_is_given_only_what_was_computed_for_them(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    registry = dashboard(org.users.registry, {"year": "2024"})
    liaison = dashboard(org.users.liaison, {"year": "2024"})
    other = dashboard(org.users.other_liaison, {"year": "2024"})
    assert {u.unit_id for u in liaison.units} == {org.units.unit_a.pk}
    assert {u.unit_id for u in other.units} == {org.units.unit_b.pk}
    assert registry.total.count > liaison.total.count
    # a role given changes what the user sees: their figures are computed again
    from banli.core.tests.factories import RoleFactory

    RoleFactory(
        user=org.users.other_liaison, code="liaison", unit=org.units.unit_a, jurisdiction=org.jurisdiction
    )
    widened = dashboard(
        org.users.other_liaison.__class__.objects.get(pk=org.users.other_liaison.pk), {"year": "2024"}
    )
    assert {u.unit_id for u in widened.units} == {org.units.unit_a.pk, org.units.unit_b.pk}


def test_the_next_day_the_figures_are_computed_again(org: SimpleNamespace, mixed: SimpleNamespace) -> None:
    """An open deadline becomes late with the date alone: the date is part of the key."""
    user = org.users.registry
    dashboard(user, {"year": "2024"})
    _board, read = queries(lambda: dashboard(user, {"year": "2024"}))
    assert read <= READ_FROM_CACHE
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        _board, computed = queries(lambda: dashboard(user, {"year": "2024"}))
    assert computed > READ_FROM_CACHE


def rows(board: object) -> list[tuple[int, ...]]:
    return [
        (y.year, y.total.count, y.answered.count, y.addressed.count, y.on_time.count, y.evaluated.count)
        for y in board.years  # type: ignore[attr-defined]
    ]


def test_after_a_write_in_the_year_shown_the_earlier_years_rows_are_read_from_the_cache(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    from django.core.cache import cache

    user = org.users.registry
    dashboard(user, {"year": "2024"})  # the user's roles and memberships are loaded once
    cache.clear()
    _board, cold = queries(lambda: dashboard(user, {"year": "2024"}))
    write_items(org, [Item([(mixed.units.c, "sole")], abc("B"))] * 2, year=2024, first_number=700)
    after, recomputed = queries(lambda: dashboard(user, {"year": "2024"}))
    # neither the earlier years' rows nor the years before the latest are grouped again
    assert recomputed == cold - 2
    cache.clear()
    fresh = dashboard(user, {"year": "2024"})
    assert rows(after) == rows(fresh) and rows(after)[0][1] == fresh.total.count
    assert [y for y, *_ in rows(after)] == [2024, 2023]
    assert after.filters.years == fresh.filters.years


def test_a_write_in_an_earlier_year_shows_in_the_later_years_rows_at_once(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    user = org.users.registry
    before = rows(dashboard(user, {"year": "2024"}))
    write_items(org, [Item([(mixed.units.c, "sole")], abc("B"))] * 4, year=2023, first_number=800)
    after = rows(dashboard(user, {"year": "2024"}))
    assert after[0] == before[0]
    assert after[1][:2] == (2023, before[1][1] + 4)


def test_a_first_item_in_a_year_without_any_adds_that_year_to_the_choices(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    user = org.users.registry
    assert 2021 not in dashboard(user, {}).filters.years
    write_items(org, [Item([(mixed.units.c, "sole")], abc("B"))], year=2021, first_number=900)
    assert 2021 in dashboard(user, {}).filters.years


def test_the_page_is_rendered_again_after_a_write_and_never_shown_to_another_user(
    org: SimpleNamespace, mixed: SimpleNamespace, client: Client
) -> None:
    """The page's content is kept under the figures' key: the same key gives the same page, a write in
    its year a new one, and each user their own."""
    import re

    url = reverse("reports:dashboard") + "?year=2024"

    def headline(user: object) -> str:
        client.force_login(user)  # type: ignore[arg-type]
        html = client.get(url).content.decode()
        found = re.search(r'<div class="label">立案件数</div><a class="count" href="[^"]*">(\d+)</a>', html)
        assert found, "the headline count is on the page"
        return found.group(1)

    registry = headline(org.users.registry)
    assert headline(org.users.registry) == registry
    liaison = headline(org.users.liaison)
    assert liaison != registry  # the liaison's unit handles only some of the items
    assert liaison == str(dashboard(org.users.liaison, {"year": "2024"}).total.count)
    write_items(org, [Item([(mixed.units.c, "sole")], abc("B"))] * 3, year=2024, first_number=950)
    assert headline(org.users.registry) == str(int(registry) + 3)
    assert headline(org.users.liaison) == liaison


def test_a_kept_page_is_shown_without_reading_the_figures_again(
    org: SimpleNamespace, mixed: SimpleNamespace, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from django.core.cache import cache

    from banli.reports import statistics

    client.force_login(org.users.registry)
    url = reverse("reports:dashboard") + "?year=2024"
    first = client.get(url).content.decode()
    _filters, key = statistics.dashboard_key(org.users.registry, {"year": "2024"})
    assert cache.get(key) is not None and statistics.kept_page(key) is not None
    cache.delete(key)  # the figures gone, the page kept: the page is shown as it was, nothing computed
    monkeypatch.setattr(statistics, "_dashboard", lambda *a: pytest.fail("the figures were computed"))
    again = client.get(url).content.decode()
    unmasked = lambda html: re.sub(r"[A-Za-z0-9]{64}", "", html)  # noqa: E731  # CSRF tokens, masked anew
    assert unmasked(again) == unmasked(first) and "立案件数" in again
    assert cache.get(key) is None
