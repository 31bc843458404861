"""Compute the public portal's choices and its unfiltered count into the cache before the site serves.

At national scale they read every public reply (seconds, from a cold disk); a worker started with an
empty cache would otherwise make the first visitors wait for them. Run it after a deployment with the
same ``REDIS_URL`` as the web server (a worker's own local-memory cache cannot be warmed from outside).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from banli.portal.public import PublicFilters, filter_options, filtered, public_count, publication_version


class Command(BaseCommand):
    help = "预先计算公开门户的筛选项和答复总数，放入缓存"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        version = publication_version()
        choices = filter_options(version)
        everything = PublicFilters()
        total = public_count(everything, filtered(everything), version)
        self.stdout.write(
            f"公开门户已预热：公开答复 {total} 件，年度 {len(choices.years)} 个，承办单位 {len(choices.units)} 个，"
            f"用时 {time.monotonic() - started:.1f} 秒"
        )
