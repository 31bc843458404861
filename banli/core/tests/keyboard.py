"""Keyboard use of a form: from the top of the page, Tab alone reaches each of the form's fields and its
submit buttons in their order on the page, and every stop shows where the focus is."""

from __future__ import annotations

from playwright.sync_api import Page

#: Tab stops inside one date or time field, at most (year, month, day; hours, minutes, AM/PM).
SEGMENTS = 4
#: Tab presses allowed to get from the top of the page to the form (past the skip link, the top bar…).
MAX_TABS_TO_FORM = 80

# The form's Tab stops in document order: each enabled, rendered control, one stop per radio group (its
# checked radio, or the first when none is), as the browser orders them when no tabindex is positive.
_MARK_STOPS = """form => {
  const controls = form.querySelectorAll("input, select, textarea, button, a[href]");
  const groups = new Set();
  const stops = [];
  for (const el of controls) {
    if (el.disabled || el.type === "hidden" || el.tabIndex < 0 || !el.getClientRects().length) continue;
    if (el.type === "radio") {
      if (groups.has(el.name)) continue;
      groups.add(el.name);
      const radios = [...form.querySelectorAll(`input[type=radio][name="${el.name}"]`)];
      stops.push(radios.find(r => r.checked) || el);
    } else {
      stops.push(el);
    }
  }
  stops.forEach((el, i) => { el.dataset.kbdStop = String(i); });
  // a label's required-mark "*" is hidden from screen readers, and left out here too
  return stops.map(el => el.labels && el.labels.length ? el.labels[0].innerText.replace(/\\s*\\*$/, "").trim()
    : (el.getAttribute("aria-label") || el.innerText || el.name || el.tagName).trim());
}"""

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {stop: null, segmented: false, visible: false, what: "body"};
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow !== "none";
  return {
    stop: el.dataset.kbdStop ?? null,
    segmented: ["date", "datetime-local", "month", "week", "time"].includes(el.type),
    visible: el.matches(":focus-visible") && (outline || ring),
    what: el.outerHTML.slice(0, 120),
  };
}"""


def assert_tab_order(page: Page, form_selector: str, *, submit: str) -> list[str]:
    """On a freshly loaded page, press Tab from the top until the focus enters the form, then once per stop; each must be
    the form's next field, ending with the button named ``submit``, each with a visible focus indicator
    (an outline or a ring under :focus-visible). Answer the stops' labels, in order, for the caller to
    check what it expects."""
    form = page.locator(form_selector)
    labels: list[str] = form.evaluate(_MARK_STOPS)
    assert labels, f"{form_selector} 中没有可用键盘操作的控件"
    assert submit in labels, f"{form_selector} 的控件中没有“{submit}”按钮：{labels}"
    # From where a fresh page starts: its top, or the field it autofocuses.
    for _ in range(MAX_TABS_TO_FORM):
        if page.evaluate(_FOCUSED)["stop"] is not None:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"按 {MAX_TABS_TO_FORM} 次 Tab 仍未到达 {form_selector}")
    for index, label in enumerate(labels):
        if index:
            page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        # Chromium tabs through a date field's year, month and day before leaving it.
        for _ in range(SEGMENTS - 1):
            if not (focused["stop"] == str(index - 1) and focused["segmented"]):
                break
            page.keyboard.press("Tab")
            focused = page.evaluate(_FOCUSED)
        assert focused["stop"] == str(index), (
            f"{form_selector}：第 {index + 1} 次 Tab 应到“{label}”，实际焦点在 {focused['what']}"
        )
        assert focused["visible"], f"{form_selector}：“{label}”获得焦点时看不出焦点位置：{focused['what']}"
    return labels
