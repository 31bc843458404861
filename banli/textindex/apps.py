from django.apps import AppConfig


class TextindexConfig(AppConfig):
    name = "banli.textindex"
    label = "textindex"
    verbose_name = "文本索引"

    def ready(self) -> None:
        from banli.textindex import policies, signals  # noqa: F401  (rules; term edits reload the dictionary)
