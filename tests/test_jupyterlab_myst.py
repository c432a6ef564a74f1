"""The chapters read in JupyterLab as they read in the book.

Opens every chapter in a real JupyterLab (with jupyterlab-myst, from requirements.txt) in
headless Chromium, as a reader who cloned the book would, runs no code, and checks the
rendered markdown cells:

* no raw MyST: no directive fences, option lines, roles or targets left as text;
* math typeset (KaTeX from jupyterlab-myst, or MathJax from JupyterLab itself);
* every exercise's solution folded: the solution-start dropdown closed, and every cell up to
  its solution-end collapsed (metadata.jupyter.source_hidden, which JupyterLab honours and
  the book ignores; the book folds the same cells with sphinx-exercise's gated solution);
* every link to another file (the notation page, another chapter) points at a file the server
  has, and clicking one opens it in JupyterLab.

The notebook's windowing is switched off (a settings file in a temporary
JUPYTERLAB_SETTINGS_DIR), so that every cell is in the page, not only the visible ones.
"""

import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, running_jupyterlab

pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

# What raw MyST looks like in a rendered cell's text (textContent, math removed: backticks and fences gone).
RAW_MYST = re.compile(
    r":::|```\{|\{(?:ref|doc|numref|eq|term|download|glue)[:\w-]*\}|"
    r":(?:class|label|nonumber|name|open|hidden|width|align):|\([\w-]+\)=|\$\$"
)

