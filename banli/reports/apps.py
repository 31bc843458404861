from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "banli.reports"
    label = "reports"
    verbose_name = "统计与报告"

    def ready(self) -> None:
        from banli.reports import policies  # noqa: F401  (register rules and scopes)
