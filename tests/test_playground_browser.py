"""The loss playground in a real headless Chromium: its numbers are the book's NumPy numbers.

A standalone page written by ``loss_playground(...).save`` is opened from file://. The page's
documented entry point, ``root.playground.compute({W, b, loss, delta, l2, learning_rate})``,
returns every point's loss and score gradient, the data and regularisation losses, the
gradients and the weights after one step; each is compared with helpers.losses and a
NumPy gradient step (``reference`` below) to 1e-9, for each loss, at random weights and at
points placed exactly on a hinge's kink. Then the page is driven as a reader would: a weight
slider moved with the keyboard, an arrow dragged, Step, Run, Reset, the loss switched.

Chapter 3 of the built book (the html_dir fixture of tests/conftest.py) is checked the same
way, and so is the playground as a JupyterLab cell output (a server on 127.0.0.1, as in
tests/test_live_widgets.py).
"""

import json
import re

import numpy as np
import pytest

from book_pages import watched_page
from helpers.interactive import loss_playground
from helpers.losses import cross_entropy, cross_entropy_grad, multiclass_hinge, multiclass_hinge_grad

pytestmark = pytest.mark.browser

LOSSES = ("weston-watkins", "crammer-singer", "softmax")
TOL = 1e-9
ROOT = "document.querySelector('[data-playground]')"


def chapter_data():
    """Chapter 3's three Gaussian clouds (the cell under '## See it')."""
    rng = np.random.default_rng(0)
    centers = np.array([[0.0, 2.2], [-2.0, -1.2], [2.0, -1.2]])
    X = np.concatenate([rng.normal(c, 1.0, size=(100, 2)) for c in centers])
    return X, np.repeat([0, 1, 2], 100)


def reference(X, y, W, b, loss, delta, l2, learning_rate):
    """The book's numbers: mean loss + l2/2 ||W||^2, its gradients, and one gradient step."""
    X, W, b = np.asarray(X, float), np.asarray(W, float), np.asarray(b, float)
    scores = X @ W.T + b
    if loss == "softmax":
        losses, G = cross_entropy(scores, y), cross_entropy_grad(scores, y)
    else:
        losses = multiclass_hinge(scores, y, delta=delta, variant=loss)
        G = multiclass_hinge_grad(scores, y, delta=delta, variant=loss)
    n = len(X)
    data_loss, reg_loss = losses.mean(), l2 / 2 * np.sum(W ** 2)
    grad_W = (G / n).T @ X + l2 * W
    grad_b = (G / n).sum(axis=0)
    return {"scores": scores, "losses": losses, "score_grads": G, "data_loss": data_loss, "reg_loss": reg_loss,
            "objective": data_loss + reg_loss, "grad_W": grad_W, "grad_b": grad_b,
            "step_W": W - learning_rate * grad_W, "step_b": b - learning_rate * grad_b}


def max_differences(page_result, expected):
    return {key: float(np.max(np.abs(np.asarray(page_result[key], float) - value))) for key, value in expected.items()}


def open_playground(browser, path):
    page, log = watched_page(browser, viewport={"width": 1000, "height": 1100})
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("[data-playground].lp-ready", timeout=10_000)
    return page, log


def page_compute(page, settings):
    return page.evaluate(f"s => {ROOT}.playground.compute(s)", settings)


def page_state(page):
    return page.evaluate(f"() => {ROOT}.playground.getState()")


@pytest.fixture
def chapter_page(browser, tmp_path):
    X, y = chapter_data()
    W0 = np.array([[0.3, 1.1], [-0.9, -0.4], [1.2, -0.8]])
    b0 = np.array([0.1, -0.2, 0.05])
    path = loss_playground(X, y, W0, b0, delta=1.0, l2=1e-3, learning_rate=0.1).save(tmp_path / "playground.html")
    page, log = open_playground(browser, path)
    yield page, X, y, W0, b0
    assert not log["foreign"] and not log["errors"], log
    page.close()


