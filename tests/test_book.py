"""The built book in a real headless Chromium: offline, typeset, and with working sliders.

The book comes from the html_dir fixture (tests/conftest.py): the build that BOOK_HTML
names (.ci/run builds the book once and points BOOK_HTML at it), or, with BOOK_HTML unset,
a strict build from clean into _build/html, made once per session. Pages are opened from
file:// exactly as a reader would open them offline. The browser fixture (also in
tests/conftest.py) is Debian's chromium or CHROMIUM_PATH.
"""


import pytest
from book_pages import open_page, pages

pytestmark = pytest.mark.browser


def test_pages_carry_no_dead_widget_payload(html_dir):
    # The explorers show their kernel-free HTML; no widget view, state or widget JavaScript
    # (which would come from a CDN) may be left on the page.
    for path in pages(html_dir):
        text = path.read_text(encoding="utf-8")
        for marker in ("application/vnd.jupyter.widget", "embed-amd.js", "require.min.js"):
            assert marker not in text, f"{path.name} contains {marker}"


def test_every_page_loads_offline_without_errors(browser, html_dir):
    problems = {}
    for path in pages(html_dir):
        page, log = open_page(browser, path)
        if any(log.values()):
            problems[str(path.relative_to(html_dir))] = log
        page.close()
    assert not problems, problems


def test_math_is_typeset(browser, html_dir):
    checked = 0
    for path in pages(html_dir):
        page, _ = open_page(browser, path)
        n_math = page.locator(".math").count()
        if n_math:
            typeset = page.locator(".math mjx-container, mjx-container.math").count()
            assert typeset >= n_math * 0.9 and typeset > 0, f"{path.name}: {typeset} of {n_math} formulas typeset"
            assert page.locator("mjx-merror").count() == 0, f"MathJax error on {path.name}"
            checked += 1
        page.close()
    assert checked >= 1, "no page with math was found"


def test_every_slider_changes_the_figure(browser, html_dir):
    moved = 0
    for path in pages(html_dir):
        page, log = open_page(browser, path)
        for explorer in page.locator(".nb-explorer").all():
            image = explorer.locator("img.nb-explorer-frame")
            for slider in explorer.locator("input[type=range]").all():
                before_src, before_label = image.get_attribute("src"), slider.evaluate("e => e.nextElementSibling.textContent")
                at_end = slider.get_attribute("value") == slider.get_attribute("max")
                slider.focus()
                page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
                assert image.get_attribute("src") != before_src, f"{path.name}: slider did not change the figure"
                assert slider.evaluate("e => e.nextElementSibling.textContent") != before_label
                moved += 1
        assert not any(log.values()), log
        page.close()
    assert moved >= 2, "expected the book's explorers to have at least two sliders"
