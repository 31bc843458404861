"""Removing contact details and marked passages from a reply before it is published (domain.md §8).

Everything here is pure: it finds character ranges (:class:`Span`) in a text and applies them, never
changing the text it was given. The patterns run on a *folded* copy of the text (full-width digits,
letters, brackets, colons, @ and spaces made half-width, character by character, so positions stay the
same), so ０５５７－３０２１２３４ is found like 0557-3021234.

What is found automatically:

- the 附注 line with the contact person (（联系人：王五，联系电话：0557-3021234）), and other lines that
  begin with 联系人/联系电话/联系方式/联系地址/经办人/承办人 and a colon: removed whole, with their line break;
- mobile numbers (13912345678, 139-1234-5678, +86 139 1234 5678);
- landline numbers with an area code (0557-3021234, (0557)3021234, 010 12345678, with 转8001);
- any number of seven digits or more after 电话/手机/座机/热线/传真/联系方式/Tel (电话：3021234); short
  public service numbers (12345) stay;
- e-mail addresses; ID-card numbers (18 digits with X, and the old 15); QQ numbers and WeChat IDs after
  QQ/微信; the name after 联系人：;
- any occurrence of values known to be contact details (the reply's contact person and phone, the
  authors' mobile numbers and addresses).

Inline matches are replaced by ×××. Over-redaction is preferred to a leak: a number that only looks like
a phone number is hidden too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MARK = "×××"

#: Kinds of range, as the office's page names them.
KINDS = {
    "note": "联系人附注",
    "mobile": "手机号码",
    "phone": "电话号码",
    "email": "电子邮箱",
    "id_card": "身份证号码",
    "im": "QQ/微信",
    "person": "联系人姓名",
    "known": "联系方式",
    "manual": "人工隐去",
}


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str

    def as_list(self) -> list[object]:
        return [self.start, self.end, self.kind]

    @classmethod
    def from_list(cls, row: list[object]) -> Span:
        start, end, kind = row
        return cls(int(start), int(end), str(kind))  # type: ignore[call-overload]


def fold(text: str) -> str:
    """Each character in its compatibility form when that is one character (１→1, （→(, ：→:, ＠→@,
    the ideographic space → space); same length as the text, so positions carry over."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


_SP = r"[ \t]*"
NOTE_LINE = re.compile(
    rf"^{_SP}\(?{_SP}(?:联{_SP}系{_SP}人|联系电话|联系方式|联系地址|经办人|承办人){_SP}[:：][^\n]*$",
    re.MULTILINE,
)
MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
LANDLINE = re.compile(
    r"(?<![0-9])(?:\(0[1-9][0-9]{1,2}\)[ -]?|0[1-9][0-9]{1,2}[ \-—–])"
    r"[2-9][0-9]{6,7}(?:(?:转|-|ext\.? ?)[0-9]{1,6})?(?![0-9])",
    re.IGNORECASE,
)
AFTER_PHONE_WORD = re.compile(
    r"(?:电话|手机|座机|热线|传真|联系方式|tel|phone)[ :]*((?:\+?86[ -]?)?[0-9][0-9 ()\-—]{5,}[0-9])",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
ID_CARD_18 = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
    r"[0-9]{3}[0-9Xx](?![0-9A-Za-z])"
)
ID_CARD_15 = re.compile(
    r"(?<![0-9])[1-9][0-9]{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}(?![0-9])"
)
IM = re.compile(r"(?:QQ|微信号?)[ :]*([A-Za-z0-9][A-Za-z0-9_\-]{4,19})", re.IGNORECASE)
PERSON = re.compile(
    r"联系人[ :]+([\u4e00-\u9fff·]{2,4}?)"
    r"(?=同志|先生|女士|科长|主任|处长|联系|电话|手机|[^\u4e00-\u9fff·]|$)"
)

_INLINE = [
    ("id_card", ID_CARD_18, 0),
    ("id_card", ID_CARD_15, 0),
    ("mobile", MOBILE, 0),
    ("phone", LANDLINE, 0),
    ("phone", AFTER_PHONE_WORD, 1),
    ("email", EMAIL, 0),
    ("im", IM, 1),
    ("person", PERSON, 1),
]


def contact_spans(text: str, known: Iterable[str] = ()) -> list[Span]:
    """Ranges of contact details in ``text`` (see the module docstring), merged and in order."""
    folded = fold(text)
    spans: list[Span] = []
    for m in NOTE_LINE.finditer(folded):
        end = m.end() + 1 if folded[m.end() : m.end() + 1] == "\n" else m.end()
        spans.append(Span(m.start(), end, "note"))
    for kind, pattern, group in _INLINE:
        for m in pattern.finditer(folded):
            if kind == "phone" and group and sum(c.isdigit() for c in m.group(group)) < 7:
                continue
            spans.append(Span(m.start(group), m.end(group), kind))
    spans.extend(occurrences(text, known, "known"))
    return merge(spans)


def occurrences(text: str, phrases: Iterable[str], kind: str) -> list[Span]:
    """Every occurrence of each phrase (compared folded, so full- and half-width forms both count)."""
    folded = fold(text)
    spans = []
    for phrase in phrases:
        needle = fold((phrase or "").strip())
        if not needle or (kind == "known" and len(needle) < 2):
            continue
        start = folded.find(needle)
        while start >= 0:
            spans.append(Span(start, start + len(needle), kind))
            start = folded.find(needle, start + len(needle))
    return spans


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching ranges made one; a range touching a removed 附注 line becomes part of it."""
    out: list[Span] = []
    for span in sorted(spans):
        if out and span.start <= out[-1].end:
            last = out[-1]
            kind = "note" if "note" in (last.kind, span.kind) else last.kind
            out[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            out.append(span)
    return out


def apply(text: str, spans: Iterable[Span]) -> str:
    """The text with each range replaced by ×××, or (附注 lines) removed; trailing blank lines dropped."""
    out, last = [], 0
    for span in merge(spans):
        out.append(text[last : span.start])
        if span.kind != "note":
            out.append(MARK)
        last = span.end
    out.append(text[last:])
    return "".join(out).rstrip()


def pieces(text: str, spans: Iterable[Span]) -> list[tuple[str, str]]:
    """The text cut into (piece, kind) with kind "" for what stays: how the office's page shows what is
    hidden and why."""
    out, last = [], 0
    for span in merge(spans):
        if span.start > last:
            out.append((text[last : span.start], ""))
        out.append((text[span.start : span.end], span.kind))
        last = span.end
    if last < len(text):
        out.append((text[last:], ""))
    return out