@pytest.mark.parametrize("loss", LOSSES)
def test_page_computes_the_books_numbers(chapter_page, loss):
    page, X, y, _, _ = chapter_page
    rng = np.random.default_rng(3)
    for trial in range(3):
        W, b = rng.normal(size=(3, 2)) * (1 + trial), rng.normal(size=3)
        settings = {"W": W.tolist(), "b": b.tolist(), "loss": loss, "delta": [0.5, 1.0, 2.0][trial],
                    "l2": [0.0, 1e-3, 0.1][trial], "learning_rate": 0.3}
        expected = reference(X, y, W, b, loss, settings["delta"], settings["l2"], settings["learning_rate"])
        differences = max_differences(page_compute(page, settings), expected)
        print(loss, trial, f"max |page - NumPy| = {max(differences.values()):.2e}")
        assert max(differences.values()) <= TOL, differences


# Points placed on the kinks, with exactly representable numbers (so the page's scores and
# NumPy's are the same floats). W = [[1, 0], [0, 1], [0.5, 0.5]], b = 0, delta = 1:
#   (1, 0), class 0: scores (1, 0, 0.5); Weston-Watkins term of class 1 is exactly 0 (a kink)
#   (0, 0), class 0: scores (0, 0, 0); both rivals tie at margin 1 (Crammer-Singer takes class 1)
#   (1, -1), class 0: scores (1, -1, 0); margins (-1, 0): the largest is exactly 0, a kink of both hinges
#   (0, 1), class 1: scores (0, 1, 0.5); both terms inactive, one by 0 exactly: 0 - 1 + 1
#   (2, 2), class 2: scores (2, 2, 2); every term 1
KINK_X = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, -1.0], [0.0, 1.0], [2.0, 2.0], [-1.0, 0.5]])
KINK_Y = np.array([0, 0, 0, 1, 2, 1])
KINK_W = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])


@pytest.mark.parametrize("loss", LOSSES)
def test_page_takes_the_books_subgradient_at_a_kink(browser, tmp_path, loss):
    path = loss_playground(KINK_X, KINK_Y, KINK_W, np.zeros(3), loss=loss).save(tmp_path / "kinks.html")
    page, log = open_playground(browser, path)
    settings = {"W": KINK_W.tolist(), "b": [0.0, 0.0, 0.0], "loss": loss, "delta": 1.0, "l2": 0.01, "learning_rate": 0.5}
    expected = reference(KINK_X, KINK_Y, KINK_W, np.zeros(3), loss, 1.0, 0.01, 0.5)
    result = page_compute(page, settings)
    if loss != "softmax":
        margins = expected["scores"] - expected["scores"][np.arange(6), KINK_Y][:, None] + 1.0
        margins[np.arange(6), KINK_Y] = -np.inf
        assert (margins == 0).any(axis=1).sum() >= 3, "the data must put points exactly on kinks"
        # The convention itself: a term at 0 is inactive, and the first of tied rivals is taken.
        assert result["score_grads"][0] == ([-1, 0, 1] if loss == "weston-watkins" else [-1, 0, 1])
        assert result["score_grads"][1] == ([-2, 1, 1] if loss == "weston-watkins" else [-1, 1, 0])
        assert result["score_grads"][2] == [0, 0, 0]  # the only positive-looking term is exactly 0
    differences = max_differences(result, expected)
    print(loss, f"at kinks: max |page - NumPy| = {max(differences.values()):.2e}")
    assert max(differences.values()) <= TOL, differences
    assert not any(log.values()), log
    page.close()


def displayed(page, term):
    return page.locator(f"[data-playground] dt:text-is('{term}') + dd").text_content()


