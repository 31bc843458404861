from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "banli.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from banli.audit import policies, receivers  # noqa: F401  (register the rule and the receivers)