CELLS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c => ({
    markdown: c.classList.contains('jp-MarkdownCell'),
    text: c.classList.contains('jp-MarkdownCell')
        ? (() => {  // the text a reader sees, without the typeset math (whose text is TeX-like)
            const copy = (c.querySelector('.jp-MarkdownOutput, .jp-RenderedMarkdown') || c).cloneNode(true);
            copy.querySelectorAll('.katex, mjx-container, .MathJax, .jp-InputArea-editor, .cm-editor, .jp-InputPrompt').forEach(m => m.remove());
            return copy.textContent; })() : '',
    collapsed: c.querySelector('.jp-InputPlaceholder') !== null,
    dropdowns: c.querySelectorAll('details').length,
    open_dropdowns: c.querySelectorAll('details[open]').length,
    math: c.querySelectorAll('.katex, mjx-container').length,
}))"""

# Links to other files: jupyterlab-myst resolves a relative link against the notebook's folder
# and points it at the server's /files/ (JupyterLab's link handler opens it on a click).
FILE_LINKS = """url => [...document.querySelectorAll('.jp-Notebook .jp-MarkdownCell a[href]')]
    .map(a => ({text: a.textContent, href: a.href}))
    .filter(link => link.href.startsWith(url + '/files/') || link.href === location.href || link.href === '')"""
RELATIVE_LINK = re.compile(r"\]\((?![a-zA-Z][a-zA-Z0-9+.-]*:|#)[^)\s]+\)")


def solution_cells(path):
    """Indices of the cells inside each gated solution: (start, [inner cells])."""
    nb = nbformat.read(path, as_version=4)
    spans, start = [], None
    for i, cell in enumerate(nb.cells):
        source = cell.source.lstrip()
        if source.startswith(":::{solution-start}"):
            start = i
        elif source.startswith(":::{solution-end}"):
            spans.append((start, list(range(start + 1, i))))
            start = None
    return nb, spans


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    settings = tmp_path_factory.mktemp("lab-settings")
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    # The chapters are served from the checkout: never save them (JupyterLab marks a notebook
    # modified as it opens, and would autosave it after two minutes on a slow machine).
    docmanager = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    docmanager.parent.mkdir(parents=True)
    docmanager.write_text(json.dumps({"autosave": False}))
    # running_jupyterlab passes its environment on; the settings folder goes in through it.
    import os
    old = os.environ.get("JUPYTERLAB_SETTINGS_DIR")
    os.environ["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    try:
        with running_jupyterlab(ROOT) as url:
            yield url
    finally:
        if old is None:
            os.environ.pop("JUPYTERLAB_SETTINGS_DIR", None)
        else:
            os.environ["JUPYTERLAB_SETTINGS_DIR"] = old


def open_chapter(browser, url, path):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{url}/lab/tree/{path.relative_to(ROOT).as_posix()}?reset")
    count = len(nbformat.read(path, as_version=4).cells)
    page.wait_for_function(f"document.querySelectorAll('.jp-Notebook .jp-Cell').length === {count}", timeout=60_000)
    # every markdown cell rendered (MyST renders asynchronously)
    page.wait_for_function(
        "[...document.querySelectorAll('.jp-Notebook .jp-MarkdownCell')]"
        ".every(c => c.classList.contains('jp-mod-rendered'))", timeout=60_000)
    # MyST and its math render asynchronously, after the cell is marked rendered: wait until
    # the page stops changing (the count of typeset formulas and dropdowns is stable for 2 s).
    previous, stable_since, deadline = None, time.monotonic(), time.monotonic() + 60
    while time.monotonic() < deadline:
        now = page.evaluate("document.querySelectorAll('.jp-Notebook .katex, .jp-Notebook mjx-container,"
                            " .jp-Notebook details').length")
        if now != previous:
            previous, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since > 2:
            break
        time.sleep(0.25)
    return page


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_reads_in_jupyterlab_as_in_the_book(browser, jupyterlab, path, tmp_path):
    page = open_chapter(browser, jupyterlab, path)
    try:
        cells = page.evaluate(CELLS)
        nb, spans = solution_cells(path)
        assert len(cells) == len(nb.cells)
        raw = [(i, m.group(0)) for i, c in enumerate(cells) if c["markdown"] for m in RAW_MYST.finditer(c["text"])]
        unfolded = [i for start, inner in spans
                    for i in ([start] if cells[start]["open_dropdowns"] or not cells[start]["dropdowns"] else [])
                    + [j for j in inner if not cells[j]["collapsed"]]]
        math_sources = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown" and "$" in cell.source]
        untypeset = [i for i in math_sources if not cells[i]["math"] and i not in {j for _, inner in spans for j in inner}]
        problems = []
        if raw:
            problems.append(f"{len(raw)} raw MyST fragments: {raw[:12]}")
        if unfolded:
            problems.append(f"{len(unfolded)} solution cells shown unfolded: cells {unfolded}")
        if untypeset:
            problems.append(f"math not typeset in cells {untypeset}")
        links = page.evaluate(FILE_LINKS, jupyterlab)
        expected = sum(len(RELATIVE_LINK.findall(cell.source)) for cell in nb.cells if cell.cell_type == "markdown")
        if len(links) != expected:
            problems.append(f"{len(links)} links to files rendered, {expected} in the notebook: {links}")
        broken = [link for link in links if page.request.get(link["href"]).status != 200]
        if broken:
            problems.append(f"links to missing files: {broken}")
        if problems:
            page.screenshot(path=tmp_path / "jupyterlab.png", full_page=True)
        assert not problems, f"{path.name}: " + "; ".join(problems) + f" (screenshot {tmp_path / 'jupyterlab.png'})"
    finally:
        page.close()


def test_a_link_to_another_chapter_opens_it(browser, jupyterlab):
    path = ROOT / "chapters" / "06_ragged_reductions.ipynb"
    page = open_chapter(browser, jupyterlab, path)
    try:
        page.locator(".jp-Notebook .jp-MarkdownCell a", has_text="chapter 1").first.click()
        current = ".lm-DockPanel-tabBar .lm-mod-current .lm-TabBar-tabLabel"
        page.wait_for_function(f"document.querySelector('{current}').textContent === '01_gradient_check.ipynb'",
                               timeout=30_000)
    finally:
        page.close()


def test_a_worked_solution_keeps_its_verdict_folded_after_run_all(browser, jupyterlab, tmp_path):
    # JupyterLab unfolds a cell's hidden output (metadata.jupyter.outputs_hidden) when it runs
    # the cell, so after Run All the worked solution's green verdict would sit under the
    # reader's red one. The solution's check shows its verdict in a closed <details> instead.
    # Chapter 2's Your turn, run as the reader runs it: its cells verbatim, after an import.
    chapter = nbformat.read(ROOT / "chapters" / "02_sigmoid_or_softmax.ipynb", as_version=4)
    nb = nbformat.v4.new_notebook(metadata=chapter.metadata)
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np")] + [c for c in chapter.cells if "-yt-" in c.id]
    # its own server, on a temporary folder (the jupyterlab fixture's settings still apply)
    path = tmp_path / "your_turn.ipynb"
    nbformat.write(nb, path)
    with running_jupyterlab(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        try:
            run_all_and_check_the_fold(page, url, tmp_path, len(nb.cells))
        finally:
            page.close()


def run_all_and_check_the_fold(page, url, tmp_path, count):
    page.goto(f"{url}/lab/tree/your_turn.ipynb?reset")
    page.wait_for_function(f"document.querySelectorAll('.jp-Notebook .jp-Cell').length === {count}", timeout=60_000)
    page.wait_for_function("document.querySelector('.jp-Notebook .jp-OutputPlaceholder') !== null", timeout=60_000)
    page.click('.lm-MenuBar-itemLabel:text("Run")')
    page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
    # the last cell (visible, the solution's assert) has run: its prompt shows an execution count
    page.wait_for_function("/\\[\\d+\\]/.test([...document.querySelectorAll('.jp-Notebook .jp-CodeCell')]"
                           ".pop().querySelector('.jp-InputPrompt').textContent)", timeout=120_000)
    visible = page.evaluate("document.querySelector('.jp-Notebook').innerText")
    assert "Not yet" in visible and "not_implemented" in visible  # the reader's stub, live
    assert "Passed" not in visible, "the solution's verdict shows before the reader opens it"
    assert page.locator(".jp-Notebook .selfcheck-folded").count() == 1
    assert page.locator(".jp-Notebook details.selfcheck-folded[open]").count() == 0
    page.screenshot(path=tmp_path / "run_all.png", full_page=True)
    page.locator(".jp-Notebook .selfcheck-folded summary").click()
    page.wait_for_function("document.querySelector('.jp-Notebook').innerText.includes('Passed')", timeout=10_000)
