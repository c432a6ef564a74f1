"""The chapters are stored clean, listed in the table of contents, and checked by nbval.

nbval itself runs every chapter (pyproject.toml puts chapters/ in testpaths with
--nbval-lax); the tests here prove that this harness really fails when a chapter's
assertion fails, so a green run means something.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def test_there_are_chapters():
    assert CHAPTERS, "no notebooks in chapters/"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_notebook_is_valid_and_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {index} has outputs: clear them before committing"
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"
    assert "widgets" not in nb.metadata, f"{path.name} stores widget state in its metadata"


def test_every_chapter_is_in_the_table_of_contents_and_back():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = {entry["file"] for part in toc["parts"] for entry in part["chapters"]
              if entry["file"].startswith("chapters/")}  # the notation page is not a chapter
    stored = {f"chapters/{p.stem}" for p in CHAPTERS}
    assert listed == stored


def run_nbval(notebook, cwd):
    # -x: stop at the first failing cell; the rest of a sabotaged chapter need not run.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", "-x", str(notebook)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


def write_notebook(path, *sources, tags=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    for cell in nb.cells:
        cell.metadata["tags"] = tags or []
    nbformat.write(nb, path)
    return path


def test_nbval_harness_fails_on_a_failing_assert_and_passes_otherwise(tmp_path):
    passing = write_notebook(tmp_path / "passing.ipynb", "x = 1", "assert x == 1")
    failing = write_notebook(tmp_path / "failing.ipynb", "x = 1", "assert x == 2")
    assert run_nbval(passing, tmp_path).returncode == 0
    result = run_nbval(failing, tmp_path)
    assert result.returncode == 1 and "AssertionError" in result.stdout


def test_chapter_1_fails_when_the_gradient_is_wrong(tmp_path):
    # The classic slip: softmax without "- onehot". Chapter 1's own asserts must catch it.
    nb = nbformat.read(ROOT / "chapters" / "01_gradient_check.ipynb", as_version=4)
    sabotage = nbformat.v4.new_code_cell(
        "import helpers.activations, helpers.losses\n"
        "helpers.losses.cross_entropy_grad = lambda logits, labels: helpers.activations.softmax(logits, axis=1)"
    )
    nb.cells.insert(0, sabotage)
    path = tmp_path / "01_sabotaged.ipynb"
    nbformat.write(nb, path)
    result = run_nbval(path, tmp_path)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "AssertionError" in result.stdout


# ---- one template for every chapter (DESIGN.md, "A chapter") -------------------------------

TEMPLATE = ["The question", "What goes wrong", "The idea", "Build it", "See it",
            "How fast, how big", "Pitfalls", "Your turn", "Exercises", "Summary"]
OPTIONAL = {"How fast, how big"}  # only where the chapter measures speed or memory


def markdown_headings(nb):
    """(cell index, level, text) of every heading in the notebook's markdown cells."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        in_fence = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            elif not in_fence and line.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                found.append((index, level, line[level:].strip()))
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_sections_follow_the_template(path):
    nb = nbformat.read(path, as_version=4)
    sections = [text for _, level, text in markdown_headings(nb) if level == 2]
    expected = [name for name in TEMPLATE if name not in OPTIONAL or name in sections]
    assert sections == expected, f"{path.name}: level-2 headings {sections}, expected {expected}"
    titles = [text for _, level, text in markdown_headings(nb) if level == 1]
    assert len(titles) == 1, f"{path.name} needs exactly one title (level-1 heading), got {titles}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_explorer_sits_under_an_explore_heading(path):
    nb = nbformat.read(path, as_version=4)
    headings = markdown_headings(nb)
    explorers = [i for i, cell in enumerate(nb.cells)
                 if cell.cell_type == "code" and re.search(r"(?<![\w.])explore\(", cell.source)]
    assert explorers, f"{path.name} has no interactive explorer"
    for index in explorers:
        above = [(level, text) for i, level, text in headings if i < index and level >= 2]
        assert above and above[-1][0] == 3 and above[-1][1].startswith("Explore:"), (
            f"{path.name} cell {index} calls explore() under {above[-1] if above else None}; "
            "put each explorer under a '### Explore: ...' heading")


# ---- "Your turn": the reader's stub, its check, and a folded solution that passes ------------


