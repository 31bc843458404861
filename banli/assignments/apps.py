from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "banli.assignments"
    label = "assignments"
    verbose_name = "交办（交）"

    def ready(self) -> None:
        from banli.assignments import policies, signals, todos, workflow  # noqa: F401  (rules, to-dos)
