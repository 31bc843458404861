"""``manage.py generate_load --scale national``: the benchmarks' load (see :mod:`banli.core.load.build`).

Loads the demo city first (``load_demo``), then writes the scale's twenty years of items into it. Refuses
to write a second load into a database that has one, unless ``--force``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.core.load.build import SCALES, generate
from banli.core.load.org import LOAD_ACCOUNT_PREFIX
from banli.core.models import User
from banli.submissions.models import Submission


class Command(BaseCommand):
    help = "生成性能测试用的负载数据（在演示数据之上，按规模批量写入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="national")
        parser.add_argument("--seed", type=int, default=9)
        parser.add_argument("--force", action="store_true", help="已有负载数据时仍再写入一份")

    def handle(self, *args: Any, scale: str, seed: int, force: bool, **options: Any) -> None:
        call_command("load_demo", quiet=True)
        if User.objects.filter(username__startswith=LOAD_ACCOUNT_PREFIX).exists() and not force:
            have = Submission.objects.count()
            raise CommandError(f"数据库中已有负载数据（{have} 件）；如需再写入一份请加 --force")
        started = time.monotonic()
        count = generate(scale, seed, progress=lambda m: self.stdout.write(m))
        seconds = time.monotonic() - started
        self.stdout.write(
            f"已生成 {count} 件（{scale}，种子 {seed}），用时 {seconds:.0f} 秒，{count / seconds:.0f} 件/秒"
        )
