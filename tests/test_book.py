"""The built book in a real headless Chromium: offline, typeset, and with working sliders.

The book comes from the html_dir fixture (tests/conftest.py): the build that BOOK_HTML
names (.ci/run builds the book once and points BOOK_HTML at it), or, with BOOK_HTML unset,
a strict build from clean into _build/html, made once per session. Pages are opened from
file:// exactly as a reader would open them offline. The browser fixture (also in
tests/conftest.py) is Debian's chromium or CHROMIUM_PATH.
"""


import re

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


def test_every_control_is_labelled_in_words_and_changes_the_figure(browser, html_dir):
    # Explorers (helpers.interactive): a slider for numbers, radio buttons (or a select) for
    # categories, each labelled in words for screen readers and worked from the keyboard.
    moved = {"range": 0, "radio": 0, "select": 0}
    for path in pages(html_dir):
        page, log = open_page(browser, path)
        for explorer in page.locator(".nb-explorer").all():
            image = explorer.locator("img.nb-explorer-frame")
            for control in explorer.locator("[data-control]").all():
                kind = control.evaluate("e => e.tagName === 'FIELDSET' ? 'radio' : e.type === 'range' ? 'range' : 'select'")
                if kind == "radio":
                    name = control.locator("legend").text_content()
                    target = control.locator("input:checked")
                else:
                    name = explorer.locator(f"label[for='{control.get_attribute('id')}']").text_content()
                    target = control
                # words, not the keyword's code name (bias_shift, z0, T)
                assert name.strip() and not re.fullmatch(r"[A-Za-z]\d?|\w*_\w*", name.strip()), f"{path.name}: label {name!r}"
                before_src, before_alt = image.get_attribute("src"), image.get_attribute("alt")
                if kind == "range":
                    before_text = control.get_attribute("aria-valuetext")
                    assert before_text == control.evaluate("e => e.nextElementSibling.textContent")
                    at_end = control.get_attribute("value") == control.get_attribute("max")
                    keys = ["ArrowLeft" if at_end else "ArrowRight"]
                elif kind == "radio":
                    at_end = control.locator("input").last.is_checked()
                    keys = ["ArrowLeft" if at_end else "ArrowRight"]
                else:
                    at_end = control.evaluate("e => e.selectedIndex === e.options.length - 1")
                    keys = ["ArrowUp" if at_end else "ArrowDown"]
                target.focus()
                for key in keys:
                    page.keyboard.press(key)
                assert image.get_attribute("src") != before_src, f"{path.name}: {name} did not change the figure"
                assert image.get_attribute("alt") != before_alt and name in image.get_attribute("alt")
                if kind == "range":
                    after_text = control.get_attribute("aria-valuetext")
                    assert after_text != before_text
                    assert after_text == control.evaluate("e => e.nextElementSibling.textContent")
                moved[kind] += 1
        assert not any(log.values()), log
        page.close()
    # the book's explorers: chapter 1 has two categories (precision, method) as buttons
    assert moved["range"] >= 8 and moved["radio"] >= 2, moved
