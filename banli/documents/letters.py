"""The reply letter (答复函 / 复函) and the co-handler's opinion (会办意见) as a Word document.

The handling app fills a ``ReplyLetter`` from a reply and calls ``render_reply_letter``; the template is
the jurisdiction's active one (``banli.documents.selection.active_template``) or the shipped default,
which follows GB/T 9704-2012's letter format (see ``banli.documents.builder.letter``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from banli.core.text import cn_date
from banli.documents.defaults import default_template
from banli.documents.rendering import DocumentError, clean, paragraph, render, split_lines

KIND_LABELS = {"suggestion": "建议", "proposal": "提案", "motion": "议案"}
SALUTATIONS = {"npc": "代表", "cppcc": "委员"}


def reply_title(meeting: str, number: int, kind: str = "suggestion", *, opinion: bool = False) -> str:
    """关于市六届人大三次会议第39号建议的答复; a co-handler's is …的会办意见.

    ``meeting`` names the session (市六届人大三次会议) or, between sessions, the period the item belongs to.
    """
    label = KIND_LABELS.get(kind, kind)
    return f"关于{meeting}第{number}号{label}的{'会办意见' if opinion else '答复'}"


def salutation(name: str, assembly_kind: str = "npc") -> str:
    """How a reply addresses its reader: 张三代表 (人大) or 李四委员 (政协); the letter adds the colon."""
    return f"{name}{SALUTATIONS.get(assembly_kind, '')}"


@dataclass(frozen=True)
class ReplyLetter:
    """Everything the letter states, in the words it states them.

    - ``title``: 关于市六届人大三次会议第39号建议的答复 (see ``reply_title``).
    - ``document_number``: the 文号, e.g. 宿发改提〔2025〕12号, printed at the right edge under the rule.
    - ``addressee``: 张三代表 (see ``salutation``); for a co-handler's opinion, the lead unit's name.
    - ``paragraphs``: the body, one string per paragraph (line breaks also start a paragraph); one that
      starts with 一、 is a heading in 黑体, with （一） in 楷体.
    - ``signer``: the signing unit; ``date``: the date it signs (printed 2025年2月28日).
    - ``letterhead``: the unit's name in red at the top of the first page.
    - ``result_mark``: the result category as marked at the top right of the first page ("A", "B类");
      empty for an opinion.
    - ``contact_person``, ``contact_phone``: the 附注 under the date.
    - ``cc``: the 抄送 units, in order.
    - ``feedback_note``: an enclosure line such as "附件：代表建议办理情况征询意见表", printed under the body.
    """

    title: str
    document_number: str
    addressee: str
    paragraphs: Sequence[str]
    signer: str
    date: dt.date
    letterhead: str
    result_mark: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    cc: Sequence[str] = field(default_factory=tuple)
    feedback_note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "paragraphs", split_lines(self.paragraphs))
        object.__setattr__(self, "cc", tuple(c for c in (clean(u) for u in self.cc) if c))
        missing = [
            label
            for label, value in (
                ("标题", self.title),
                ("主送", self.addressee),
                ("正文", self.paragraphs),
                ("署名单位", self.signer),
                ("发文机关标志", self.letterhead),
            )
            if not value or (isinstance(value, str) and not value.strip())
        ]
        if missing:
            raise DocumentError(f"答复函缺少{'、'.join(missing)}。")
        if not isinstance(self.date, dt.date):
            raise DocumentError("答复函的成文日期必须是日期。")

    @property
    def contact_note(self) -> str:
        """（联系人：王五，联系电话：0557-1234567）, or empty when neither is given."""
        parts = []
        if self.contact_person.strip():
            parts.append(f"联系人：{clean(self.contact_person)}")
        if self.contact_phone.strip():
            parts.append(f"联系电话：{clean(self.contact_phone)}")
        return f"（{'，'.join(parts)}）" if parts else ""

    @property
    def cc_text(self) -> str:
        """抄送 units separated by commas, ending with a full stop (GB/T 9704 §7.4.2)."""
        return "，".join(self.cc) + "。" if self.cc else ""

    def context(self) -> dict[str, Any]:
        """The variables a reply-letter template may use."""
        text = {
            name: clean(getattr(self, name))
            for name in ("title", "document_number", "addressee", "signer", "letterhead", "result_mark")
        }
        return {
            **text,
            "addressee": text["addressee"].rstrip("：:"),
            "paragraphs": [paragraph(p) for p in self.paragraphs],
            "date_text": cn_date(self.date),
            "contact_note": self.contact_note,
            "cc_text": self.cc_text,
            "feedback_note": clean(self.feedback_note),
        }


def render_reply_letter(letter: ReplyLetter, template: bytes | None = None) -> bytes:
    """The letter as .docx bytes, from ``template`` or the shipped default. Changes nothing stored.

    Raises ``DocumentError`` when the template is broken (unknown variable, not a Word file).
    """
    return render(template if template is not None else default_template("reply_letter"), letter.context())
