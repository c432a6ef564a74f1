"""The built book in a real headless Chromium: offline, typeset, and with working sliders.

The book comes from the html_dir fixture (tests/conftest.py): the build that BOOK_HTML
names (.ci/run builds the book once and points BOOK_HTML at it), or, with BOOK_HTML unset,
a strict build from clean into _build/html, made once per session. Pages are opened from
file:// exactly as a reader would open them offline. The browser fixture (also in
tests/conftest.py) is Debian's chromium or CHROMIUM_PATH.
"""


import pytest
import yaml
from book_pages import open_page, pages
from conftest import ROOT

from helpers import _selfcheck_exercises
from helpers.selfcheck import EXERCISES, check

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


def test_your_turn_says_how_to_do_the_exercise_where_code_runs(browser, html_dir):
    # No code runs in the book: each Your turn shows, in place of the stub's "Not yet", how to
    # open the chapter where it runs (links that resolve: the notebook file in the build, and
    # the page's own Colab and Binder launch URLs, made from _config.yml) and what the check
    # said, while the book was built, to the exercise's typical mistake.
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    launchers = (config["launch_buttons"]["colab_url"], config["launch_buttons"]["binderhub_url"])
    checked = 0
    for path in sorted((html_dir / "chapters").glob("[0-9][0-9]_*.html")):
        exercises = [e for e, ex in EXERCISES.items() if ex.chapter == int(path.name[:2])]
        page, _ = open_page(browser, path)
        section = page.locator("section#your-turn")
        text = section.inner_text()
        assert "Not yet" not in text and "not_implemented" not in text, f"{path.name}: a failure box in Your turn"
        boxes = section.locator(".selfcheck-static")
        assert boxes.count() == len(exercises), path.name
        # the page's own links outside the boxes: its launch and download buttons
        own = set(page.evaluate("[...document.querySelectorAll('a[href]')]"
                                ".filter(a => !a.closest('.selfcheck-static')).map(a => a.href)"))
        for exercise, box in zip(exercises, boxes.all()):
            launch = [a.get_attribute("href") for a in box.locator("a.selfcheck-launch").all()]
            assert len(launch) == 2 and all(url.startswith(launchers) for url in launch), launch
            assert all(url in own for url in launch), f"{path.name}: {launch} are not the page's launch buttons"
            download = box.locator("a.selfcheck-download").evaluate("a => a.href")
            assert download in own and download.startswith("file://"), download
            assert (path.parent / box.locator("a.selfcheck-download").get_attribute("href")).resolve().is_file()
            fn, mistake = _selfcheck_exercises.MODULES[exercise].TYPICAL_MISTAKE
            shown = box.locator(".selfcheck-example").inner_text()
            assert f"mistake: {mistake}" in shown and check(exercise, fn).message in shown, shown
            checked += 1
        page.close()
    assert checked == len(EXERCISES)
