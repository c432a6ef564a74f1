"""Opening the built book's pages in Chromium: shared by the browser tests of the book."""

import json
import re


def pages(html_dir):
    found = sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)
    assert found, f"no pages in {html_dir}"
    return found


LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def watched_page(browser, **options):
    """A new page, and a log of every request to another host, failed request and console error."""
    page = browser.new_page(**options)
    log = {"foreign": [], "failed": [], "errors": []}

    def record_request(request):
        if not request.url.startswith(LOCAL_SCHEMES):
            log["foreign"].append(request.url)

    def record_console(message):
        if message.type == "error":
            log["errors"].append(message.text)

    page.on("request", record_request)
    page.on("requestfailed", lambda request: log["failed"].append(f"{request.url} ({request.failure})"))
    page.on("console", record_console)
    page.on("pageerror", lambda error: log["errors"].append(str(error)))
    return page, log


def open_page(browser, path, **options):
    """Load a page from file:// and record every request, failure and console error.

    ``options`` go to ``browser.new_page``: ``viewport={"width": 375, "height": 800}`` for a
    phone, ``color_scheme="dark"`` for the theme's dark mode (the theme starts in "auto" mode
    and follows the system's colour scheme).
    """
    page, log = watched_page(browser, **options)
    redirect = re.search(r'http-equiv="refresh" content="\d+; ?url=([^"]+)"', path.read_text(encoding="utf-8"), re.I)
    page.goto(path.as_uri(), wait_until="load")
    if redirect:  # index.html sends the reader to the landing page: wait until it has arrived
        target = (path.parent / redirect.group(1)).resolve().as_uri()
        page.wait_for_url(target, timeout=30_000)
        page.wait_for_load_state("load")
    # Wait for MathJax's first typesetting (it loads its fonts on the way), not for
    # "networkidle", which Playwright discourages and which proved flaky here.
    if page.evaluate("() => window.MathJax !== undefined"):
        page.wait_for_function("() => window.MathJax.startup && window.MathJax.startup.promise", timeout=30_000)
        page.evaluate("() => window.MathJax.startup.promise.then(() => true)")
    page.wait_for_timeout(300)
    return page, log


def theme_of(page):
    """The colour theme the page shows: "light" or "dark" (pydata-sphinx-theme's data-theme)."""
    return page.evaluate("() => document.documentElement.dataset.theme")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def serious_axe_violations(page):
    """axe-core's serious and critical WCAG 2 A/AA violations on the page, as short strings."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]]
            found.append(f"{violation['id']} ({violation['impact']}, {len(targets)} nodes): {violation['help']}; "
                         f"e.g. {json.dumps(targets[:3])}")
    return found


# Elements of the page's article that a reader cannot see whole: each formula, figure, control,
# piece of code or table whose box (or content spilling out of it) reaches past the viewport, or
# past an ancestor that clips it (overflow hidden/clip), with no scrollable container (overflow
# auto/scroll) in between to scroll it into view. A scrollable container shows what fits in its
# own box, and that box is checked in turn against its ancestors and the viewport.
CUT_OFF = r"""() => {
  // Elements a reader must be able to see whole: formulas, figures, controls, code, tables.
  const SELECTOR = "mjx-container, img, svg, canvas, video, input, select, button, textarea, label, output, " +
                   "table, pre, code, .nb-explorer, [data-playground], [data-selfcheck]";
  const article = document.querySelector("article.bd-article") || document.body;
  const width = document.documentElement.clientWidth;
  const found = [];
  const scrolls = v => v === "auto" || v === "scroll";
  const clips = v => v === "hidden" || v === "clip";
  for (const el of article.querySelectorAll(SELECTOR)) {
    if (!el.checkVisibility({checkVisibilityCSS: true})) continue;
    if (el.closest("mjx-assistive-mml, svg svg, .visually-hidden, .sr-only")) continue;
    if (el.tagName.toLowerCase() === "svg" && el.closest("mjx-container")) continue;
    let r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let left = r.left, right = r.right, problem = null;
    // content that spills out of its own box (overflow visible) counts too
    const own = getComputedStyle(el);
    if (el.tagName !== "MJX-CONTAINER" && !scrolls(own.overflowX) && !clips(own.overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
      right = Math.max(right, r.left + el.scrollWidth);
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.position === "fixed") break;
      const ar = a.getBoundingClientRect();
      const overflows = left < ar.left - 1 || right > ar.right + 1;
      if (scrolls(s.overflowX)) {  // the reader can scroll to the rest: what shows is the scroller's box
        left = Math.max(left, ar.left); right = Math.min(right, ar.right);
      } else if (clips(s.overflowX) && overflows) {
        problem = `cut off by ${a.tagName.toLowerCase()}.${[...a.classList].join(".")} (overflow-x: ${s.overflowX})`;
        break;
      }
    }
    if (!problem && (left < -1 || right > width + 1)) problem = `beyond the ${width} px viewport`;
    if (problem) {
      const text = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("alt") || "").trim().replace(/\s+/g, " ");
      found.push({element: el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""),
                  left: Math.round(r.left), right: Math.round(r.right), problem, text: text.slice(0, 60)});
    }
  }
  return found;
}"""
