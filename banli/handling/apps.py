from django.apps import AppConfig


class HandlingConfig(AppConfig):
    name = "banli.handling"
    label = "handling"
    verbose_name = "办理（办）"

    def ready(self) -> None:
        from banli.handling import policies, todos, workflow  # noqa: F401  (rules, to-dos, tables)
