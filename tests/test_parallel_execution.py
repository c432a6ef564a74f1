"""_ext/parallel_execution.py: the build runs the notebooks the cache lacks side by side first."""

import io
import sys
from pathlib import Path

import nbformat
import pytest
from myst_nb.core.execute.base import ExecutionError
from sphinx.application import Sphinx

EXT = Path(__file__).resolve().parents[1] / "_ext"


def notebook(path, source):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}"), nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, path)


def build(folder, **config):
    """Build ``folder`` with myst-nb in cache mode and the extension; return the log."""
    (folder / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\n"
        "extensions = ['myst_nb', 'parallel_execution']\n"
        "nb_execution_mode = 'cache'\n"
        f"nb_execution_raise_on_error = {config.get('raise_on_error', True)}\n"
        "root_doc = 'index'\nexclude_patterns = ['_build']\n"
    )
    (folder / "index.md").write_text("# Index\n\n```{toctree}\none\ntwo\n```\n")
    log = io.StringIO()
    app = Sphinx(folder, folder, folder / "_build" / "html", folder / "_build" / ".doctrees", "html",
                 status=log, warning=log, freshenv=True, verbosity=0)
    app.build()
    return log.getvalue(), app.statuscode


def test_notebooks_the_cache_lacks_run_first_and_myst_nb_finds_them_cached(tmp_path):
    notebook(tmp_path / "one.ipynb", "print('one')")
    notebook(tmp_path / "two.ipynb", "print('two')")
    log, status = build(tmp_path)
    assert status == 0, log
    assert "executing 2 notebooks in parallel" in log
    assert log.count("Using cached notebook") == 2, log
    assert "Executing notebook" not in log            # myst-nb ran none itself
    assert (tmp_path / "_build" / "html" / "one.html").exists()

    # a rebuild from a fresh environment: both are cached already, nothing runs in parallel
    log, status = build(tmp_path)
    assert status == 0 and "in parallel" not in log and log.count("Using cached notebook") == 2


def test_a_failing_notebook_still_fails_the_build_with_its_error(tmp_path):
    notebook(tmp_path / "one.ipynb", "print('one')")
    notebook(tmp_path / "two.ipynb", "raise RuntimeError('the cell that fails')")
    # jupyter-cache leaves it uncached; myst-nb runs it again and raises, as without the extension
    with pytest.raises(ExecutionError, match="two.ipynb") as error:
        build(tmp_path)
    assert "RuntimeError" in str(error.value.__cause__) and "the cell that fails" in str(error.value.__cause__)
