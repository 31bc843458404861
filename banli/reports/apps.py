from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "banli.reports"
    label = "reports"
    verbose_name = "统计与报告"

    def ready(self) -> None:
        from banli.core import changes
        from banli.reports import (
            policies,  # noqa: F401  (register rules and scopes)
            receivers,
            summary,
        )

        receivers.connect()
        changes.on_flush(summary.refresh)
