"""Write each chapter's first cell: it installs helpers from the book's repository where missing.

The address is the one in _config.yml (repository.url and repository.branch), which is also
where the launch buttons point. Colab opens a chapter alone, without the repository, so the
cell must carry the address itself. After changing the repository in _config.yml (a fork, say),
run `python tools/colab_cell.py`: it rewrites every chapter's first cell from _config.yml.
tests/test_colab_cell.py fails when a chapter's first cell differs from what this script writes.

What the cell installs is this repository's distribution (pyproject.toml): the `helpers`
package and chapter 6's `exhibits` (chapters/exhibits/), with the extra `chapters` (the
libraries the chapters import, such as scikit-learn and mlxtend), so every chapter runs on Colab.
"""

from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "setup-install-helpers"
TEMPLATE = '''\
# Setup. Where the book's helpers package is missing (on Colab, say), install it from the
# book's repository, with chapter 6's exhibits and the libraries the chapters use; where it
# is installed (a clone with requirements.txt, Binder), do nothing.
try:
    import helpers
except ImportError:
    import subprocess
    import sys
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "{requirement}"],
                   check=True)
    import helpers'''


def requirement():
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return f"helpers[chapters] @ git+{repository['url'].rstrip('/')}.git@{repository.get('branch', 'main')}"


def first_cell_source():
    return TEMPLATE.format(requirement=requirement())


def write(path):
    nb = nbformat.read(path, as_version=4)
    cell = nbformat.v4.new_code_cell(first_cell_source())
    cell.id = CELL_ID
    cell.metadata["tags"] = ["remove-cell"]   # the book has helpers installed: the cell is for readers
    if nb.cells and nb.cells[0].get("id") == CELL_ID:
        nb.cells[0] = cell
    else:
        nb.cells.insert(0, cell)
    nbformat.write(nb, path)


if __name__ == "__main__":
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        write(path)
        print("wrote the first cell of", path.relative_to(ROOT))
