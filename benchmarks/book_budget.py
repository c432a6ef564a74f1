"""Measure the book against the budgets in DESIGN.md and print the numbers.

    python benchmarks/book_budget.py [--rev REV] [--before REV0 [--old-explorers REV1]] [--no-pages]

* the clean build of a fresh copy of the book (budget: under 3 minutes on 2 cores),
* each chapter's execution time, run on its own kernel (budget: under 60 s each), and the
  share of it spent drawing the explorers' frames (``Explorer.frames``, timed in the kernel),
* a rebuild with nothing changed (should take seconds: the execution cache is used),
* the PDF edition after that build (``tools/build_pdf.py``) and its size (budget: 30 MB),
* each page's weight: its HTML (with the slider frames inlined in it) plus the images it
  links from _images/ (budget: under 5 MB per chapter page).

The copy is of the working tree, or with ``--rev`` of a commit. With ``--before REV0`` a second
copy, of commit ``REV0``, is measured alongside, build after build and chapter after chapter,
and both columns are printed with their ratio: before and after in one run, on one machine.
``--old-explorers REV1`` puts the explorers (``explore``, ``Explorer``) of ``REV1``'s
``helpers/interactive.py`` into that copy, so that, for example, ``--before e6985a4
--old-explorers 710c65a`` is the book before the explorers' fast paths (every frame a fresh
figure) with everything else as it was at e6985a4.

Timings are wall-clock on this machine and noisy: they are printed here, never asserted in
tests. Shared assets (_static/, MathJax included) are counted once, separately.
"""

import argparse
import io
import os
import re
import tarfile
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


def own_helpers(book):
    """An environment in which Python imports ``helpers`` from ``book``, not the editable install.

    PYTHONPATH comes before the installed packages (the editable install's finder comes last),
    and the notebook kernels inherit it.
    """
    return {**os.environ, "PYTHONPATH": str(book)}


def timed(command, book):
    start = time.perf_counter()
    subprocess.run(command, cwd=book, env=own_helpers(book), check=True, capture_output=True)
    return time.perf_counter() - start


def verdict(ok):
    return "ok" if ok else "OVER BUDGET"


# Run first and last in each chapter's kernel: time every Explorer.frames call, then report the sum.
FRAMES_TIMER = """
import time as _time, helpers.interactive as _interactive
print('HELPERS_FROM', _interactive.__file__)
_frames_seconds = [0.0]
def _timed(frames, _clock=_time.perf_counter):
    def timed_frames(self):
        start = _clock()
        try:
            return frames(self)
        finally:
            _frames_seconds[0] += _clock() - start
    return timed_frames
_interactive.Explorer.frames = _timed(_interactive.Explorer.frames)
"""
FRAMES_REPORT = "print('FRAMES_SECONDS', _frames_seconds[0])"


def copy_book(destination, rev=None, explorers_rev=None):
    """The book's working tree (or commit ``rev``) in ``destination``, with the explorers of ``explorers_rev``."""
    if rev is None:
        shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__"))
    else:
        archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(destination)
    if explorers_rev is not None:
        source = subprocess.run(["git", "show", f"{explorers_rev}:helpers/interactive.py"], cwd=ROOT,
                                check=True, capture_output=True).stdout
        (destination / "helpers" / "_interactive_before.py").write_bytes(source)
        with open(destination / "helpers" / "interactive.py", "a") as module:
            module.write("\nfrom ._interactive_before import Explorer, explore  # noqa: E402,F401,F811 (old explorers)\n")


def execute(path):
    """Run one chapter on its own kernel: (seconds, seconds inside Explorer.frames)."""
    saved = os.environ.copy()
    os.environ.update(own_helpers(path.parents[1]))  # the kernel's environment
    try:
        return _execute(path)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _execute(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(FRAMES_TIMER))
    nb.cells.append(nbformat.v4.new_code_cell(FRAMES_REPORT))
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    source = "".join(out.get("text", "") for out in nb.cells[0].outputs).split()[-1]
    if not Path(source).is_relative_to(path.parents[1]):
        raise RuntimeError(f"{path.name} ran with helpers from {source}, not from its own book copy")
    printed = "".join(out.get("text", "") for out in nb.cells[-1].outputs)
    return seconds, float(printed.split()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="measure this commit instead of the working tree")
    parser.add_argument("--before", help="also measure the book at this commit")
    parser.add_argument("--old-explorers", help="with --before: the explorers of helpers/interactive.py at this commit")
    parser.add_argument("--no-pages", action="store_true", help="skip the page weights")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} at the start; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        books = {"after": Path(tmp) / "book"}
        copy_book(books["after"], args.rev)
        if args.before:
            books = {"before": Path(tmp) / "book-before", **books}
            copy_book(books["before"], args.before, args.old_explorers)
        book = books["after"]
        build = [str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going"]

        def compare(label, seconds, budget=None):
            line = f"{label:38s}" + "".join(f" {name} {s:7.1f} s" for name, s in seconds.items())
            if len(seconds) == 2:
                line += f"   ratio {seconds['before'] / seconds['after']:4.1f}x"
            if budget is not None:
                line += f"   budget {budget} s   {verdict(seconds['after'] < budget)}"
            print(line, flush=True)

        compare("clean build", {name: timed(build, b) for name, b in books.items()}, BUDGET_BUILD_S)
        compare("no-change rebuild", {name: timed(build, b) for name, b in books.items()})
        pdf_books = {name: b for name, b in books.items() if (b / "tools" / "build_pdf.py").is_file()}
        if pdf_books:  # the PDF edition, after the build: single-page HTML, printed by Chromium
            compare("PDF edition (tools/build_pdf.py)",
                    {name: timed([sys.executable, "tools/build_pdf.py"], b) for name, b in pdf_books.items()})
            pdf = book / "_build" / "html" / "book.pdf"
            print(f"{'':38s} {pdf.stat().st_size / 2**20:.1f} MB (budget 30 MB)", flush=True)

        for path in sorted((book / "chapters").glob("*.ipynb")):
            runs = {name: execute(b / "chapters" / path.name) for name, b in books.items()}
            compare(f"execute {path.stem}", {name: run[0] for name, run in runs.items()}, BUDGET_CHAPTER_S)
            shares = "   ".join(f"{name}: {run[1]:5.1f} s drawing frames ({run[1] / run[0]:4.0%})"
                                for name, run in runs.items())
            print(f"{'':38s} {shares}", flush=True)

        if args.no_pages:
            return

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
