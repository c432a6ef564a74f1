"""Build the PDF edition of the book: ``_build/html/book.pdf``, offline.

Run it after the README's build command, from the book's folder::

    .venv/bin/python tools/build_pdf.py

It builds Sphinx's single-page HTML of the book (``jupyter-book build . --builder custom
--custom-builder singlehtml``, into ``_build/singlehtml``: it reuses the execution cache and
the doctrees of the HTML build, so no notebook runs again), opens it from ``file://`` in the
system's headless Chromium through Playwright (nothing is downloaded), waits for MathJax,
turns what moves into what prints (``tools/pdf_edition.js``: explorers and the playground at
their start with a line on what the HTML book lets you do, every check-yourself question
numbered and answered at the end of its chapter, solutions open), and prints it with
``_static/print.css``: A4, page numbers, each chapter on a new page, the PDF's bookmarks
from the headings. The PDF lands where the HTML book's download menu links it
(``_build/html/book.pdf``).

Chromium: ``CHROMIUM_PATH``, or ``chromium``, ``chromium-browser`` or ``google-chrome`` on the
PATH (Debian: ``sudo apt-get install chromium``).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(__file__).with_name("pdf_edition.js")
MAX_BYTES = 30 * 1024 * 1024

HEADER = ('<div style="font-size:7.5pt;width:100%;margin:0 16mm;color:#555;'
          'font-family:DejaVu Sans,sans-serif"><span class="title"></span></div>')
FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;color:#333;'
          'font-family:DejaVu Sans,sans-serif"><span class="pageNumber"></span> / '
          '<span class="totalPages"></span></div>')


def find_chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def build_single_page(root):
    """Sphinx's single-page HTML of the book, from the HTML build's cache; returns its file."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(root), "--builder", "custom", "--custom-builder", "singlehtml"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the single-page build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    page = root / "_build" / "singlehtml" / "intro.html"
    if not page.is_file():
        sys.exit(f"the single-page build wrote no {page}")
    return page


def print_pdf(page_file, output, chromium):
    """Print the single page to ``output`` with Chromium; returns what pdf_edition.js reports."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri(), wait_until="load", timeout=300_000)
            if page.evaluate("() => window.MathJax !== undefined"):
                page.wait_for_function("() => window.MathJax.startup && window.MathJax.startup.promise",
                                       timeout=300_000)
                page.evaluate("() => window.MathJax.startup.promise.then(() => true)")
            summary = page.evaluate(SCRIPT.read_text(encoding="utf-8"))
            page.emulate_media(media="print")
            page.evaluate("() => document.fonts.ready.then(() => true)")
            title = page.evaluate("() => document.querySelector('h1').textContent.replace(/#$/, '')")
            page.evaluate("(t) => { document.title = t; }", title)
            page.pdf(path=str(output), format="A4", print_background=True, outline=True, tagged=True,
                     display_header_footer=True, header_template=HEADER, footer_template=FOOTER,
                     margin={"top": "16mm", "bottom": "16mm", "left": "16mm", "right": "16mm"})
        finally:
            browser.close()
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=ROOT / "_build" / "html" / "book.pdf",
                        help="where to write the PDF (default: _build/html/book.pdf)")
    parser.add_argument("--no-build", action="store_true",
                        help="print the single page already in _build/singlehtml, without building it")
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        sys.exit("no Chromium found (install Debian's chromium, or set CHROMIUM_PATH)")
    start = time.monotonic()
    if args.no_build:
        page_file = ROOT / "_build" / "singlehtml" / "intro.html"
        if not page_file.is_file():
            sys.exit(f"no single-page build at {page_file}; run without --no-build")
    else:
        page_file = build_single_page(ROOT)
    built = time.monotonic()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    summary = print_pdf(page_file, args.output, chromium)
    done = time.monotonic()
    questions = sum(len(c["questions"]) for c in summary["chapters"])
    size = args.output.stat().st_size
    print(f"{args.output}: {size / 1e6:.1f} MB; {len(summary['chapters'])} chapters (notation included), "
          f"{questions} questions answered, {summary['explorers']} explorers, "
          f"{summary['playgrounds']} playground(s), {summary['solutions']} solutions opened; "
          f"single page {built - start:.0f} s, printing {done - built:.0f} s")
    if size > MAX_BYTES:
        sys.exit(f"{args.output} is {size / 1e6:.1f} MB, over the 30 MB budget")


if __name__ == "__main__":
    main()
