from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "banli.portal"
    label = "portal"
    verbose_name = "公开（答复公开与门户）"

    def ready(self) -> None:
        from banli.portal import policies, search, workflow  # noqa: F401  (rules, index source, table)
