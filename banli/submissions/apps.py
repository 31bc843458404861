from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "banli.submissions"
    label = "submissions"
    verbose_name = "建议提案（提）"

    def ready(self) -> None:
        from banli.submissions import policies, search, todos, workflow  # noqa: F401  (register rules, to-dos, index)
