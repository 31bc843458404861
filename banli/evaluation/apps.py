from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "banli.evaluation"
    label = "evaluation"
    verbose_name = "评价与跟踪（评）"

    def ready(self) -> None:
        from banli.evaluation import policies, reminders, todos, workflow  # noqa: F401  (rules, reminders, to-dos, tables)
