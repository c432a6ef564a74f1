"""Write each chapter's first cell: it installs helpers from the book's repository where missing.

The cell is folded in JupyterLab (metadata jupyter.source_hidden) and removed from the book
(tag remove-cell).

The address is the one in _config.yml (repository.url and repository.branch), which is also
where the launch buttons point. Colab opens a chapter alone, without the repository, so the
cell must carry the address itself. After changing the repository in _config.yml (a fork, say),
run `python tools/colab_cell.py`: it rewrites every chapter's first cell from _config.yml.
tests/test_colab_cell.py fails when a chapter's first cell differs from what this script writes.

What the cell installs is this repository's distribution (pyproject.toml): the `helpers`
package and chapter 6's `exhibits` (chapters/exhibits/), with the extra `chapters` (the
libraries the chapters import, such as scikit-learn and mlxtend), so every chapter runs on Colab.
"""

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "setup-install-helpers"
# The cell is folded (source_hidden): JupyterLab shows it as one collapsed line, so the first
# thing a reader sees is the chapter; Run All still runs it. The code is what `ruff format`
# writes (line-length 88), so formatting the notebooks leaves it alone.
TEMPLATE = """\
# Setup, folded: where the book's helpers package is missing (on Colab, say), install it
# from the book's repository, with chapter 6's exhibits and the libraries the chapters
# use; where it is installed (a clone with requirements.txt, Binder), do nothing.
try:
    import helpers
except ImportError:
    import subprocess
    import sys

    book = "{url}"
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, f"helpers[chapters] @ {{book}}"], check=True)
    import helpers"""


def book_url():
    """The pip address of the book's repository and branch in _config.yml (git+https://...@branch)."""
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return f"git+{repository['url'].rstrip('/')}.git@{repository.get('branch', 'main')}"


def requirement():
    return f"helpers[chapters] @ {book_url()}"


def first_cell_source():
    return TEMPLATE.format(url=book_url())


def first_cell():
    """The first cell, its keys in the sorted order JupyterLab and nbformat write."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": CELL_ID,
        "metadata": {
            "jupyter": {"source_hidden": True},  # folded in JupyterLab
            "tags": ["remove-cell"],  # the book has helpers installed: the cell is for readers
        },
        "outputs": [],
        "source": first_cell_source().splitlines(keepends=True),
    }


def write(path):
    """Put the first cell in place, leaving every other cell and the file's layout as it is.

    The notebook is read and written as plain JSON (indent 1, keys in their stored order),
    so only the first cell changes in a diff.
    """
    nb = json.loads(path.read_text(encoding="utf-8"))
    if nb["cells"] and nb["cells"][0].get("id") == CELL_ID:
        nb["cells"][0] = first_cell()
    else:
        nb["cells"].insert(0, first_cell())
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        write(path)
        print("wrote the first cell of", path.relative_to(ROOT))
