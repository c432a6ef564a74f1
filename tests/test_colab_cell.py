"""The chapters' first cell, in both situations, without a network.

tools/colab_cell.py writes that cell from _config.yml; the first test checks that every
chapter carries exactly what it writes (so the cell cannot drift from the configuration).

A fresh interpreter then runs the first cell with a stand-in `pip` module first on its path and
a stand-in `google.colab` module (Colab's marker). The stand-in pip records its arguments and,
like a real install, puts the distribution built from this repository (pyproject.toml, built
here offline) into a temporary site folder:

* where helpers imports (the book's own environment), pip must never run;
* where it does not (a path without the book), pip runs once, with the address from
  _config.yml, and what it installs is enough for every chapter: chapter 6's imports of
  `exhibits` (chapters/exhibits/, the published answers it measures) work after the first cell.
"""

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest

from colab_cell import CELL_ID, ROOT, first_cell_source, requirement

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

FAKE_PIP = '''\
import json, os, sys, zipfile
with open(os.environ["FAKE_PIP_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
zipfile.ZipFile(os.environ["FAKE_WHEEL"]).extractall(os.environ["FAKE_SITE"])
'''


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_first_cell_is_the_setup_cell_from_config(path):
    cell = nbformat.read(path, as_version=4).cells[0]
    assert cell.get("id") == CELL_ID and cell.cell_type == "code", f"{path.name}: no setup cell first"
    assert cell.source == first_cell_source(), f"{path.name}: first cell out of date; run python tools/colab_cell.py"
    assert "remove-cell" in cell.metadata.get("tags", []), f"{path.name}: the setup cell is for readers, not the book"
    # JupyterLab: the first thing a reader sees is the chapter, not fifteen lines of pip code:
    # the cell is folded to one line (issue 21 allows at most four visible lines, or folded).
    assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, f"{path.name}: the setup cell is not folded"


def test_the_setup_cell_is_what_ruff_format_writes():
    # Formatting the notebooks (ruff format, line-length 88) must leave the cell as the tool
    # writes it, or the test above fails after every formatting pass.
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).is_file():
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "format", "--line-length", "88", "--diff", "-"], input=first_cell_source() + "\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert max(len(line) for line in first_cell_source().splitlines()) <= 88


