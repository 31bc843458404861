from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "banli.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from banli.core import (
            checks,  # noqa: F401  (registers system checks)
            signals,  # noqa: F401  (recomputes open deadlines when the calendar changes)
        )
