"""The Chinese wording of deadline reminders: the item by its reference, the duty, the due date."""

from __future__ import annotations

import datetime as dt

from banli.core.models import Deadline, Duty
from banli.core.text import cn_date

#: what the recipient is asked to do, per duty, before the due date
ASK = {
    Duty.COSIGN: "请及时确认是否联名",
    Duty.SIGN_RECEIPT: "请及时签收",
    Duty.ADJUSTMENT: "如需申请调整，请在期限内提出",
    Duty.ADJUSTMENT_DECISION: "请及时审定调整申请",
    Duty.OPINION: "请及时向主办单位提交会办意见",
    Duty.REPLY: "请按时答复",
    Duty.REHANDLING: "请按时重新办理并答复",
    Duty.EVALUATION: "请及时对答复进行满意度评价",
    Duty.PUBLICATION: "请及时办理答复公开",
    Duty.COMMITMENT: "请按时落实承诺事项",
    Duty.FOLLOW_UP: "请按时报送跟踪办理情况",
}


def duty_label(deadline: Deadline) -> str:
    label = Duty(deadline.duty).label if deadline.duty in Duty.values else deadline.duty
    return f"第{deadline.round}轮{label}" if deadline.round > 1 else str(label)


def item_names(deadline: Deadline) -> tuple[str, str]:
    """(reference, 《title》（reference）) of the deadline's submission, or empty strings."""
    sub = deadline.submission
    if sub is None:
        return "", ""
    return sub.reference, f"《{sub.title}》（{sub.reference}）"


def warning_text(deadline: Deadline, today: dt.date, left: int) -> tuple[str, str]:
    """Title and body of a warning; ``left`` is the number of working days after today up to the due date."""
    ref, item = item_names(deadline)
    label, due = duty_label(deadline), cn_date(deadline.due_on)
    title = f"【即将到期】{ref}的{label}期限为{due}" if ref else f"【即将到期】{label}期限为{due}"
    if today == deadline.due_on:
        when = "今天到期"
    elif left:
        when = f"还有{left}个工作日"
    else:
        when = "截止日前已无工作日"
    body = f"{item or '该事项'}的{label}期限为{due}，{when}。{ASK.get(deadline.duty, '请按时办理')}。"
    return title, body


def overdue_text(deadline: Deadline, elapsed: int, repeat: int) -> tuple[str, str]:
    """Title and body of an overdue notice; ``elapsed`` working days after the due date, the
    ``repeat``-th repeat (0 for the first notice)."""
    ref, item = item_names(deadline)
    label, due = duty_label(deadline), cn_date(deadline.due_on)
    tag = f"【逾期提醒·第{repeat + 1}次】" if repeat else "【已逾期】"
    title = f"{tag}{ref}的{label}期限已于{due}届满" if ref else f"{tag}{label}期限已于{due}届满"
    body = f"{item or '该事项'}的{label}期限为{due}，已逾期{elapsed}个工作日，请尽快办理。"
    return title, body