def test_reader_moves_a_weight_steps_and_switches_the_loss(chapter_page):
    page, X, y, W0, b0 = chapter_page
    root = page.locator("[data-playground]")
    # The controls are labelled, as the issue asks.
    for name in ("Class 0 weight angle (°)", "Class 1 weight length", "Class 2 bias", "Margin Δ", "L2 strength λ", "Step size η"):
        assert page.get_by_label(name, exact=True).count() == 1, name
    assert page.get_by_label("Loss", exact=True).count() == 1
    assert root.locator("svg.lp-plot[role=img][aria-labelledby]").count() == 1
    assert "300 points" in page.locator("#" + root.locator("svg.lp-plot").get_attribute("aria-labelledby")).text_content()

    # 1. Move class 1's angle by one degree with the keyboard; its length stays.
    slider = page.get_by_label("Class 1 weight angle (°)", exact=True)
    start_angle = float(slider.input_value())
    slider.focus()
    page.keyboard.press("ArrowRight")
    theta = np.radians(start_angle + 1)
    W = W0.copy()
    W[1] = np.linalg.norm(W0[1]) * np.array([np.cos(theta), np.sin(theta)])
    state = page_state(page)
    np.testing.assert_allclose(state["W"], W, rtol=0, atol=1e-12)
    expected = reference(X, y, W, b0, "weston-watkins", 1.0, 1e-3, 0.1)
    assert displayed(page, "Objective") == f"{expected['objective']:.4f}"
    assert displayed(page, "Data loss (mean over points)") == f"{expected['data_loss']:.4f}"

    # 2. One gradient step: the page's new weights are NumPy's step from the page's state.
    page.get_by_role("button", name="Step", exact=True).click()
    after = page_state(page)
    before_step = reference(X, y, state["W"], state["b"], "weston-watkins", 1.0, 1e-3, 0.1)
    assert after["steps"] == 1
    assert np.max(np.abs(np.array(after["W"]) - before_step["step_W"])) <= TOL
    assert np.max(np.abs(np.array(after["b"]) - before_step["step_b"])) <= TOL
    now = reference(X, y, after["W"], after["b"], "weston-watkins", 1.0, 1e-3, 0.1)
    np.testing.assert_allclose(after["history"], [before_step["objective"], now["objective"]], rtol=0, atol=TOL)
    assert displayed(page, "Steps taken") == "1"

    # 3. Switch to softmax cross-entropy and change the step size; step again.
    page.get_by_label("Loss", exact=True).select_option("softmax")
    assert page_state(page)["loss"] == "softmax"
    softmax_now = reference(X, y, after["W"], after["b"], "softmax", 1.0, 1e-3, 0.1)
    assert displayed(page, "Objective") == f"{softmax_now['objective']:.4f}"
    learning_rate = page.get_by_label("Step size η", exact=True)
    learning_rate.focus()
    page.keyboard.press("ArrowRight")  # 0.1 -> 0.3
    assert page_state(page)["learning_rate"] == 0.3
    page.get_by_role("button", name="Step", exact=True).click()
    stepped = page_state(page)
    softmax_step = reference(X, y, after["W"], after["b"], "softmax", 1.0, 1e-3, 0.3)
    assert np.max(np.abs(np.array(stepped["W"]) - softmax_step["step_W"])) <= TOL
    assert np.max(np.abs(np.array(stepped["b"]) - softmax_step["step_b"])) <= TOL

    # 4. Crammer-Singer with another margin, set with the keyboard (Delta slider: 0.1 steps).
    page.get_by_label("Loss", exact=True).select_option("crammer-singer")
    margin = page.get_by_label("Margin Δ", exact=True)
    margin.focus()
    page.keyboard.press("ArrowRight")
    state = page_state(page)
    assert state["delta"] == pytest.approx(1.1)
    cs = reference(X, y, state["W"], state["b"], "crammer-singer", state["delta"], 1e-3, 0.3)
    assert displayed(page, "Objective") == f"{cs['objective']:.4f}"

    # 5. Run takes steps until pressed again; the curve holds the objective at every step.
    run = page.get_by_role("button", name="Run", exact=True)
    run.click()
    assert run.get_attribute("aria-pressed") == "true"
    page.wait_for_function(f"() => {ROOT}.playground.getState().steps >= 12", timeout=10_000)
    run.click()
    assert run.get_attribute("aria-pressed") == "false"
    state = page_state(page)
    assert len(state["history"]) == state["steps"] - 2 + 1  # steps since the last change by hand, plus the start
    final = reference(X, y, state["W"], state["b"], "crammer-singer", state["delta"], 1e-3, 0.3)
    assert abs(state["history"][-1] - final["objective"]) <= TOL
    assert state["history"][-1] < state["history"][0]
    assert page.locator("[data-playground] .lp-hist-line").get_attribute("points").count(",") == len(state["history"])

    # 6. Reset brings back the starting classifier and settings.
    page.get_by_role("button", name="Reset", exact=True).click()
    state = page_state(page)
    assert np.array_equal(state["W"], W0) and np.array_equal(state["b"], b0)
    assert (state["loss"], state["delta"], state["learning_rate"], state["steps"]) == ("weston-watkins", 1.0, 0.1, 0)


