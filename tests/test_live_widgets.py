"""The explorer is live in JupyterLab: real ipywidgets controls that redraw the figure.

Starts JupyterLab on 127.0.0.1 (a free port, no token, a temporary folder), opens a
notebook with one explorer (a number and a category, labelled in words), runs it, checks
the labels, moves the slider and presses a toggle button with the keyboard, and checks
that the figure changed each time. The browser fixture is in tests/conftest.py.
"""

import pytest

PlaywrightTimeoutError = pytest.importorskip("playwright.sync_api").TimeoutError

pytestmark = pytest.mark.browser

EXPLORER_CELL = """\
from helpers.interactive import Control, explore

def draw(fig, slope, style):
    ax = fig.subplots()
    ax.plot([0, 1], [0, slope], style)
    ax.set_ylim(-3, 3)

explore(draw, slope=Control([-2.0, 0.0, 2.0], "slope a", "{:+g}"),
        style=Control(["-", "--"], "line style", {"-": "solid", "--": "dashed"}.get))
"""


@pytest.fixture
def jupyter_lab(jupyterlab_with_cell):
    return jupyterlab_with_cell(EXPLORER_CELL, "live.ipynb")


def test_slider_redraws_the_figure_in_jupyterlab(browser, jupyter_lab, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        run_and_move_slider(page, jupyter_lab)
    except Exception:
        page.screenshot(path=tmp_path / "jupyterlab.png")
        raise AssertionError(f"see the screenshot {tmp_path / 'jupyterlab.png'}") from None
    finally:
        page.close()


def run_and_move_slider(page, url):
    page.goto(f"{url}/lab/tree/live.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=60_000)
    # Wait until the kernel is up and idle, so that the keystroke runs the cell.
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    # JupyterLab can drop a keystroke that arrives while it is still connecting to the
    # kernel, leaving the cell unrun; running it again is harmless, so try a few times.
    for attempt in range(4):
        page.locator(".jp-Cell .jp-InputArea-editor").first.click()
        page.keyboard.press("Control+Enter")  # run the cell and stay on it
        try:
            page.wait_for_selector(".widget-slider", timeout=30_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 3:
                raise
    assert page.locator(".widget-slider").count() == 1
    # labelled in words, the whole label shown; the category is a row of toggle buttons
    assert page.locator(".widget-slider .widget-label").first.text_content() == "slope a"
    assert page.locator(".widget-slider .widget-readout").first.text_content() == "-2"
    buttons = page.locator(".widget-toggle-buttons")
    assert buttons.count() == 1
    assert buttons.locator(".widget-label").first.text_content() == "line style"
    assert buttons.get_by_role("button").all_text_contents() == ["solid", "dashed"]
    figure = page.locator(".jp-OutputArea-output img").last
    figure.wait_for(timeout=30_000)
    before = figure.get_attribute("src")
    page.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    wait_for_new_figure(page, before)
    before = page.locator(".jp-OutputArea-output img").last.get_attribute("src")
    buttons.get_by_role("button", name="dashed").focus()
    page.keyboard.press("Enter")  # a toggle button is a button: Enter presses it
    wait_for_new_figure(page, before)


def wait_for_new_figure(page, before):
    page.wait_for_function(
        "before => { const imgs = document.querySelectorAll('.jp-OutputArea-output img');"
        " return imgs.length && imgs[imgs.length - 1].src !== before; }",
        arg=before, timeout=30_000,
    )
