"""The chapters' first cell, in both situations, without a network.

A fresh interpreter runs the first cell with a stand-in `pip` module first on its path (it
records its arguments and, like a real install, makes `helpers` importable) and a stand-in
`google.colab` module (Colab's marker):

* where helpers imports (the book's own environment), pip must never run;
* where it does not (a path without the book), pip runs once, with the address from _config.yml.
"""

import json
import subprocess
import sys
import textwrap

import nbformat
import pytest

from colab_cell import CELL_ID, ROOT, first_cell_source, requirement

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

FAKE_PIP = '''\
import json, os, sys
with open(os.environ["FAKE_PIP_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
site = os.environ["FAKE_SITE"]
os.makedirs(os.path.join(site, "helpers"), exist_ok=True)
open(os.path.join(site, "helpers", "__init__.py"), "w").write("INSTALLED_BY_FAKE_PIP = True\\n")
'''


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_first_cell_is_the_setup_cell_from_config(path):
    cell = nbformat.read(path, as_version=4).cells[0]
    assert cell.get("id") == CELL_ID and cell.cell_type == "code", f"{path.name}: no setup cell first"
    assert cell.source == first_cell_source(), f"{path.name}: first cell out of date; run python tests/colab_cell.py"


def run_cell(tmp_path, helpers_importable):
    fake = tmp_path / "fake"
    (fake / "pip").mkdir(parents=True)
    (fake / "pip" / "__init__.py").write_text("")
    (fake / "pip" / "__main__.py").write_text(FAKE_PIP)
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "__init__.py").write_text("")
    (fake / "google" / "colab" / "__init__.py").write_text("# stand-in for Colab\n")
    site = tmp_path / "site"
    site.mkdir()
    log = tmp_path / "pip.log"
    log.touch()
    # Colab: no book on the path, -I (isolated) keeps the editable install of helpers out too.
    paths = [str(fake), str(site)] + ([str(ROOT)] if helpers_importable else [])
    program = textwrap.dedent(f"""\
        import sys
        sys.path[:0] = {paths!r}
        import google.colab
        """) + first_cell_source() + "\nprint(helpers.__file__)\n"
    # The cell runs pip as a new interpreter (sys.executable -m pip): PYTHONPATH puts the
    # stand-in first there (the -I interpreter running the cell itself ignores PYTHONPATH).
    env = {"FAKE_PIP_LOG": str(log), "FAKE_SITE": str(site), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(fake)}
    result = subprocess.run([sys.executable, "-I", "-S", "-c", program], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in log.read_text().splitlines()], result.stdout


def test_does_nothing_where_helpers_imports(tmp_path):
    calls, stdout = run_cell(tmp_path, helpers_importable=True)
    assert calls == []
    assert str(ROOT / "helpers") in stdout


def test_installs_from_the_configured_address_where_helpers_is_missing(tmp_path):
    calls, stdout = run_cell(tmp_path, helpers_importable=False)
    assert calls == [["install", "--quiet", requirement()]]
    assert requirement().startswith("helpers @ git+")
    assert str(tmp_path / "site") in stdout
