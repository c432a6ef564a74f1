"""Shared fixtures: the built book, and a headless Chromium driven by Playwright.

The built book (``html_dir``) is built at most once per test session, for every test that
needs it:

* ``BOOK_HTML`` set: the tests use the book already built in that folder (the HTML folder,
  e.g. ``BOOK_HTML=_build/html`` after the README's build command; relative to the current
  folder) and build nothing. ``.ci/run`` does this: it builds the book once, strictly and
  from clean, and then runs the test command on that build. A folder with no built book in
  it (no ``index.html``), or an empty value, fails the tests: it never skips them.
* ``BOOK_HTML`` unset (the README's test command run on its own): the book is built here,
  as ``.ci/run`` builds it, strictly (``-W -n --keep-going``) and from clean, into
  ``_build/html``. From clean, because the execution cache (``_build/.jupyter_cache``) keys
  on the notebooks' code cells only: after a change to ``helpers/`` a cached build would
  show the old outputs (the explorers' and questions' HTML and JavaScript included), and
  the browser test would check those instead of what the code makes now.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK_HTML = "BOOK_HTML"


def find_chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = find_chromium()
    if executable is None:
        message = "no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the browser test")
        pytest.skip(message)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def html_dir():
    """The folder of the built book's HTML: the one named by BOOK_HTML, or built here."""
    if BOOK_HTML in os.environ:
        given = os.environ[BOOK_HTML]
        html = Path(given).resolve()
        if not given or not (html / "index.html").is_file():
            pytest.fail(
                f"{BOOK_HTML}={given!r} names no built book (no index.html in {html}). Build the book "
                f"with the README's build command first, or unset {BOOK_HTML} to let the tests build it."
            )
        return html
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"book build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return ROOT / "_build" / "html"


def write_one_cell_notebook(path, source):
    """A notebook with one code cell and the python3 kernel, for the JupyterLab tests."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@contextlib.contextmanager
def running_jupyterlab(root_dir=None, args=(), cwd=None):
    """JupyterLab on 127.0.0.1 (a free port, no token, no browser); yields its URL.

    It serves ``root_dir``; or, with ``root_dir=None``, it is started in ``cwd`` with the
    command-line arguments ``args`` of ``jupyter lab`` (the README's command, say), so it
    serves what that command serves.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = [f"--ServerApp.root_dir={root_dir}"] if root_dir is not None else []
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", *args, "--no-browser", "--allow-root", f"--port={port}",
         "--ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=", *root,
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab did not start within 60 s")
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def jupyterlab_with_cell(tmp_path):
    """``start(source, name)``: a one-cell notebook in ``tmp_path``, served by JupyterLab; returns the URL."""
    with contextlib.ExitStack() as stack:
        def start(source, name):
            write_one_cell_notebook(tmp_path / name, source)
            return stack.enter_context(running_jupyterlab(tmp_path))

        yield start