def test_dragging_an_arrow_sets_the_weight_vector(chapter_page):
    page, X, y, W0, b0 = chapter_page
    handle = page.locator("[data-playground] .lp-arrow.lp-c2 .lp-handle")
    box = handle.bounding_box()
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] - 30, start[1] - 50, steps=5)
    page.mouse.up()
    W = np.array(page_state(page)["W"])
    assert np.array_equal(W[:2], W0[:2]), "only class 2's arrow was dragged"
    assert W[2, 1] > W0[2, 1] and W[2, 0] < W0[2, 0], "dragged up and to the left"
    # The sliders follow the arrow.
    angle = float(page.get_by_label("Class 2 weight angle (°)", exact=True).input_value())
    assert abs(angle - round(np.degrees(np.arctan2(W[2, 1], W[2, 0])))) <= 1
    expected = reference(X, y, W, b0, "weston-watkins", 1.0, 1e-3, 0.1)
    assert displayed(page, "Objective") == f"{expected['objective']:.4f}"


def test_playground_in_the_built_chapter(browser, html_dir):
    pages = sorted(html_dir.rglob("03_hinge_and_softmax.html"))
    assert pages, f"no chapter 3 page in {html_dir}"
    page, log = open_playground(browser, pages[0])
    assert page.locator("[data-playground]").count() == 1
    heading = page.locator("section:has([data-playground]) > h3").first.text_content()
    assert "Explore: the loss playground" in heading
    data = json.loads(page.locator("[data-playground] script.lp-data").text_content())
    X, y = np.array(data["X"]), np.array(data["y"])
    for loss in LOSSES:
        settings = {"W": data["W"], "b": data["b"], "loss": loss, "delta": 1.0, "l2": 1e-3, "learning_rate": 0.1}
        expected = reference(X, y, data["W"], data["b"], loss, 1.0, 1e-3, 0.1)
        assert max(max_differences(page_compute(page, settings), expected).values()) <= TOL, loss
    before = page_state(page)
    page.get_by_role("button", name="Step", exact=True).click()
    after = page_state(page)
    expected = reference(X, y, before["W"], before["b"], before["loss"], before["delta"], before["l2"], before["learning_rate"])
    assert np.max(np.abs(np.array(after["W"]) - expected["step_W"])) <= TOL
    assert not log["foreign"] and not log["errors"], log
    page.close()


PLAYGROUND_CELL = """\
import numpy as np
from helpers.interactive import loss_playground

rng = np.random.default_rng(0)
X = rng.normal(size=(30, 2))
loss_playground(X, np.arange(30) % 3, loss="crammer-singer")
"""


@pytest.fixture
def lab_with_playground(jupyterlab_with_cell):
    return jupyterlab_with_cell(PLAYGROUND_CELL, "playground.ipynb")


