"""Measure the book against the budgets in DESIGN.md and print the numbers.

    python benchmarks/book_budget.py

* the clean build of a fresh copy of the book (budget: under 3 minutes on 2 cores),
* each chapter's execution time, run on its own kernel (budget: under 60 s each),
* a rebuild with nothing changed (should take seconds: the execution cache is used),
* each page's weight: its HTML (with the slider frames inlined in it) plus the images it
  links from _images/ (budget: under 5 MB per chapter page).

Timings are wall-clock on this machine and noisy: they are printed here, never asserted in
tests. Shared assets (_static/, MathJax included) are counted once, separately.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
BUDGET_BUILD_S, BUDGET_CHAPTER_S, BUDGET_PAGE_MB = 180, 60, 5


def timed(command, cwd):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def verdict(ok):
    return "ok" if ok else "OVER BUDGET"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__"))
        build = [str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going"]

        clean = timed(build, book)
        print(f"clean build        {clean:7.1f} s   budget {BUDGET_BUILD_S} s   {verdict(clean < BUDGET_BUILD_S)}")
        rebuild = timed(build, book)
        print(f"no-change rebuild  {rebuild:7.1f} s")

        for path in sorted((book / "chapters").glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
            seconds = time.perf_counter() - start
            print(f"execute {path.stem:28s} {seconds:6.1f} s   budget {BUDGET_CHAPTER_S} s   "
                  f"{verdict(seconds < BUDGET_CHAPTER_S)}")

        html = book / "_build" / "html"
        for page in sorted(html.rglob("*.html")):
            if {"_static", "_sources"} & set(page.parts):
                continue
            text = page.read_text(encoding="utf-8")
            images = {m for m in re.findall(r'src="([^"]+)"', text) if "_images/" in m}
            size = page.stat().st_size + sum((page.parent / m).resolve().stat().st_size for m in images)
            mb = size / 2**20
            print(f"page {str(page.relative_to(html)):32s} {mb:6.2f} MB   budget {BUDGET_PAGE_MB} MB   "
                  f"{verdict(mb < BUDGET_PAGE_MB)}")
        static = sum(f.stat().st_size for f in (html / "_static").rglob("*") if f.is_file()) / 2**20
        print(f"shared _static/ (theme, MathJax), loaded once: {static:.1f} MB on disk")


if __name__ == "__main__":
    main()
