"""SMS through a gateway interface. ``BANLI_SMS_BACKEND`` names the backend class.

- :class:`LogSmsBackend` (default) writes each message to the log: nothing leaves the machine.
- :class:`HttpSmsBackend` posts JSON ``{"mobile", "text"}`` to ``BANLI_SMS_URL`` with the bearer token
  ``BANLI_SMS_TOKEN``; any 2xx answer is success, anything else raises :class:`SmsError` (retried).

A gateway of another shape is one subclass with a ``send`` method away.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message; the delivery is retried later."""


class SmsBackend:
    """Sends one text message to one mobile number, or raises :class:`SmsError`."""

    def send(self, mobile: str, text: str) -> None:
        raise NotImplementedError


class LogSmsBackend(SmsBackend):
    """Writes the message to the log (logger ``banli.notifications.sms``) instead of sending it."""

    def send(self, mobile: str, text: str) -> None:
        logger.info("短信 → %s：%s", mask(mobile), text)


class HttpSmsBackend(SmsBackend):
    """Posts the message to an HTTP gateway."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float = 10) -> None:
        self.url = url if url is not None else settings.BANLI_SMS_URL
        self.token = token if token is not None else settings.BANLI_SMS_TOKEN
        self.timeout = timeout
        if not self.url:
            raise SmsError("未配置短信网关地址（BANLI_SMS_URL）")

    def send(self, mobile: str, text: str) -> None:
        data = json.dumps({"mobile": mobile, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=data, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"短信网关返回 {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError(f"无法连接短信网关：{exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"短信网关返回 {status}")


def mask(mobile: str) -> str:
    """139****0000: numbers in logs are masked."""
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) >= 8 else "****"


@lru_cache(maxsize=4)
def _backend_class(path: str) -> type[SmsBackend]:
    cls = import_string(path)
    if not (isinstance(cls, type) and issubclass(cls, SmsBackend)):
        raise TypeError(f"BANLI_SMS_BACKEND 须为 SmsBackend 的子类：{path}")
    return cls


def get_backend() -> SmsBackend:
    """A backend instance of the configured class."""
    return _backend_class(settings.BANLI_SMS_BACKEND)()
