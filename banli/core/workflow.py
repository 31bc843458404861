"""The workflow engine: transitions as data, and the one service that performs them.

Each app declares its table in its own ``workflow.py``: ``(source states, action) → Transition``.
:func:`transition` is the only way a workflow state changes. In one database transaction it

1. finds the transition for the object's current state and the action (unknown → ``NotAvailable``);
2. asks the transition's ``who`` predicate for the actor's capacity (none → ``NotAllowed``);
3. checks the required comment and data (``needs``), then runs the guard, which answers a reason to
   refuse in Chinese or None (a reason → ``GuardFailed``); :func:`available` calls guards with no
   data, so a guard judges the object alone when a datum is absent;
4. runs ``apply`` for extra field values (a number, a timestamp) and other writes that belong with it;
5. changes the state with a compare-and-swap update (``UPDATE … WHERE pk = … AND state = current``);
   zero rows means somebody acted first → ``Conflict`` and the whole transaction is rolled back;
6. writes an :class:`~banli.core.models.Event` (actor, capacity, action, from, to, comment, payload);
7. runs ``after`` hooks inside the transaction (deadlines, related rows), then queues ``effects``
   (notifications, index updates) to run after commit.

The UI shows exactly the transitions :func:`available` returns for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from banli.core.models import Event
from banli.core.models.org import User
from banli.core.policies import Predicate
from banli.core.transactions import writing

Guard = Callable[[Any, User, dict[str, Any]], "str | None"]
Apply = Callable[[Any, User, dict[str, Any]], "dict[str, Any] | None"]
After = Callable[[Any, User, Event, dict[str, Any]], None]
Effect = Callable[[Any, Event], None]


class WorkflowError(Exception):
    """A refused action. ``message`` is Chinese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAvailable(WorkflowError):
    pass


class NotAllowed(WorkflowError):
    pass


class GuardFailed(WorkflowError):
    pass


class Conflict(WorkflowError):
    pass


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: Predicate
    guard: Guard | None = None
    apply: Apply | None = None
    after: tuple[After, ...] = ()
    effects: tuple[Effect, ...] = ()
    comment_required: bool = False
    needs: dict[str, str] = field(default_factory=dict)  # data keys the act requires → Chinese label
    confirm: str = ""
    style: str = "primary"
    doc: str = ""


@dataclass
class Workflow:
    """The transition table of one model."""

    name: str
    label: str
    model: type[models.Model]
    states: type[models.TextChoices]
    transitions: list[Transition] = field(default_factory=list)
    state_field: str = "state"
    submission_of: Callable[[Any], Any] = field(default=lambda obj: obj)

    def __post_init__(self) -> None:
        declared, self.transitions = self.transitions, []
        self.extend(declared)
        _WORKFLOWS[self.name] = self
        _BY_MODEL[self.model] = self

    def extend(self, transitions: Iterable[Transition]) -> None:
        """Add a later stage's transitions to this table (e.g. 交 adds assignment acts to submissions)."""
        valid = set(self.states.values)
        for t in transitions:
            for s in (*t.sources, t.target):
                if s not in valid:
                    raise ValueError(f"{self.name}.{t.action}: unknown state {s!r}")
            for s in t.sources:
                if self.get(s, t.action) is not None:
                    raise ValueError(f"{self.name}: ({s}, {t.action}) declared twice")
            self.transitions.append(t)

    def get(self, state: str, action: str) -> Transition | None:
        for t in self.transitions:
            if t.action == action and state in t.sources:
                return t
        return None

    def actions(self) -> list[str]:
        return sorted({t.action for t in self.transitions})

    def state_label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state


Observer = Callable[[Any, Event], None]
_OBSERVERS: list[Observer] = []


def observe(fn: Observer) -> Observer:
    """Call ``fn(obj, event)`` after every act (a transition once its ``after`` hooks ran, or a recorded
    event), inside the act's transaction: what it writes stands or falls with the act."""
    _OBSERVERS.append(fn)
    return fn


def _observed(obj: Any, event: Event) -> None:
    for fn in _OBSERVERS:
        fn(obj, event)


_WORKFLOWS: dict[str, Workflow] = {}
_BY_MODEL: dict[type[models.Model], Workflow] = {}


def workflows() -> Iterable[Workflow]:
    return _WORKFLOWS.values()


def workflow_for(obj: models.Model | type[models.Model]) -> Workflow:
    model = obj if isinstance(obj, type) else type(obj)
    return _BY_MODEL[model]


def _state(obj: models.Model, wf: Workflow) -> str:
    return str(getattr(obj, wf.state_field))