def test_playground_works_as_a_jupyterlab_cell_output(browser, lab_with_playground, tmp_path):
    # The output of a cell run in the session is trusted, so JupyterLab runs its script.
    timeout_error = pytest.importorskip("playwright.sync_api").TimeoutError
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    try:
        page.goto(f"{lab_with_playground}/lab/tree/playground.ipynb")
        page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=60_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
        for attempt in range(4):  # a keystroke sent while the kernel connects can be dropped
            page.locator(".jp-Cell .jp-InputArea-editor").first.click()
            page.keyboard.press("Control+Enter")
            try:
                page.wait_for_selector(".jp-OutputArea-output [data-playground].lp-ready", timeout=30_000)
                break
            except timeout_error:
                if attempt == 3:
                    raise
        root = ".jp-OutputArea-output [data-playground]"
        state = page.evaluate(f"() => document.querySelector(\"{root}\").playground.getState()")
        assert state["loss"] == "crammer-singer" and state["steps"] == 0
        page.locator(root).get_by_role("button", name="Step", exact=True).click()
        after = page.evaluate(f"() => document.querySelector(\"{root}\").playground.getState()")
        rng = np.random.default_rng(0)
        X, y = rng.normal(size=(30, 2)), np.arange(30) % 3
        expected = reference(X, y, state["W"], state["b"], "crammer-singer", 1.0, 1e-3, 0.1)
        assert after["steps"] == 1 and np.max(np.abs(np.array(after["W"]) - expected["step_W"])) <= TOL
    except Exception:
        page.screenshot(path=tmp_path / "jupyterlab.png")
        raise
    finally:
        page.close()


def status_line(page):
    return page.locator("[data-playground] .lp-status").text_content()


def drag_arrow(page, cls, dx, dy):
    handle = page.locator(f"[data-playground] .lp-arrow.lp-c{cls} .lp-handle")
    box = handle.bounding_box()
    start = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + dx, start[1] + dy, steps=5)
    page.mouse.up()


def test_the_status_line_follows_every_change(chapter_page):
    # The status line must never report a run's objective next to a table that has moved on
    # (issue 21: after a drag it said "Stopped after 391 steps: objective 0.1052" while the
    # table showed 0.1521). After each kind of change it states the objective the table shows.
    page, X, y, W0, b0 = chapter_page
    run = page.get_by_role("button", name="Run", exact=True)
    run.click()
    page.wait_for_function(f"() => {ROOT}.playground.getState().steps >= 12", timeout=10_000)
    run.click()
    assert status_line(page).startswith("Stopped after ")
    assert status_line(page).endswith(f"objective {displayed(page, 'Objective')}.")

    changes = {
        "an arrow dragged": lambda: drag_arrow(page, 2, -30, -50),
        "a weight slider": lambda: (page.get_by_label("Class 0 bias", exact=True).focus(),
                                    page.keyboard.press("ArrowRight")),
        "the margin": lambda: (page.get_by_label("Margin Δ", exact=True).focus(), page.keyboard.press("ArrowRight")),
        "the loss": lambda: page.get_by_label("Loss", exact=True).select_option("softmax"),
        "the step size": lambda: (page.get_by_label("Step size η", exact=True).focus(),
                                  page.keyboard.press("ArrowLeft")),
    }
    for what, change in changes.items():
        before = displayed(page, "Objective"), status_line(page)
        change()
        state = page_state(page)
        expected = reference(X, y, state["W"], state["b"], state["loss"], state["delta"], state["l2"],
                             state["learning_rate"])
        shown = displayed(page, "Objective")
        assert shown == f"{expected['objective']:.4f}", what
        assert status_line(page) != before[1], f"{what}: the status line did not change"
        assert status_line(page).endswith(f": objective {shown}."), (what, status_line(page), shown)
        assert not re.match(r"Stopped after|Step \d", status_line(page)), (what, status_line(page))
        if what != "the step size":  # the step size changes the next step, not the objective
            assert shown != before[0], f"{what} did not change the objective: the test proves nothing"
    # A step after the changes reports the step again.
    page.get_by_role("button", name="Step", exact=True).click()
    assert status_line(page).startswith("Step ") and status_line(page).endswith(f"objective {displayed(page, 'Objective')}.")
