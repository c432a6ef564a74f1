"""Opening the built book's pages in Chromium: shared by the browser tests of the book."""

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


def open_page(browser, path):
    """Load a page from file:// and record every request, failure and console error."""
    page, log = watched_page(browser)
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
