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
import re
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
# A4 less the 16 mm margins, in CSS pixels (96 per inch): the width the text is laid out in
MARGIN_MM = 16
TEXT_WIDTH_PX = round((210 - 2 * MARGIN_MM) / 25.4 * 96)

# Laid out at the text width in print media, a display equation wider than the text is
# scaled down to fit (the HTML book scrolls it sideways; paper cannot). Returns how many.
FIT_WIDE_MATH = """() => {
  let scaled = 0;
  document.querySelectorAll("div.math, mjx-container[display=true]").forEach((node) => {
    if (node.parentElement.closest("div.math, mjx-container[display=true]")) return;
    const needed = node.scrollWidth, available = node.clientWidth;
    if (available > 0 && needed > available + 1) {
      node.style.zoom = (available / needed - 0.005).toFixed(3);
      scaled += 1;
    }
  });
  return scaled;
}"""

# The headings Chromium makes bookmarks of (those laid out in print), with their text as a
# reader reads it: math as its MathML text (MathJax's assistive copy), spaces collapsed.
HEADING_TITLES = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
  .filter((h) => h.getClientRects().length > 0)
  .map((h) => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll("mjx-container").forEach((math) => {
      const mml = math.querySelector("mjx-assistive-mml");
      math.replaceWith(document.createTextNode(mml ? mml.textContent : ""));
    });
    return copy.textContent.replace(/\\s+/g, " ").trim();
  })"""

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
    result = subprocess.run(command, capture_output=True, text=True, check=False)
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
            # the sharper explorer frames it put in are decoded before the page is printed
            page.evaluate("() => Promise.all([...document.images].map((i) => i.decode().catch(() => null)))")
            page.emulate_media(media="print")
            page.set_viewport_size({"width": TEXT_WIDTH_PX, "height": 1000})
            summary["wide_equations_scaled"] = page.evaluate(FIT_WIDE_MATH)
            page.evaluate("() => document.fonts.ready.then(() => true)")
            title = page.evaluate("() => document.querySelector('h1').textContent.replace(/#$/, '')")
            page.evaluate("(t) => { document.title = t; }", title)
            titles = page.evaluate(HEADING_TITLES)
            page.pdf(path=str(output), format="A4", print_background=True, outline=True, tagged=True,
                     display_header_footer=True, header_template=HEADER, footer_template=FOOTER,
                     margin={side: f"{MARGIN_MM}mm" for side in ("top", "bottom", "left", "right")})
        finally:
            browser.close()
    summary["bookmarks_retitled"] = fix_bookmark_titles(output, titles)
    summary["headings"] = len(titles)
    return summary


def _pdf_string(text):
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _literal_end(data, start):
    """Index just past the PDF string (literal or hex) that starts at ``start``."""
    if data[start:start + 1] == b"<":
        return data.index(b">", start) + 1
    depth, i = 0, start
    while True:
        c = data[i:i + 1]
        if c == b"\\":
            i += 2
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1


def fix_bookmark_titles(path, titles):
    """Give the PDF's bookmarks the headings' own text; returns how many were rewritten.

    Chromium (156) names each bookmark after the text of its heading's lines joined with no
    space ("Machine learning from scratch inNumPy"), and a heading at the top of a page
    sometimes twice. The bookmarks are in the headings' order, so the i-th bookmark, in
    reading order, gets the i-th heading's text, if every word of that text is in it (if
    one is not, or the numbers differ, nothing is changed and the test of the bookmarks fails). The new titles are appended to the file as an incremental
    update (PDF 1.7, 7.5.6): the original objects stay, the new ones replace them.
    """
    data = path.read_bytes()
    offsets = {}
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    table = re.match(rb"xref\s+(\d+)\s+(\d+)\s+", data[startxref:])
    if table is None:  # a cross-reference stream: not what Chromium writes; leave the file alone
        return 0
    first, count = int(table.group(1)), int(table.group(2))
    entries = data[startxref + table.end():startxref + table.end() + 20 * count]
    for k in range(count):
        offset, _, kind = entries[20 * k:20 * k + 18].split()
        if kind == b"n":
            offsets[first + k] = int(offset)

    def body(number):
        start = offsets[number]
        return data[start:data.index(b"endobj", start)]

    trailer = data[data.rindex(b"trailer"):]
    root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
    outlines = re.search(rb"/Outlines (\d+) 0 R", body(root))
    if outlines is None:
        return 0
    order = []

    def walk(number):
        while number is not None:
            order.append(number)
            child = re.search(rb"/First (\d+) 0 R", body(number))
            if child:
                walk(int(child.group(1)))
            following = re.search(rb"/Next (\d+) 0 R", body(number))
            number = int(following.group(1)) if following else None

    first_item = re.search(rb"/First (\d+) 0 R", body(int(outlines.group(1))))
    if first_item:
        walk(int(first_item.group(1)))
    if len(order) != len(titles):
        return 0
    replaced = []
    for number, title in zip(order, titles):
        old = body(number)
        at = old.index(b"/Title") + len(b"/Title")
        while old[at:at + 1].isspace():
            at += 1
        end = _literal_end(old, at)
        current = old[at:end].decode("latin-1")
        # every word of the heading (math aside: Chromium writes it otherwise) is in the bookmark
        if not all(word in _decode(current) for word in re.findall(r"[A-Za-z]{3,}", title)):
            return 0
        replaced.append((number, old[:at] + _pdf_string(title).encode("ascii") + old[end:] + b"endobj\n"))
    update, xref = bytearray(b"\n"), []
    for number, obj in replaced:
        xref.append((number, len(data) + len(update)))
        update += obj
    xref_at = len(data) + len(update)
    update += b"xref\n"
    for number, offset in sorted(xref):
        update += f"{number} 1\n{offset:010d} 00000 n \n".encode("ascii")
    size = re.search(rb"/Size (\d+)", trailer).group(1).decode()
    info = re.search(rb"/Info (\d+) 0 R", trailer)
    update += (f"trailer\n<</Size {size}\n/Root {root} 0 R\n" + (f"/Info {info.group(1).decode()} 0 R\n" if info else "")
               + f"/Prev {startxref}>>\nstartxref\n{xref_at}\n%%EOF\n").encode("ascii")
    path.write_bytes(data + bytes(update))
    return len(replaced)


def _decode(pdf_string):
    """The text of a PDF string literal or hex string (PDFDocEncoding read as Latin-1)."""
    if pdf_string.startswith("<"):
        raw = bytes.fromhex(re.sub(r"\s", "", pdf_string[1:-1]))
        return raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
    inner = pdf_string[1:-1]
    inner = re.sub(r"\\([0-7]{1,3})", lambda m: chr(int(m.group(1), 8)), inner)
    inner = re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), inner)
    if inner.encode("latin-1", "replace")[:2] == b"\xfe\xff":
        return inner.encode("latin-1")[2:].decode("utf-16-be")
    return inner


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
          f"{summary['playgrounds']} playground(s), {summary['solutions']} solutions opened, "
          f"{summary['wide_equations_scaled']} wide equations scaled to the text width, "
          f"{summary['bookmarks_retitled']} of {summary['headings']} bookmarks given their heading's text; "
          f"single page {built - start:.0f} s, printing {done - built:.0f} s")
    if size > MAX_BYTES:
        sys.exit(f"{args.output} is {size / 1e6:.1f} MB, over the 30 MB budget")


if __name__ == "__main__":
    main()
