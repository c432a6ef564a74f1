"""The built book in a real headless Chromium: offline, typeset, and with working sliders.

The book comes from the html_dir fixture (tests/conftest.py): the build that BOOK_HTML
names (.ci/run builds the book once and points BOOK_HTML at it), or, with BOOK_HTML unset,
a strict build from clean into _build/html, made once per session. Pages are opened from
file:// exactly as a reader would open them offline. The browser fixture (also in
tests/conftest.py) is Debian's chromium or CHROMIUM_PATH.

Also: on a phone (375 px wide) no formula, figure, control, code block or table of a chapter
is cut off without a way to scroll to it; in dark mode the book's own outputs take the page's
colours (tests/test_questions_browser.py runs axe-core on every page in both themes).
"""


import json
import re

import pytest
import yaml
from book_pages import CUT_OFF, open_page, pages, theme_of
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


PHONE = {"width": 375, "height": 800}


def chapter_pages(html_dir):
    found = sorted((html_dir / "chapters").glob("0*.html"))
    assert len(found) == 6, [p.name for p in found]
    return found


def test_the_cut_off_check_finds_what_a_phone_reader_cannot_see(browser):
    # The check itself, on a page made here: a formula clipped by its container (as the theme
    # clipped inline math), a figure wider than the screen, and the same formula inside a
    # container that scrolls, which is fine.
    page = browser.new_page(viewport=PHONE)
    wide = '<span style="display:inline-block;width:600px">x</span>'
    page.set_content(f"""<article class="bd-article">
        <p>clipped: <span style="display:inline-flex;max-width:100%;overflow:hidden"><img alt="a formula" src="data:," style="width:500px;height:10px"></span></p>
        <p>wide: <canvas width="500" height="10"></canvas></p>
        <p>scrolls: <span style="display:inline-flex;max-width:100%;overflow-x:auto"><img alt="fine" src="data:," style="width:500px;height:10px"></span></p>
        <p>fits: <button>{wide[:0]}Check</button></p>
        </article>""")
    found = page.evaluate(CUT_OFF)
    page.close()
    assert [(f["element"], f["problem"].split(" ")[0]) for f in found] == [("img", "cut"), ("canvas", "beyond")], found


@pytest.mark.parametrize("chapter", range(6), ids=lambda i: f"chapter{i + 1}")
def test_nothing_is_cut_off_on_a_phone(browser, html_dir, chapter):
    # At 375 px: wide formulas scroll inside themselves, figures scale to the column, the
    # explorers' and the playground's controls wrap; code blocks and tables scroll.
    path = chapter_pages(html_dir)[chapter]
    page, log = open_page(browser, path, viewport=PHONE)
    found = page.evaluate(CUT_OFF)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
    page.close()
    assert not found, f"{path.name} at {PHONE['width']} px: " + json.dumps(found, ensure_ascii=False, indent=1)


def test_dark_mode_puts_the_books_outputs_on_the_page_not_on_grey_blocks(browser, html_dir):
    # The theme gives every HTML output a light-grey block in dark mode; the book's own
    # (questions, explorers, playground) take the page's background, and their text the
    # page's text colour. Figures sit on a light card (see _static/book.css).
    path = html_dir / "chapters" / "03_hinge_and_softmax.html"
    page, _ = open_page(browser, path, color_scheme="dark")
    assert theme_of(page) == "dark"
    colours = page.evaluate("""() => {
        const body = getComputedStyle(document.body);
        const of = sel => [...document.querySelectorAll(sel)].map(e => {
            const wrapper = e.closest('.output'), s = getComputedStyle(wrapper), own = getComputedStyle(e);
            return {wrapper: s.backgroundColor, color: own.color};
        });
        return {page: body.backgroundColor, text: body.color,
                outputs: [...of('[data-selfcheck]'), ...of('.nb-explorer'), ...of('[data-playground]')],
                playground: getComputedStyle(document.querySelector('[data-playground]')).backgroundColor};
    }""")
    page.close()
    assert len(colours["outputs"]) >= 3
    for output in colours["outputs"]:
        assert output["wrapper"] in ("rgba(0, 0, 0, 0)", colours["page"]), colours
        assert output["color"] == colours["text"], colours
    assert colours["playground"] == colours["page"], colours


# The code cells the reader sees (not the folded checks) and how many characters their column
# shows; a line of the chapters is at most 88 characters (tests/test_notebook_layout.py).
VISIBLE_CODE = """() => {
  const cells = [...document.querySelectorAll("div.cell div.cell_input pre")]
    .filter((pre) => pre.offsetParent !== null && !pre.closest("details:not([open])"));
  const probe = document.createElement("span");
  probe.textContent = "x".repeat(100);
  cells[0].appendChild(probe);
  const charWidth = probe.getBoundingClientRect().width / 100;
  probe.remove();
  const style = getComputedStyle(cells[0]);
  const inner = cells[0].clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {
    columns: inner / charWidth,
    scrolling: cells.filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
      .map((pre) => pre.innerText.slice(0, 60)),
  };
}"""


@pytest.mark.parametrize("chapter", range(6), ids=lambda i: f"chapter{i + 1}")
def test_code_fits_the_column_at_1280_px(browser, html_dir, chapter):
    page, _ = open_page(browser, chapter_pages(html_dir)[chapter])
    page.set_viewport_size({"width": 1280, "height": 900})
    found = page.evaluate(VISIBLE_CODE)
    page.close()
    assert found["columns"] >= 88, f"the code column shows {found['columns']:.1f} characters"
    assert not found["scrolling"], f"code cells that scroll sideways: {found['scrolling']}"


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
