"""待办: each app registers what a user has waiting, the home page shows the counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from banli.core.models.org import User


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str
    group: str
    urgent: bool = False


Provider = Callable[[User], list[Todo]]
_PROVIDERS: list[Provider] = []


def provider(fn: Provider) -> Provider:
    _PROVIDERS.append(fn)
    return fn


def todos_for(user: User) -> list[Todo]:
    result: list[Todo] = []
    for fn in _PROVIDERS:
        result.extend(fn(user))
    return result
