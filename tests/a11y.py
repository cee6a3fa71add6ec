"""Accessibility checks in a real browser: axe-core, keyboard focus, contrast in every state.

``axe_violations`` injects axe-core (npm ``axe-core``, installed by ``make
test``) into a Playwright page and returns what it finds against WCAG 2.1
A/AA and axe's best practices. axe judges contrast in the state the page is
loaded in only; ``text_contrasts`` and ``focus_ring`` read the computed
colours of an element as it is now (after ``hover()`` or a Tab), and
``contrast`` computes the WCAG ratio of two of them. Backgrounds are the
background colours of the element and its ancestors, composited; a
background image is not looked at. ``mark_tabbable`` and ``focused`` follow
a walk with the Tab key; ``hover_targets`` lists what a pointer can hover.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import ElementHandle, Page

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Everything a keyboard or a pointer can act on.
INTERACTIVE = (
    "a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1']), [contenteditable='true']"
)

RGBA = tuple[float, float, float, float]


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]  # CSS selector and what is wrong, per element

    def __str__(self) -> str:
        where = "".join(f"\n      {node}" for node in self.nodes)
        return f"{self.rule} ({self.impact}): {self.help}{where}"


_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
  }));
}"""


def axe_violations(page: Page) -> list[Violation]:
    """axe-core's violations on the loaded page (WCAG 2.1 A/AA and best practices)."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does it)"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=AXE)
    found = page.evaluate(_RUN_AXE, TAGS)
    return [Violation(v["rule"], v["impact"], v["help"], tuple(v["nodes"])) for v in found]


# Shared by the snippets below: colours as RGBA through a canvas (whatever CSS
# syntax the computed value uses), the background an element's text sits on
# (its own and its ancestors' background colours, composited), a readable name.
_HELPERS = """
const canvas = document.createElement('canvas');
canvas.width = canvas.height = 1;
const ctx = canvas.getContext('2d', {willReadFrequently: true});
const rgba = (css) => {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = 'rgba(0, 0, 0, 0)';
  ctx.fillStyle = css;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3] / 255];
};
const over = (top, below) => {
  const a = top[3] + below[3] * (1 - top[3]);
  if (a === 0) return [0, 0, 0, 0];
  const mix = i => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
  return [mix(0), mix(1), mix(2), a];
};
const backdrop = (el) => {
  const layers = [];
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let colour = [255, 255, 255, 1];  // the canvas under everything
  for (const layer of layers.reverse()) colour = over(layer, colour);
  return colour;
};
const path = (el) => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && e !== document.body; e = e.parentElement) {
    parts.unshift(e.localName + [...e.classList].map(c => '.' + c).join(''));
  }
  return parts.join(' > ');
};
const label = (el) => {
  const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return path(el) + (text ? ` "${text}"` : '');
};
const settle = () => Promise.race([  // transitions to hover or focus colours end; endless animations are not waited for
  Promise.all(document.getAnimations()
    .filter(a => a.effect && isFinite(a.effect.getComputedTiming().endTime))
    .map(a => a.finished.catch(() => null))),
  new Promise(done => setTimeout(done, 2000)),
]);
"""

_TEXT_COLOURS = (
    "async (el) => {"
    + _HELPERS
    + """
  await settle();
  const found = [];
  const visit = (e) => {
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none') return;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own) {
      const bg = backdrop(e);
      found.push({where: label(e), colour: over(rgba(style.color), bg), background: bg});
    }
    for (const child of e.children) visit(child);
  };
  visit(el);
  return found;
}"""
)

# The outline of a focused element, and the colour just outside it: the
# topmost element under a point of the ring that is not the element itself.
_FOCUS_RING = (
    "async (el) => {"
    + _HELPERS
    + """
  await settle();
  const style = getComputedStyle(el);
  const width = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
  const ring = {where: label(el), width, shadow: style.boxShadow !== 'none',
                colour: rgba(style.outlineColor), behind: null};
  const r = el.getBoundingClientRect();
  const out = parseFloat(style.outlineOffset) + width / 2;
  const points = [[r.left - out, r.top + r.height / 2], [r.right + out, r.top + r.height / 2],
                  [r.left + r.width / 2, r.top - out], [r.left + r.width / 2, r.bottom + out]];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const under = document.elementsFromPoint(x, y).find(e => e !== el && !el.contains(e));
    if (under) { ring.behind = backdrop(under); break; }
  }
  return ring;
}"""
)


@dataclass(frozen=True)
class TextColour:
    where: str
    colour: RGBA
    background: RGBA

    @property
    def ratio(self) -> float:
        return contrast(self.colour, self.background)


@dataclass(frozen=True)
class FocusRing:
    where: str
    width: float  # CSS px of the outline; 0 when there is none
    shadow: bool  # a box-shadow drawn instead
    colour: RGBA
    behind: RGBA | None  # None: every side of the ring is off screen

    @property
    def ratio(self) -> float | None:
        return None if self.behind is None else contrast(self.colour, self.behind)


def text_contrasts(element: ElementHandle) -> list[TextColour]:
    """Every run of text in ``element`` with its colour and background, in the current state."""
    found: list[dict[str, Any]] = element.evaluate(_TEXT_COLOURS)
    return [TextColour(f["where"], _rgba(f["colour"]), _rgba(f["background"])) for f in found]


def focus_ring(element: ElementHandle) -> FocusRing:
    ring: dict[str, Any] = element.evaluate(_FOCUS_RING)
    behind = _rgba(ring["behind"]) if ring["behind"] is not None else None
    return FocusRing(ring["where"], float(ring["width"]), bool(ring["shadow"]), _rgba(ring["colour"]), behind)


def hover_targets(page: Page) -> list[tuple[str, ElementHandle]]:
    """Every interactive element a pointer can reach, with the path of tags and classes that styles it."""
    paths: list[str] = page.evaluate(
        "(selector) => {"
        + _HELPERS
        + """
  return [...document.querySelectorAll(selector)].map(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom + scrollY > 0 && r.right + scrollX > 0 && e.checkVisibility()
      ? path(e) : '';
  });
}""",
        INTERACTIVE,
    )
    elements = page.query_selector_all(INTERACTIVE)
    assert len(elements) == len(paths)
    return [(key, element) for key, element in zip(paths, elements, strict=True) if key]


@dataclass(frozen=True)
class Focused:
    index: int | None  # its place among the elements ``mark_tabbable`` counted
    key: str  # the path of tags and classes that styles it
    skip: bool  # the skip link to #main
    visible: bool  # on screen


_MARK_TABBABLE = """() => {
  const candidates = 'a[href], area[href], button, input, select, textarea, summary, [tabindex], [contenteditable]';
  // checkVisibility: not what a closed <details> holds (laid out on demand, never shown)
  const all = [...document.querySelectorAll(candidates)]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0 && e.checkVisibility()
                 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert]'));
  all.forEach((e, i) => { e.dataset.tabStop = String(i); });
  return all.length;
}"""

_FOCUSED = (
    "() => {"
    + _HELPERS
    + """
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  return {index: e.dataset.tabStop === undefined ? null : Number(e.dataset.tabStop), key: path(e),
          skip: e.matches('a.skip[href="#main"]'),
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight
                   && r.left < innerWidth};
}"""
)


def mark_tabbable(page: Page) -> int:
    """Number the elements Tab should reach, in document order; returns how many."""
    return int(page.evaluate(_MARK_TABBABLE))


def focused(page: Page) -> Focused | None:
    """The element with keyboard focus, or None when focus is on the page itself or outside it."""
    found: dict[str, Any] | None = page.evaluate(_FOCUSED)
    if found is None:
        return None
    return Focused(found["index"], found["key"], bool(found["skip"]), bool(found["visible"]))


def _rgba(values: list[float]) -> RGBA:
    red, green, blue, alpha = (float(v) for v in values)
    return red, green, blue, alpha


def luminance(colour: RGBA) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour (alpha ignored: composite first)."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue, _ = colour
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: RGBA, second: RGBA) -> float:
    """The WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
