"""Deploy checks: the demo mode (which spares demo accounts the second factor) must be off in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.BANLI_DEMO:
        return [
            Warning(
                "演示模式已开启（BANLI_DEMO=1）：演示账号登录时不要求动态口令、密码不过期。",
                hint="生产环境请勿设置 BANLI_DEMO，也不要载入演示数据。",
                id="banli.W010",
            )
        ]
    return []
