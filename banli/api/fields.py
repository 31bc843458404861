"""Field types shared by the API's inputs: bounded ids, years, and text that the databases accept.

Every bound here is also in the OpenAPI schema, so a client (and schemathesis) knows it in advance:
ids fit a 64-bit integer, years are plausible, text has a maximum length and no control characters
(PostgreSQL refuses NUL in text, and neither database stores a lone surrogate).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

MAX_ID = 2**63 - 1
MIN_YEAR, MAX_YEAR = 1949, 2100

#: Text of several lines: tabs and line breaks allowed, other control characters not.
MULTILINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
#: One line: no control characters at all.
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"


def _encodable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("含有无法识别的字符") from None
    return value


def text(max_length: int, *, min_length: int = 0, multiline: bool = False, description: str = "") -> Any:
    """A string type of at most ``max_length`` characters that the databases can store."""
    return Annotated[
        str,
        Field(
            min_length=min_length,
            max_length=max_length,
            pattern=MULTILINE if multiline else ONE_LINE,
            description=description,
        ),
        AfterValidator(_encodable),
    ]


def choice(values: list[str]) -> Any:
    """A string restricted to ``values`` (the value side of a TextChoices)."""
    return Literal[tuple(values)]  # type: ignore[valid-type]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
