"""The chapters read in JupyterLab as they read in the book.

Opens every chapter in a real JupyterLab (with jupyterlab-myst, from requirements.txt) in
headless Chromium, as a reader who cloned the book would: JupyterLab is started with the
README's command, in the README's folder (the command is read from the README, so the two
cannot drift apart). It runs no code, and checks the rendered markdown cells:

* no raw MyST: no directive fences, option lines, roles or targets left as text;
* math typeset (KaTeX from jupyterlab-myst, or MathJax from JupyterLab itself);
* every exercise's solution folded: the solution-start dropdown closed, and every cell up to
  its solution-end collapsed (metadata.jupyter.source_hidden, which JupyterLab honours and
  the book ignores; the book folds the same cells with sphinx-exercise's gated solution);
* every link to another file (the notation page, another chapter) points at a file the server
  has, and clicking one opens it in JupyterLab.

And that the chapters are stored as JupyterLab writes them (tools/normalize_notebooks.py):
opening one does not mark it modified, and saving a normalised chapter changes no byte.

The notebook's windowing is switched off (a settings file in a temporary
JUPYTERLAB_SETTINGS_DIR), so that every cell is in the page, not only the visible ones.
"""

import json
import re
import shlex
import shutil
import time

import nbformat
import pytest

from conftest import ROOT, running_jupyterlab
from normalize_notebooks import kernel_metadata, normalized

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


def readme_jupyterlab_command():
    """The README's command that starts JupyterLab, as ``jupyter lab``'s arguments.

    It is the code block under "## Running the notebooks yourself", run from the README's
    folder (the book's root).
    """
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Running the notebooks yourself", 1)[1]
    line = re.search(r"```bash\n(.*?)\n```", section, re.S).group(1).strip()
    words = shlex.split(line)
    assert words[:2] == [".venv/bin/jupyter", "lab"] and "\n" not in line, f"not a jupyter lab command: {line!r}"
    return words[2:]


def lab_settings(folder):
    """JupyterLab settings for the tests: no windowing (every cell in the page), no autosave."""
    settings = folder
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    # The chapters are served from the checkout: never save them (JupyterLab would autosave a
    # notebook it marked modified after two minutes on a slow machine).
    docmanager = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    docmanager.parent.mkdir(parents=True)
    docmanager.write_text(json.dumps({"autosave": False}))
    return settings


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory, monkeypatch_module):
    # running_jupyterlab passes its environment on; the settings folder goes in through it.
    monkeypatch_module.setenv("JUPYTERLAB_SETTINGS_DIR", str(lab_settings(tmp_path_factory.mktemp("lab-settings"))))
    with running_jupyterlab(args=readme_jupyterlab_command(), cwd=ROOT) as url:
        yield url


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def served_path(url, path):
    """Where the server (started as the README says) has the notebook ``path``: its path under the server's root."""
    import urllib.error
    import urllib.request

    for candidate in (f"{path.parent.name}/{path.name}", path.name):  # chapters/NN.ipynb at the book's root
        try:
            urllib.request.urlopen(f"{url}/api/contents/{candidate}?content=0", timeout=10)
            return candidate
        except urllib.error.HTTPError:
            continue
    pytest.fail(f"the server does not serve {path}")


def open_chapter(browser, url, path):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{url}/lab/tree/{served_path(url, path)}?reset")
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


DIRTY_TABS = """() => [...document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab')]
    .filter(t => t.classList.contains('jp-mod-dirty')).map(t => t.textContent)"""


def open_with_kernel(browser, url, path, settle=4):
    """A chapter opened in JupyterLab, once its kernel is connected (when JupyterLab writes the
    kernel's spec and language into the notebook) and a few seconds more."""
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{url}/lab/tree/{served_path(url, path)}?reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    time.sleep(settle)
    return page


@pytest.fixture(scope="module")
def kernel():
    """The kernelspec and language_info JupyterLab writes with this environment's python3 kernel."""
    return kernel_metadata()


def test_the_readme_starts_jupyterlab_where_every_link_works():
    # Started in chapters/ (the README's old command), ../notation.md is outside the server's
    # root and gives a 404; started at the book's root, the chapters and the notation page are
    # both inside it.
    args = readme_jupyterlab_command()
    served = [arg for arg in args if not arg.startswith("-")]
    assert all((ROOT / arg).resolve() == ROOT for arg in served if (ROOT / arg).is_dir()), args
    assert not any((ROOT / arg).is_file() for arg in served) or any(a.startswith("--ServerApp.root_dir") for a in args)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_opening_a_chapter_does_not_mark_it_modified(browser, jupyterlab, kernel, path):
    stored = nbformat.read(path, as_version=4).metadata.get("language_info", {}).get("version")
    if stored and stored != kernel["language_info"]["version"]:
        pytest.skip(f"the chapters were stored with Python {stored}, this kernel is Python "
                    f"{kernel['language_info']['version']}: JupyterLab writes its version on open")
    page = open_with_kernel(browser, jupyterlab, path)
    try:
        dirty = page.evaluate(DIRTY_TABS)
    finally:
        page.close()
    assert not dirty, (f"{path.name} is marked modified as it opens: store it as JupyterLab writes it "
                       "(python tools/normalize_notebooks.py)")