def test_the_setup_cell_imports_one_module_per_line():
    imports = [line.strip() for line in first_cell_source().splitlines() if line.strip().startswith("import ")]
    assert imports and all("," not in line for line in imports), imports


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The distribution that the first cell installs, built offline from this working tree."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    shutil.copy(ROOT / "pyproject.toml", source)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "helpers", source / "helpers", ignore=ignore)
    shutil.copytree(ROOT / "chapters" / "exhibits", source / "chapters" / "exhibits", ignore=ignore)
    result = subprocess.run(
        [sys.executable, "-c", f"from setuptools import build_meta; print(build_meta.build_wheel({str(out)!r}))"],
        cwd=source, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return out / result.stdout.split()[-1]


def test_the_distribution_carries_helpers_and_exhibits(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"helpers/{p.relative_to(ROOT / 'helpers').as_posix()}"
                for p in (ROOT / "helpers").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    expected |= {f"exhibits/{p.name}" for p in (ROOT / "chapters" / "exhibits").glob("*.py")}
    assert "exhibits/ragged_published.py" in expected and "helpers/static/playground.js" in expected
    assert expected <= names, sorted(expected - names)


# The import name of each library the chapters (or helpers.data, lazily) use, and its distribution.
DISTRIBUTIONS = {"numpy": "numpy", "scipy": "scipy", "matplotlib": "matplotlib", "PIL": "pillow",
                 "sklearn": "scikit-learn", "skimage": "scikit-image", "mlxtend": "mlxtend",
                 "pandas": "pandas", "pooch": "pooch", "threadpoolctl": "threadpoolctl",
                 "ipywidgets": "ipywidgets"}


def imported_libraries():
    """Top-level modules the chapters' code and helpers import that are not the standard library."""
    sources = [cell.source for path in CHAPTERS for cell in nbformat.read(path, as_version=4).cells
               if cell.cell_type == "code"]
    sources += [p.read_text() for p in (ROOT / "helpers").glob("*.py")]
    names = {m for source in sources for m in re.findall(r"^\s*(?:from|import)\s+(\w+)", source, re.M)}
    # IPython and matplotlib-inline come with any notebook kernel (ipykernel requires both)
    return names - set(sys.stdlib_module_names) - {"helpers", "exhibits", "torch", "IPython", "matplotlib_inline"}


def test_the_distribution_brings_every_library_the_chapters_import(wheel):
    # torch is the optional extra of chapter 6's guarded cell; IPython and matplotlib-inline come with
    # any notebook kernel
    metadata = zipfile.ZipFile(wheel).read(next(n for n in zipfile.ZipFile(wheel).namelist()
                                                if n.endswith(".dist-info/METADATA"))).decode()
    required = {re.match(r"[\w.-]+", line.split(":", 1)[1].strip()).group(0).lower()
                for line in metadata.splitlines() if line.startswith("Requires-Dist:")
                and ("extra ==" not in line or 'extra == "chapters"' in line)}
    libraries = imported_libraries()
    assert libraries <= set(DISTRIBUTIONS), f"add to DISTRIBUTIONS: {sorted(libraries - set(DISTRIBUTIONS))}"
    missing = {DISTRIBUTIONS[name] for name in libraries} - required
    assert not missing, f"pyproject.toml's dependencies or its chapters extra lack {sorted(missing)}"


def exhibits_imports():
    """The lines of the chapters' code that import exhibits (chapter 6's)."""
    lines = [line.strip() for path in CHAPTERS for cell in nbformat.read(path, as_version=4).cells
             if cell.cell_type == "code" for line in cell.source.splitlines()
             if re.match(r"\s*(from exhibits\b|import exhibits\b)", line)]
    assert lines, "no chapter imports exhibits any more: drop exhibits from pyproject.toml and this test"
    return lines


def run_cell(tmp_path, wheel, helpers_importable, then=()):
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
    # Colab: no book on the path. -I (isolated, and no current folder on the path) and -S (no
    # site, so no .pth file: the editable install of helpers stays out) leave only these paths;
    # the environment's site-packages comes last, for NumPy (which Colab has).
    packages = sysconfig.get_paths()["purelib"]
    paths = [str(fake), str(site)] + ([str(ROOT), str(ROOT / "chapters")] if helpers_importable else []) + [packages]
    program = textwrap.dedent(f"""\
        import sys
        sys.path[:0] = {paths!r}
        import google.colab
        """) + first_cell_source() + "\n" + "\n".join(then) + "\nprint(helpers.__file__)\n"
    # The cell runs pip as a new interpreter (sys.executable -m pip): PYTHONPATH puts the
    # stand-in first there (the -I interpreter running the cell itself ignores PYTHONPATH).
    env = {"FAKE_PIP_LOG": str(log), "FAKE_SITE": str(site), "FAKE_WHEEL": str(wheel),
           "PATH": "/usr/bin:/bin", "PYTHONPATH": str(fake)}
    result = subprocess.run([sys.executable, "-I", "-S", "-c", program], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in log.read_text().splitlines()], result.stdout


def test_does_nothing_where_helpers_imports(tmp_path, wheel):
    calls, stdout = run_cell(tmp_path, wheel, helpers_importable=True)
    assert calls == []
    assert str(ROOT / "helpers") in stdout


def test_installs_from_the_configured_address_where_helpers_is_missing(tmp_path, wheel):
    calls, stdout = run_cell(tmp_path, wheel, helpers_importable=False)
    assert calls == [["install", "--quiet", requirement()]]
    assert requirement().startswith("helpers[chapters] @ git+")
    assert str(tmp_path / "site" / "helpers") in stdout


def test_chapter_6_imports_exhibits_after_the_first_cell_where_helpers_is_missing(tmp_path, wheel):
    lines = exhibits_imports() + ["import exhibits", "print(exhibits.__file__)"]
    calls, stdout = run_cell(tmp_path, wheel, helpers_importable=False, then=lines)
    assert calls == [["install", "--quiet", requirement()]]
    assert str(tmp_path / "site" / "exhibits" / "__init__.py") in stdout
