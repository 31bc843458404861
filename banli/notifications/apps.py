from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "banli.notifications"
    label = "notifications"
    verbose_name = "消息与提醒"

    def ready(self) -> None:
        from banli.notifications import (
            events,  # noqa: F401  (tells people of the acts that concern them)
            policies,  # noqa: F401  (registers the inbox scope)
            recipients,  # noqa: F401  (registers who receives each duty's reminders)
        )