def test_the_chapters_are_stored_as_jupyterlab_writes_them(kernel):
    # The cheap form of the test above, for every chapter at once: the stored text is what
    # tools/normalize_notebooks.py writes (the Python version aside, which is the environment's).
    differ = []
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        version = json.loads(text)["metadata"].get("language_info", {}).get("version")
        metadata = json.loads(json.dumps(kernel))
        if version:
            metadata["language_info"]["version"] = version
        if normalized(text, metadata) != text:
            differ.append(path.name)
    assert not differ, f"not stored as JupyterLab writes them: {differ}; run python tools/normalize_notebooks.py"


def test_jupyterlab_saves_a_normalized_chapter_unchanged(browser, tmp_path, monkeypatch):
    # The tool's form is JupyterLab's: every chapter, normalised, opens unmodified, and saving
    # it in JupyterLab (Ctrl+S) writes the same bytes. On a copy of the book, never the checkout.
    (tmp_path / "chapters").mkdir()
    for path in CHAPTERS:
        shutil.copy(path, tmp_path / "chapters" / path.name)
    shutil.copy(ROOT / "notation.md", tmp_path)
    metadata = kernel_metadata()
    copies = sorted((tmp_path / "chapters").glob("*.ipynb"))
    for copy in copies:
        copy.write_text(normalized(copy.read_text(encoding="utf-8"), metadata), encoding="utf-8")
    before = {copy: copy.read_bytes() for copy in copies}
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR", str(lab_settings(tmp_path / "lab-settings")))
    problems = []
    with running_jupyterlab(tmp_path) as url:
        for copy in copies:
            page = open_with_kernel(browser, url, copy)
            try:
                if page.evaluate(DIRTY_TABS):
                    problems.append(f"{copy.name}: marked modified as it opens")
                mtime = copy.stat().st_mtime_ns
                page.locator(".jp-Notebook").first.click()
                page.keyboard.press("Control+s")
                deadline = time.monotonic() + 30
                while copy.stat().st_mtime_ns == mtime and time.monotonic() < deadline:
                    time.sleep(0.25)
                if copy.stat().st_mtime_ns == mtime:
                    problems.append(f"{copy.name}: not saved within 30 s")
                elif copy.read_bytes() != before[copy]:
                    problems.append(f"{copy.name}: JupyterLab's save changed it")
            finally:
                page.close()
    assert not problems, problems


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


QUESTION_CELLS = [
    "from helpers.interactive import ask, numeric_question",
    "def add(a=2, b=3):\n"
    "    return numeric_question(f'What is {a} + {b}?', a + b, tolerance=0, explanation=f'{a} and {b} make {a + b}.',\n"
    "                            hints=['Count on from the larger number.'])\n\n\n"
    "def draw(rng):\n"
    "    return {'a': int(rng.integers(10, 99)), 'b': int(rng.integers(10, 99))}",
    "ask(add, key='lab-addition', draw=draw)",
]


def test_a_question_varies_hints_and_keeps_progress_as_a_cell_output(browser, jupyterlab, tmp_path):
    # In JupyterLab a question is the output of a cell the reader ran (trusted: its script
    # runs): Try another, Hint and the record work as in the book, kept in the browser's
    # storage for JupyterLab's address.
    nb = nbformat.v4.new_notebook(metadata=nbformat.read(ROOT / "chapters" / "02_sigmoid_or_softmax.ipynb",
                                                         as_version=4).metadata)
    nb.cells = [nbformat.v4.new_code_cell(source) for source in QUESTION_CELLS]
    nbformat.write(nb, tmp_path / "question.ipynb")
    with running_jupyterlab(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        try:
            page.goto(f"{url}/lab/tree/question.ipynb?reset")
            page.wait_for_function("document.querySelectorAll('.jp-Notebook .jp-Cell').length === 3", timeout=60_000)
            page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=60_000)  # kernel ready
            page.click('.lm-MenuBar-itemLabel:text("Run")')
            page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
            root = page.locator(".jp-Notebook [data-selfcheck].sc-ready")
            root.wait_for(timeout=120_000)
            assert "What is 2 + 3?" in root.locator(".sc-text").inner_text()
            root.locator(".sc-hint").click()
            assert "Count on" in root.locator(".sc-hints").inner_text()
            root.locator(".sc-another").click()
            prompt = root.locator(".sc-text").inner_text()
            numbers = [int(n) for n in re.findall(r"\d+", prompt)]
            assert root.get_attribute("data-variant") != "0" and len(numbers) == 2, prompt
            root.locator("input.sc-input").fill(str(sum(numbers)))
            root.locator("button.sc-check").click()
            page.wait_for_function("e => e.querySelector('.sc-feedback').textContent.startsWith('Correct')",
                                   arg=root.element_handle(), timeout=5_000)
            stored = page.evaluate("localStorage.getItem('mlnp-question:lab-addition')")
            assert json.loads(stored)["result"] == "right"
        finally:
            page.close()
