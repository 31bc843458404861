from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "banli.accounts"
    label = "accounts"
    verbose_name = "账号安全"

    def ready(self) -> None:
        from banli.accounts import checks, receivers  # noqa: F401  (system checks, login hooks)
