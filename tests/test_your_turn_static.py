"""Your turn where no code runs (the built book) and where it does (Jupyter), without a browser.

* While the book is built (``_ext/your_turn_links.py`` sets ``BOOK_LINKS_VARIABLE`` for the
  kernels), ``check`` on the untouched stub shows how to open the chapter where code runs and
  what the check says to the exercise's typical mistake; nowhere else does it (nbval,
  JupyterLab: the live "Not yet ... not_implemented").
* Each typical mistake, kept next to its exercise's cases, gets its own named mistake.
* The worked solutions' verdicts are folded in Jupyter (JupyterLab shows a cell's hidden output
  again when it runs the cell), and open in the book, inside the solution's own fold.

The built pages themselves are tested in tests/test_book.py, and the JupyterLab fold in
tests/test_jupyterlab_myst.py.
"""

import html
import json
import sys

import nbformat
import pytest
import yaml
from conftest import ROOT

from helpers import _selfcheck_exercises
from helpers.selfcheck import (
    BOOK_LINKS_VARIABLE,
    EXERCISES,
    JUPYTERLAB_COMMAND,
    CheckResult,
    StaticPageResult,
    check,
)

sys.path.insert(0, str(ROOT / "_ext"))
import your_turn_links

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def stub(*args):
    raise NotImplementedError  # your code here


def book_links():
    """The links the build's extension makes, from _config.yml as jupyter-book passes it on."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    options = {
        "repository_url": config["repository"]["url"],
        "repository_branch": config["repository"]["branch"],
        "launch_buttons": config["launch_buttons"],
    }
    return {
        str(int(path.name[:2])): your_turn_links.chapter_links(options, f"chapters/{path.stem}", ".ipynb")
        for path in CHAPTERS
    }


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_the_typical_mistake_gets_its_named_mistake(exercise):
    fn, mistake = _selfcheck_exercises.MODULES[exercise].TYPICAL_MISTAKE
    result = check(exercise, fn)
    assert not result.passed and result.mistake == mistake, result


def test_the_launch_links_are_made_from_the_config():
    links = book_links()
    assert set(links) == {str(e.chapter) for e in EXERCISES.values()}
    assert links["2"] == {
        "notebook": "chapters/02_sigmoid_or_softmax.ipynb",
        "colab": "https://colab.research.google.com/github/ml-from-scratch-numpy/book/blob/main/"
        "chapters/02_sigmoid_or_softmax.ipynb",
        "binder": "https://mybinder.org/v2/gh/ml-from-scratch-numpy/book/main?urlpath=lab/tree/"
        "chapters/02_sigmoid_or_softmax.ipynb",
        "download": "../_sources/chapters/02_sigmoid_or_softmax.ipynb",
    }


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_in_the_book_the_stub_shows_how_to_do_the_exercise(exercise, monkeypatch):
    links = book_links()
    monkeypatch.setenv(BOOK_LINKS_VARIABLE, json.dumps(links))
    result = check(exercise, stub)
    assert isinstance(result, StaticPageResult)
    page = result._repr_html_()
    chapter = links[str(EXERCISES[exercise].chapter)]
    for key in ("colab", "binder", "download"):
        assert f'href="{chapter[key]}"' in page.replace("&amp;", "&")
    assert f"<code>{JUPYTERLAB_COMMAND}</code> in its folder" in page
    assert "Not yet" not in page and "not_implemented" not in page
    # the typical mistake's code and what the check really says to it
    fn, mistake = _selfcheck_exercises.MODULES[exercise].TYPICAL_MISTAKE
    example = check(exercise, fn)
    assert result.example == example and example.mistake == mistake
    assert html.escape(example.message) in page and html.escape(f"def {fn.__name__}(") in page
    # a function that is written, right or wrong, is judged as always, also in the build
    assert type(check(exercise, fn)) is CheckResult


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_outside_the_book_the_stub_check_is_live(exercise, monkeypatch):
    monkeypatch.delenv(BOOK_LINKS_VARIABLE, raising=False)
    result = check(exercise, stub)
    assert type(result) is CheckResult and result.mistake == "not_implemented"
    assert "Not yet" in result._repr_html_()


def test_a_folded_verdict_is_closed_in_jupyter_and_open_in_the_book(monkeypatch):
    fn, _ = _selfcheck_exercises.MODULES["log_sigmoid"].TYPICAL_MISTAKE
    monkeypatch.delenv(BOOK_LINKS_VARIABLE, raising=False)
    folded = check("log_sigmoid", fn, folded=True)._repr_html_()
    assert folded.startswith('<details class="selfcheck-folded">') and "<details open" not in folded
    assert not check("log_sigmoid", fn)._repr_html_().startswith("<details")
    monkeypatch.setenv(BOOK_LINKS_VARIABLE, json.dumps(book_links()))
    assert not check("log_sigmoid", fn, folded=True)._repr_html_().startswith("<details")


def your_turn_cells(path):
    return [cell for cell in nbformat.read(path, as_version=4).cells if "-yt-" in cell.get("id", "")]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_worked_solutions_hide_their_code_and_fold_their_verdict(path):
    solutions = [cell for cell in your_turn_cells(path) if cell.id.endswith("-sol-code")]
    assert solutions
    for cell in solutions:
        assert cell.metadata.get("jupyter") == {"source_hidden": True, "outputs_hidden": True}, cell.id
        last = cell.source.rstrip().splitlines()[-1]
        assert last.startswith("check(") and last.endswith(", folded=True)"), (cell.id, last)
    # the reader's own check stays plain
    for cell in your_turn_cells(path):
        if cell.id.endswith("-check"):
            assert "folded" not in cell.source, cell.id


def test_the_jupyterlab_command_is_the_readmes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```bash\n{JUPYTERLAB_COMMAND}\n```" in readme