def available(obj: models.Model, user: User, *, guards: bool = True) -> list[Transition]:
    """The transitions this user may perform on this object now (who and guard both pass).

    With ``guards=False`` a form that supplies the data a guard judges (a plan of units, say) is offered
    on the actor's right alone; the guard then speaks when the form is sent.
    """
    wf = workflow_for(obj)
    state = _state(obj, wf)
    result = []
    for t in wf.transitions:
        if state not in t.sources or not t.who(user, obj):
            continue
        if not guards or t.guard is None or t.guard(obj, user, {}) is None:
            result.append(t)
    return result


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, models.Model):
            out[key] = {"id": value.pk, "label": str(value)}
        elif isinstance(value, str | int | float | bool | type(None) | list | dict):
            out[key] = value
        else:
            out[key] = str(value)
    return out


#: The capacity recorded for acts the system performs by rule (an evaluation not given in time).
SYSTEM_ROLE = "系统"


def transition(
    obj: models.Model,
    action: str,
    actor: User | None,
    *,
    comment: str = "",
    payload: dict[str, Any] | None = None,
    by_system: bool = False,
    **data: Any,
) -> Event:
    """Perform ``action`` on ``obj`` as ``actor``; see the module docstring for every step and effect.

    With ``by_system=True`` and no actor, the act is the system's own, by a rule of the policy (the worker
    calls it so; no view does): ``who`` is not asked, the event records no actor and the role 系统.
    Raises a :class:`WorkflowError` subclass with a Chinese message when refused; nothing is changed then.
    """
    wf = workflow_for(obj)
    comment = (comment or "").strip()
    with writing():
        current = _state(obj, wf)
        t = wf.get(current, action)
        if t is None:
            raise NotAvailable(f"当前状态为“{wf.state_label(current)}”，不能执行该操作。")
        if by_system and actor is None:
            role: str | None = SYSTEM_ROLE
        else:
            role = t.who(actor, obj)  # type: ignore[arg-type]
        if not role:
            raise NotAllowed(f"您无权对此事项执行“{t.label}”。")
        if t.comment_required and not comment:
            raise GuardFailed(f"“{t.label}”须填写意见或理由。")
        missing = [label for key, label in t.needs.items() if data.get(key) in (None, "", [])]
        if missing:
            raise GuardFailed(f"“{t.label}”须填写：{'、'.join(missing)}。")
        if t.guard is not None:
            reason = t.guard(obj, actor, data)  # type: ignore[arg-type]
            if reason:
                raise GuardFailed(reason)
        updates = dict(t.apply(obj, actor, data) or {}) if t.apply else {}
        updated = (
            type(obj)
            ._default_manager.filter(pk=obj.pk, **{wf.state_field: current})
            .update(**{wf.state_field: t.target}, **updates)
        )
        if updated != 1:
            fresh = (
                type(obj)._default_manager.filter(pk=obj.pk).values_list(wf.state_field, flat=True).first()
            )
            now = wf.state_label(fresh) if fresh else "已删除"
            raise Conflict(f"该事项已被他人处理（当前状态：{now}），您的操作未生效，请刷新后查看。")
        setattr(obj, wf.state_field, t.target)
        for key, value in updates.items():
            setattr(obj, key, value)
        submission = wf.submission_of(obj)
        event = Event.objects.create(
            jurisdiction_id=obj.jurisdiction_id,  # type: ignore[attr-defined]
            submission=submission,
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            workflow=wf.name,
            action=t.action,
            action_label=t.label,
            actor=actor,
            actor_role=role,
            from_state=current,
            to_state=t.target,
            comment=comment,
            payload={**_jsonable(data), **(payload or {})},
        )
        for hook in t.after:
            hook(obj, actor, event, data)  # type: ignore[arg-type]
        _observed(obj, event)
        for effect in t.effects:
            transaction.on_commit(lambda effect=effect: effect(obj, event))
    return event


def record(
    obj: models.Model,
    action: str,
    label: str,
    actor: User | None,
    *,
    role: str = "",
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> Event:
    """Write an event for an act that changes no workflow state (an urging, a flag, an upload)."""
    wf = _BY_MODEL.get(type(obj))
    state = _state(obj, wf) if wf else ""
    event = Event.objects.create(
        jurisdiction_id=obj.jurisdiction_id,  # type: ignore[attr-defined]
        submission=wf.submission_of(obj) if wf else None,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        workflow=wf.name if wf else "",
        action=action,
        action_label=label,
        actor=actor,
        actor_role=role,
        from_state=state,
        to_state=state,
        comment=comment,
        payload=payload or {},
    )
    _observed(obj, event)
    return event
