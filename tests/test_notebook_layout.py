"""The page serves the learner first: code fits the column and checks are folded.

DESIGN.md: visible code fits in 88 characters (comments included), and a check the
reader need not read sits in a folded cell (the book's hide-input toggle, whose label
says what it checks; source_hidden in JupyterLab). nbval and the build still run it.
"""

import ast
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
WIDTH = 88
HIDDEN_TAGS = {"remove-input", "remove-cell", "hide-input"}


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def is_folded(cell):
    tags = set(cell.metadata.get("tags", []))
    return bool(tags & HIDDEN_TAGS) or cell.metadata.get("jupyter", {}).get("source_hidden", False)


def lines_too_wide(source, width=WIDTH):
    return [(number, line) for number, line in enumerate(source.splitlines(), 1) if len(line) > width]


def top_level_checks(source):
    """Line numbers of the assert and np.testing statements a cell runs (not in a def)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: no chapter uses them in a visible cell
        return []
    found = []
    statements = list(tree.body)
    while statements:
        node = statements.pop(0)
        if isinstance(node, ast.Assert):
            found.append(node.lineno)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            if ast.unparse(node.value.func).startswith("np.testing."):
                found.append(node.lineno)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            # a check inside a loop, an if or a with block runs as the cell runs: it is the
            # cell's check too (one inside a function is part of that function's code)
            for field in ("body", "orelse", "finalbody", "handlers"):
                statements.extend(getattr(node, field, []))
    return sorted(found)


def test_the_width_check_catches_a_long_line_and_the_fold_check_an_assert():
    assert lines_too_wide("x = 1\n" + "y = " + "1 + " * 30 + "1") == [(2, "y = " + "1 + " * 30 + "1")]
    assert lines_too_wide("# " + "a" * 86) == []
    assert top_level_checks("x = 1\nassert x == 1\nnp.testing.assert_allclose(x, 1)") == [2, 3]
    assert top_level_checks("def f(x):\n    assert x > 0\n    return x") == []
    assert top_level_checks("for x in [1]:\n    if x:\n        assert x") == [3]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_code_line_fits_in_88_characters(path):
    # All code cells, the folded ones too: a reader who unfolds a check reads it in the column.
    wide = [
        f"cell {cell.get('id')} line {number} ({len(line)} characters): {line.strip()[:60]}"
        for cell in code_cells(path)
        for number, line in lines_too_wide(cell.source)
    ]
    assert not wide, f"{path.name}: code wider than {WIDTH} characters:\n" + "\n".join(wide)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_checks_are_folded_one_click_away(path):
    visible_checks = [
        f"cell {cell.get('id')} line {line}"
        for cell in code_cells(path)
        if not is_folded(cell)
        for line in top_level_checks(cell.source)
    ]
    assert not visible_checks, (
        f"{path.name}: asserts in visible cells; move them into a cell tagged hide-input "
        "(see the folded cells for the metadata):\n" + "\n".join(visible_checks)
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_folded_checks_say_what_they_check_and_fold_in_jupyterlab_too(path):
    for cell in code_cells(path):
        if "hide-input" not in cell.metadata.get("tags", []):
            continue
        where = f"{path.name} cell {cell.get('id')}"
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, (
            f"{where}: hide-input folds it in the book; set jupyter.source_hidden for JupyterLab"
        )
        label = cell.metadata.get("mystnb", {}).get("code_prompt_show", "")
        assert label and len(label) <= 100, f"{where}: say what it checks in mystnb.code_prompt_show"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_each_folded_check_has_its_own_label(path):
    # One label copied onto every fold would say nothing about what each one checks.
    labels = [
        cell.metadata.get("mystnb", {}).get("code_prompt_show", "")
        for cell in code_cells(path)
        if "hide-input" in cell.metadata.get("tags", [])
    ]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    assert not repeated, f"{path.name}: labels used by several folded checks: {repeated}"
