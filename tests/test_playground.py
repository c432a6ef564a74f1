"""helpers.interactive.loss_playground: validation, and the HTML it makes (no browser here).

The numbers the page computes are checked against helpers.losses in a real Chromium by
tests/test_playground_browser.py.
"""

import importlib.util
import json
import re
from pathlib import Path

import numpy as np
import pytest

from helpers import _playground
from helpers.interactive import LossPlayground, loss_playground

X3 = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
Y3 = np.array([0, 1, 2])


def page_data(html):
    found = re.search(r'<script type="application/json" class="lp-data">(.*?)</script>', html, re.S)
    assert found, "no data script in the playground's HTML"
    return json.loads(found.group(1))


def test_html_inlines_script_style_and_data():
    playground = loss_playground(X3, Y3, delta=0.5, l2=0.01, learning_rate=0.3, loss="softmax")
    html = playground.to_html()
    assert "data-playground" in html
    assert html.count("</script>") == 2 and html.count("</style>") == 1
    # The package's files are inlined, not referenced: nothing is fetched.
    assert _playground._static("playground.js") in html and _playground._static("playground.css") in html
    assert not re.search(r"""(src|href)=["']""", html) and "@import" not in html and "url(" not in html
    data = page_data(html)
    assert data["X"] == X3.tolist() and data["y"] == [0, 1, 2]
    assert (data["loss"], data["delta"], data["l2"], data["learning_rate"]) == ("softmax", 0.5, 0.01, 0.3)


def test_floats_reach_the_page_with_every_digit():
    rng = np.random.default_rng(1)
    X, W, b = rng.normal(size=(20, 2)), rng.normal(size=(3, 2)), rng.normal(size=3)
    data = page_data(loss_playground(X, rng.integers(0, 3, 20), W, b).to_html())
    assert np.array_equal(np.array(data["X"]), X) and np.array_equal(np.array(data["W"]), W)
    assert np.array_equal(np.array(data["b"]), b)


def test_defaults_and_mimebundle():
    playground = loss_playground(X3, Y3)
    angles = np.degrees(np.arctan2(playground.W[:, 1], playground.W[:, 0]))
    np.testing.assert_allclose(angles, [90, -150, -30])
    np.testing.assert_allclose(np.linalg.norm(playground.W, axis=1), 1.0)
    assert np.array_equal(playground.b, np.zeros(3))
    assert (playground.loss, playground.delta, playground.l2, playground.learning_rate) == ("weston-watkins", 1.0, 1e-3, 0.1)
    bundle = playground._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"} and "data-playground" in bundle["text/html"]
    assert "data-playground" in playground._repr_html_()
    assert isinstance(playground, LossPlayground)


def test_two_playgrounds_get_different_ids():
    ids = [re.search(r'id="(loss-playground-[^"]+)"', loss_playground(X3, Y3).to_html()).group(1) for _ in range(2)]
    assert ids[0] != ids[1]


def test_data_cannot_close_the_script():
    # Only numbers reach the JSON, but the escaping is what keeps it safe: check it directly.
    html = loss_playground(X3, Y3).to_html()
    data_block = re.search(r'class="lp-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data_block


def test_inputs_are_copied_not_mutated():
    X, y, W, b = X3.copy(), Y3.copy(), np.ones((3, 2)), np.zeros(3)
    playground = loss_playground(X, y, W, b)
    playground.W[0, 0] = 99.0
    assert W[0, 0] == 1.0 and np.array_equal(X, X3)


def test_accepts_array_likes_and_integer_arrays():
    playground = loss_playground([[0, 2], [-2, -1], [2, -1]], [0, 1, 2], [[1, 0], [0, 1], [1, 1]], [0, 0, 1])
    assert playground.X.dtype == np.float64 and playground.W.dtype == np.float64 and playground.b.dtype == np.float64


def test_save_writes_a_standalone_page(tmp_path):
    path = loss_playground(X3, Y3).save(tmp_path / "playground.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text and "data-playground" in text


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "names"),
    [
        ((np.zeros((3, 3)), Y3), {}, ValueError, "X"),
        ((np.zeros(3), Y3), {}, ValueError, "X"),
        ((np.zeros((0, 2)), []), {}, ValueError, "X"),
        (([["a", "b"]] * 3, Y3), {}, TypeError, "X"),
        ((X3, [0, 1, 3]), {}, ValueError, "y"),
        ((X3, [0, -1, 2]), {}, ValueError, "y"),
        ((X3, [0.0, 1.0, 2.0]), {}, TypeError, "y"),
        ((X3, [0, 1]), {}, ValueError, "y"),
        ((X3, Y3, np.zeros((2, 3))), {}, ValueError, "W"),
        ((X3, Y3, np.zeros((3, 2, 1))), {}, ValueError, "W"),
        ((X3, Y3, [[np.nan, 0], [0, 0], [0, 0]]), {}, ValueError, "W"),
        ((X3, Y3, None, np.zeros(2)), {}, ValueError, "b"),
        ((X3, Y3, None, np.zeros((3, 1))), {}, ValueError, "b"),
        ((X3, Y3), {"delta": -1.0}, ValueError, "delta"),
        ((X3, Y3), {"delta": "1"}, TypeError, "delta"),
        ((X3, Y3), {"l2": -0.1}, ValueError, "l2"),
        ((X3, Y3), {"learning_rate": 0.0}, ValueError, "learning_rate"),
        ((X3, Y3), {"learning_rate": None}, TypeError, "learning_rate"),
        ((X3, Y3), {"loss": "hinge"}, ValueError, "loss"),
    ],
)
def test_bad_inputs_get_clear_errors(args, kwargs, error, names):
    with pytest.raises(error, match=rf"\b{names}\b"):
        loss_playground(*args, **kwargs)


def test_static_files_ship_with_the_package():
    root = Path(_playground.__file__).parent
    assert (root / "static" / "playground.js").is_file() and (root / "static" / "playground.css").is_file()
    pyproject = (root.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'\[tool\.setuptools\.package-data\]\s*\nhelpers = \["static/\*"\]', pyproject)


def test_the_private_module_is_documented_like_a_public_one():
    # tests/test_docstrings.py checks the public modules; loss_playground lives in the private
    # helpers._playground (re-exported by helpers.interactive), so run its checks here.
    spec = importlib.util.spec_from_file_location("docstring_checks", Path(__file__).with_name("test_docstrings.py"))
    checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checks)
    problems = checks.problems_of_callable("loss_playground", loss_playground, bound=False)
    if not checks.CHAPTER.search(loss_playground.__doc__):
        problems.append("loss_playground: does not say 'Introduced in chapter N'")
    problems += checks.problems_of_class("LossPlayground", LossPlayground)
    for name, (method, bound) in checks.public_methods(LossPlayground).items():
        problems += checks.problems_of_callable(f"LossPlayground.{name}", method, bound=bound)
    assert "Introduced in chapter 3." in loss_playground.__doc__
    assert not problems, problems
