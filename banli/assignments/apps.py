from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "banli.assignments"
    label = "assignments"
    verbose_name = "交办（交）"

    def ready(self) -> None:
        from banli.assignments import policies, todos, workflow  # noqa: F401  (register rules and to-dos)
