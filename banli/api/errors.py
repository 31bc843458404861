"""One error shape for every refusal, in Chinese, and the map from each kind of refusal to its status.

``WorkflowError`` subclasses map as the pages treat them: ``NotAllowed`` → 403, ``Conflict`` (somebody
acted first) → 409, ``NotAvailable`` and ``GuardFailed`` (not in this state, something missing) → 400.
Unknown or invisible objects are 404 (the API never says whether an object the user may not see
exists), a missing or bad token 401, and input that does not fit the schema 422.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from banli.core.workflow import Conflict, NotAllowed, WorkflowError

ErrorCode = Literal["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "validation_error"]

CODES: dict[int, ErrorCode] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    422: "validation_error",
}
NOT_FOUND = "未找到该对象，或您无权查看。"
UNAUTHORIZED = (
    "未提供有效的接口令牌：请在请求头中提供 Authorization: Bearer <令牌>（令牌可能已过期或被吊销）。"
)


class FieldProblem(Schema):
    """One input that does not fit: where (e.g. ["body", "title"]) and why."""

    location: list[str | int]
    message: str


class ApiError(Schema):
    """Every error answer: a stable ``code`` for programs and a Chinese ``message`` for people."""

    code: ErrorCode
    message: str
    errors: list[FieldProblem] = []


class Problem(Exception):
    """A refusal raised by a route (404 for what the user does not see, 403 for what they may never do)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """A route's ``response=`` map: its success and the error statuses it can answer (always 401, 422)."""
    return {**ok, **{code: ApiError for code in sorted({401, 422, *errors})}}


#: What a write can answer: bad state or data, no token, not allowed, not found, conflict, bad input.
WRITE_ERRORS = (400, 403, 404, 409)


def strict_query(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse query parameters the operation does not declare (applied to every operation)."""
    from banli.api.inputs import QueryParams

    @wraps(view_func)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        known: set[str] = set()
        for value in kwargs.values():
            if isinstance(value, QueryParams):
                known |= set(type(value).model_fields)
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise ValidationError([{"type": "extra_forbidden", "loc": ("query", name)} for name in unknown])
        return view_func(request, *args, **kwargs)

    return wrapped


def workflow_status(exc: WorkflowError) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, Conflict):
        return 409
    return 400  # NotAvailable, GuardFailed


# ---- translating pydantic's complaints ------------------------------------------------------------------

_MESSAGES = {
    "missing": "必须提供",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "int_from_float": "须为整数",
    "bool_parsing": "须为 true 或 false",
    "bool_type": "须为 true 或 false",
    "string_type": "须为字符串",
    "date_parsing": "须为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
    "date_type": "须为日期（YYYY-MM-DD）",
    "list_type": "须为数组",
    "model_type": "须为 JSON 对象",
    "dict_type": "须为 JSON 对象",
    "model_attributes_type": "须为 JSON 对象",
    "json_invalid": "不是有效的 JSON",
    "string_pattern_mismatch": "含有不允许的字符（如控制字符）",
    "extra_forbidden": "不是可接受的字段",
    "value_error": "取值无效",
}


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_short":
        return f"至少 {ctx.get('min_length')} 个字符"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项"
    if kind == "literal_error":
        return f"取值无效，可选：{ctx.get('expected', '')}"
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return _MESSAGES.get(kind, "取值无效")


def _location(error: dict[str, Any]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]


def _answer(api: NinjaAPI, request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    body = {"code": CODES[status], "message": message, "errors": extra.pop("errors", [])}
    response = api.create_response(request, body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="banli"'
    return response


def install(api: NinjaAPI) -> None:
    """Answer every refusal with :class:`ApiError`; refuse undeclared query parameters."""
    api.add_decorator(strict_query)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = [{"location": _location(e), "message": _message(e)} for e in exc.errors]
        summary = "；".join(
            f"{'.'.join(map(str, p['location'][1:])) or '请求'}{p['message']}" for p in problems
        )
        return _answer(api, request, 422, f"请求参数有误：{summary}。", errors=problems)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _answer(api, request, 401, UNAUTHORIZED)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own refusals (an unreadable body) carry English messages
        status = exc.status_code if exc.status_code in CODES else 400
        message = "请求体不是有效的 JSON。" if status == 400 else "请求无法处理。"
        return _answer(api, request, status, message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _answer(api, request, 404, NOT_FOUND)

    @api.exception_handler(Problem)
    def problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        return _answer(api, request, exc.status, exc.message)

    @api.exception_handler(WorkflowError)
    def refused(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
        return _answer(api, request, workflow_status(exc), exc.message)