def your_turn_cells(nb):
    """The cells between the '## Your turn' heading and the next level-2 heading."""
    level2 = [(i, text) for i, level, text in markdown_headings(nb) if level == 2]
    starts = [k for k, (_, text) in enumerate(level2) if text == "Your turn"]
    if not starts:
        return None
    begin = level2[starts[0]][0]
    end = level2[starts[0] + 1][0] if starts[0] + 1 < len(level2) else len(nb.cells)
    return nb.cells[begin:end]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_your_turn_has_a_stub_a_check_and_a_passing_folded_solution(path):
    from helpers.selfcheck import EXERCISES, check, mistakes

    nb = nbformat.read(path, as_version=4)
    cells = your_turn_cells(nb)
    if cells is None and "Your turn" in OPTIONAL:
        pytest.skip(f"{path.name} has no 'Your turn' section yet")
    assert cells is not None, f"{path.name} has no '## Your turn' section"
    chapter = int(path.name[:2])
    ids = [exercise_id for exercise_id, exercise in EXERCISES.items() if exercise.chapter == chapter]
    assert ids, f"no self-check exercise for chapter {chapter}"
    codes = [cell.source for cell in cells if cell.cell_type == "code"]
    prose = " ".join(" ".join(cell.source.split()) for cell in cells if cell.cell_type == "markdown")
    folded, inside = [], False          # code cells between solution-start and solution-end
    for cell in cells:
        if cell.cell_type == "markdown" and "{solution-start}" in cell.source:
            inside = True
        elif cell.cell_type == "markdown" and "{solution-end}" in cell.source:
            inside = False
        elif cell.cell_type == "code" and inside:
            folded.append(cell.source)
    for exercise_id in ids:
        stub, solution = f"my_{exercise_id}", f"solution_{exercise_id}"
        # The reader's check cell: the call is the cell's last expression, so its box is shown.
        assert f'check("{exercise_id}", {stub})' in [c.strip().splitlines()[-1] for c in codes if c.strip()], (
            f"{path.name}: no cell ending in check({exercise_id!r}, {stub})")
        # The untouched stub raises NotImplementedError, so the built page shows "not implemented yet".
        stub_cells = [c for c in codes if f"def {stub}(" in c]
        assert len(stub_cells) == 1 and "raise NotImplementedError" in stub_cells[0], path.name
        namespace = {}
        exec(stub_cells[0], namespace)  # defines the function only
        result = check(exercise_id, namespace[stub])
        assert not result.passed and result.mistake == "not_implemented", (path.name, result)
        # The worked solution is folded, has another name, and a cell asserts that it passes.
        assert any(f"def {solution}(" in c for c in folded), f"{path.name}: {solution} is not in a folded solution"
        assert any(f'assert check("{exercise_id}", {solution}).passed' in c for c in codes), (
            f"{path.name}: no cell asserts that {solution} passes")
        # The prose names every mistake the check recognises (their titles, as the check prints them).
        for title in mistakes(exercise_id).values():
            assert title in prose, f"{path.name}: the Your turn prose does not list the mistake {title!r}"


# ---- links that work in the book and in JupyterLab alike ------------------------------------
#
# JupyterLab (with jupyterlab-myst) renders one notebook at a time: a {doc} role, or a {ref} to a
# label that another chapter defines, becomes a link to nowhere there. A plain markdown link to
# a file works in both: JupyterLab opens the file, and the book (myst-parser) turns a relative
# link to one of its pages into a link to that page. An anchor into another file
# (`02_sigmoid_or_softmax.ipynb#label`) does not resolve in the strict build (myst-parser
# resolves `file#id` only against heading slugs, which this book does not generate), so a link to
# a section of another chapter names the chapter's file and the section in its text.

ROLE = re.compile(r"\{(doc|ref|numref)\}`([^`]*)`")
LABEL_DEFINITIONS = re.compile(r"^\s*\(([\w.-]+)\)=\s*$|^\s*:(?:label|name):\s*(\S+)\s*$", re.M)
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose(source):
    """A markdown cell's text without code (fenced blocks that are not directives, inline code) and math."""
    lines, fence = [], None
    for line in source.splitlines():
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(("```", "~~~")) and not stripped.lstrip("`~").startswith("{"):
            fence = stripped[:3]
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", text, flags=re.S)
    return text


def markdown_text(nb):
    return [(index, cell.source) for index, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]


def book_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    return {ROOT / f"{name}{suffix}" for name in files for suffix in (".md", ".ipynb")
            if (ROOT / f"{name}{suffix}").is_file()}


def link_problems(path, nb):
    """Every reason a notebook's cross-document links would fail in JupyterLab or in the book."""
    labels = {a or b for _, source in markdown_text(nb) for a, b in LABEL_DEFINITIONS.findall(source)}
    pages, problems = book_pages(), []
    for index, source in markdown_text(nb):
        for role, content in ROLE.findall(source):
            target = re.search(r"<([^>]*)>\s*$", content)
            target = (target.group(1) if target else content).strip()
            if role == "doc":
                problems.append(f"cell {index}: {{doc}}`{content}` (use a link to the file, e.g. [text](../notation.md))")
            elif target not in labels:
                problems.append(f"cell {index}: {{{role}}}`{content}` names a label this chapter does not define "
                                "(link to the other chapter's file and name the section in the text)")
        for href in LINK.findall(re.sub(r"`[^`]*`", " ", prose(source))):
            if URL_SCHEME.match(href) or href.startswith("#"):
                continue   # a web address, or an anchor in this chapter
            file, _, anchor = href.partition("#")
            target = (path.parent / file).resolve()
            if not target.is_file():
                problems.append(f"cell {index}: link to {href}: no file {target}")
            elif target.suffix in {".md", ".ipynb"} and target not in pages:
                problems.append(f"cell {index}: link to {href}: not a page of the book (_toc.yml)")
            if anchor:
                problems.append(f"cell {index}: link to {href}: anchors into another file do not resolve "
                                "in the strict build; link to the file and name the section")
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_cross_document_links_are_file_links_that_exist(path):
    problems = link_problems(path, nbformat.read(path, as_version=4))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_the_link_check_catches_doc_roles_foreign_labels_and_missing_files():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(source) for source in (
        "(here)=\n## Here\n\nSee {ref}`here`, {ref}`this <here>`, [notation](../notation.md), [chapter 1](01_gradient_check.ipynb),"
        " [the web](https://example.org), [a section](#here), `[not](a-link.md)` and\n```python\nx[0](1)\n```",
        "{doc}`../notation`", "{ref}`chapter 2 <softmax-of-sigmoids>`", "[gone](../nowhere.md)",
        "[tests](../tests/test_notebooks.py)", "[README](../README.md)",
        "[chapter 2](02_sigmoid_or_softmax.ipynb#softmax-of-sigmoids)",
    )]
    problems = link_problems(CHAPTERS[0], nb)
    assert [p.split(":")[0] for p in problems] == [f"cell {i}" for i in (1, 2, 3, 5, 6)], problems
