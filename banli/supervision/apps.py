from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "banli.supervision"
    label = "supervision"
    verbose_name = "督办与考核（督）"

    def ready(self) -> None:
        from banli.supervision import policies, todos, workflow  # noqa: F401  (rules, scopes, to-dos, table)
