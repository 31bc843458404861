"""axe-core in a Playwright page: ``assert_accessible(page)`` fails on serious and critical violations.

The engine is vendored under ``vendor/axe-core/`` (test-only, never served). The pages' CSP allows no inline
script, so ``add_script_tag`` would be refused: the source is evaluated through the DevTools protocol
instead, which the CSP does not govern, and nothing in the page changes for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_DIR = Path(__file__).parent / "vendor" / "axe-core"
#: The impacts that fail a page; "moderate" and "minor" are reported by axe but do not fail.
FAILING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    """One rule a page breaks, with the elements that break it."""

    rule: str
    impact: str
    help_zh: str
    help_en: str
    url: str
    targets: tuple[str, ...]
    detail: str  # axe's own explanation for the first element (a contrast ratio, a missing name…)

    def describe(self) -> str:
        shown = "\n".join(f"      {t}" for t in self.targets[:8])
        more = f"\n      …另有 {len(self.targets) - 8} 个元素" if len(self.targets) > 8 else ""
        return (
            f"  - [{self.impact}] {self.rule}：{self.help_zh} / {self.help_en}\n"
            f"      {self.detail}\n{shown}{more}\n      {self.url}"
        )


@cache
def _source() -> str:
    return (AXE_DIR / "axe.min.js").read_text(encoding="utf-8")


@cache
def _locale() -> dict[str, Any]:
    return json.loads((AXE_DIR / "zh_CN.json").read_text(encoding="utf-8"))


_RUN = """async ({locale, impacts}) => {
  if (!window.__banliAxeHelpEn) {
    // the English help, read before the Chinese locale replaces it
    window.__banliAxeHelpEn = Object.fromEntries(axe.getRules().map(r => [r.ruleId, r.help]));
    axe.configure({locale});
  }
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    rule: v.id, impact: v.impact, help_zh: v.help, help_en: window.__banliAxeHelpEn[v.id] || "",
    url: v.helpUrl,
    targets: v.nodes.map(n => n.target.join(" ")),
    detail: (n => [...n.any, ...n.all, ...n.none].map(c => c.message).filter(Boolean)[0] || n.failureSummary || "")
      (v.nodes[0]),
  }));
}"""


def serious_violations(page: Page) -> list[Violation]:
    """Run axe over the page as it stands (after its htmx loads settle); answer its serious and critical
    violations."""
    page.wait_for_load_state("networkidle")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {_source()}\n}}")
    found = page.evaluate(_RUN, {"locale": _locale(), "impacts": list(FAILING_IMPACTS)})
    return [Violation(**{**v, "targets": tuple(v["targets"])}) for v in found]


def report(problems: dict[str, list[Violation]]) -> str:
    """The failure message: each page (by its label) with its violations."""
    lines = [f"无障碍检查未通过 / accessibility check failed: {len(problems)} 个页面有严重问题"]
    for where, found in problems.items():
        lines.append(f"{where}:")
        lines.extend(v.describe() for v in found)
    return "\n".join(lines)


def assert_accessible(page: Page, *, context: str = "") -> None:
    """Fail with a readable list when axe finds a serious or critical violation on the page."""
    found = serious_violations(page)
    where = f"{context} {page.url}".strip()
    assert not found, report({where: found})
