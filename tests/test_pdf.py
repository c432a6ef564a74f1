"""The PDF edition (tools/build_pdf.py): complete, typeset, within the page, and linked.

The PDF is the one the build made beside the HTML book (``book.pdf`` in the html_dir
fixture's folder, see tests/conftest.py), if it is newer than every page of that build;
otherwise it is built here, with tools/build_pdf.py, from this checkout (the single-page
build reuses the HTML build's execution cache, so no notebook runs again), into
``_build/html`` when that is the book under test and into a temporary folder when
BOOK_HTML names another. What the PDF must hold is read from the HTML book itself: its
headings, its questions, its explorers, its solutions. The text is read with poppler's
pdftotext, pdffonts and pdftohtml (Debian: ``apt-get install poppler-utils``).
"""

import html
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import build_pdf
import pytest
import yaml
from book_pages import pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
POPPLER = ("pdftotext", "pdffonts", "pdftohtml", "pdfimages")
RAW_SOURCE = (":::{", "```{", "{math}", "{ref}", "{numref}", "{eq}", "\\frac", "\\begin{", "\\mathrm", "\\sqrt")
TOLERANCE_PT = 1.0
# Print wants 200 to 300 pixels per inch of paper; a screen's 96 look soft on paper.
MIN_PPI = 200


def need_tools():
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if build_pdf.find_chromium() is None:
        missing.append("chromium")
    if missing:
        message = f"the PDF tests need {', '.join(missing)} (Debian: apt-get install poppler-utils chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run them")
        pytest.skip(message)


@pytest.fixture(scope="session")
def pdf(html_dir, tmp_path_factory):
    """The PDF edition of the book under test (made by its build, or built here)."""
    need_tools()
    made = html_dir / "book.pdf"
    newest_page = max(p.stat().st_mtime for p in pages(html_dir))
    if made.is_file() and made.stat().st_mtime >= newest_page:
        return made
    output = made if html_dir.resolve() == (ROOT / "_build" / "html").resolve() else (
        tmp_path_factory.mktemp("pdf") / "book.pdf")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_pdf.py"), "--output", str(output)],
                            capture_output=True, text=True, cwd=ROOT, timeout=1200, check=False)
    assert result.returncode == 0, f"tools/build_pdf.py failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return output


def normalize(text):
    """Text as compared here: NFKC (ligatures and superscripts spelled out), one space between words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def squash(text):
    """Text without spaces and hyphens: pdftotext joins "cross-" at a line's end and "entropy" into
    "crossentropy", and a bookmark or a table cell may break a line where the HTML has none."""
    return re.sub(r"[\s\-\u00ad]+", "", normalize(text))


@pytest.fixture(scope="session")
def pdf_pages(pdf):
    """The PDF's text, page by page (pdftotext; pages end with form feeds)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@pytest.fixture(scope="session")
def pdf_text(pdf_pages):
    return normalize(" ".join(pdf_pages))


# Only a browser can do these, so the PDF leaves them out (tools/pdf_edition.js, step 0): the
# Practice page, and the landing page's section with the reader's progress.
WEB_ONLY_PAGES = {"practice.html"}
WEB_ONLY_HEADINGS = {"Your progress"}


def book_order():
    """The book's pages in reading order, from _toc.yml: (docname, html path relative to the build)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    return [name + ".html" for name in names if name + ".html" not in WEB_ONLY_PAGES]


def article(page_html):
    start = page_html.find('<article class="bd-article"')
    return page_html[start:page_html.find("</article>", start)]


def plain(fragment):
    """The text of an HTML fragment: tags dropped, entities decoded, permalink signs removed."""
    fragment = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", fragment, flags=re.DOTALL)
    return normalize(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


def headings(page_html):
    """Every heading of a page's article, as its text pieces outside math (math is typeset in the PDF)."""
    found = []
    for match in re.finditer(r"<h([1-6])[^>]*>(.*?)</h\1>", article(page_html), flags=re.DOTALL):
        pieces = re.split(r'<span class="math[^"]*">.*?</span>', match.group(2), flags=re.DOTALL)
        found.append([piece for piece in (plain(p) for p in pieces) if piece])
    return [pieces for pieces in found if " ".join(pieces) not in WEB_ONLY_HEADINGS]


def chapter_pages(html_dir):
    """(title, page HTML) of the notation page and every chapter, in the book's order."""
    result = []
    for relative in book_order()[1:]:
        text = (html_dir / relative).read_text(encoding="utf-8")
        result.append((" ".join(headings(text)[0]), text))
    return result


def questions(page_html):
    return [json.loads(m) for m in re.findall(r'<script type="application/json" class="sc-data">(.*?)</script>',
                                               page_html, flags=re.DOTALL)]


def test_under_30_megabytes(pdf):
    assert pdf.stat().st_size < 30 * 1024 * 1024, f"{pdf} is {pdf.stat().st_size / 1e6:.1f} MB"


def test_every_font_is_embedded(pdf):
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows, "pdffonts lists no font"
    # columns: name, type (may hold spaces), encoding, emb, sub, uni, object, generation
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, "fonts not embedded:\n" + "\n".join(not_embedded)


def test_every_title_and_heading_is_in_the_text(pdf_text, html_dir):
    missing, text = [], squash(pdf_text)
    for relative in book_order():
        for pieces in headings((html_dir / relative).read_text(encoding="utf-8")):
            missing += [f"{relative}: {piece}" for piece in pieces if squash(piece) not in text]
    assert not missing, "headings missing from the PDF:\n" + "\n".join(missing)


def test_each_chapter_starts_a_page_in_the_book_order(pdf_pages, html_dir):
    starts = []
    for title, _ in chapter_pages(html_dir):
        # the first lines of the page, after the running header: the chapter's title
        found = [n for n, page in enumerate(pdf_pages) if squash(title) in squash(" ".join(page.strip().splitlines()[1:4]))]
        assert found, f"no page starts with the chapter {title!r}"
        starts.append(found[0])
    assert starts == sorted(starts), f"chapters out of order: pages {starts}"


def test_what_only_a_browser_can_do_is_left_out(pdf_text):
    for words in ("Forget all my progress", "Your progress", "The table of your progress needs JavaScript"):
        assert squash(words) not in squash(pdf_text), words


def test_no_raw_myst_or_latex_source(pdf_text):
    shown = [marker for marker in RAW_SOURCE if marker in pdf_text]
    assert not shown, f"raw source in the PDF's text: {shown}"


def test_no_text_runs_past_the_margins(pdf):
    """No word (code included) lies outside the text block: wrapped or fitted, never clipped."""
    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    margin = build_pdf.MARGIN_MM / 25.4 * 72
    outside = []
    for number, page in enumerate(re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', layout, re.DOTALL), 1):
        width = float(page[0])
        for x_min, x_max, word in re.findall(r'<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)" '
                                            r'yMax="[\d.-]+">(.*?)</word>', page[1]):
            word = html.unescape(word)
            if all(unicodedata.category(c) == "Co" for c in word):
                continue  # pieces of MathJax's stretched brackets and braces (private-use glyphs), scaled
            if float(x_min) < margin - TOLERANCE_PT or float(x_max) > width - margin + TOLERANCE_PT:
                outside.append(f"page {number}: {word!r} at x = {float(x_min):.0f} to {float(x_max):.0f} pt")
    assert not outside, f"{len(outside)} words outside the text block, e.g.:\n" + "\n".join(outside[:20])


def test_bookmarks_hold_every_chapter(pdf, html_dir):
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    outline = normalize(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(re.findall(r"<outline>.*</outline>", xml, re.DOTALL)))))
    missing = [title for title, _ in chapter_pages(html_dir) if title not in outline]
    assert outline and not missing, f"chapters missing from the PDF's bookmarks: {missing}"


def test_answers_sections_hold_every_question(pdf_text, html_dir):
    """Each chapter ends with the answers to its questions: prompt, answer and explanation of each."""
    chapters = chapter_pages(html_dir)
    asked = 0
    for k, (title, page_html) in enumerate(chapters):
        chapter_questions = questions(page_html)
        if not chapter_questions:
            continue
        number = title.split(".")[0]
        heading = f"Answers to the check-yourself questions of chapter {number}"
        assert heading in pdf_text, f"no answers section for {title!r}"
        start = pdf_text.index(heading)
        end = pdf_text.find(chapters[k + 1][0], start) if k + 1 < len(chapters) else len(pdf_text)
        section = pdf_text[start:end]
        for q in chapter_questions:
            prompt, explanation = q["prompt"].replace("`", ""), q["explanation"].replace("`", "")
            assert squash(prompt) in squash(section), f"{title}: question not answered: {prompt!r}"
            assert squash(explanation) in squash(section), f"{title}: explanation missing: {explanation!r}"
        assert section.count("Answer:") == len(chapter_questions), f"{title}: answers and questions differ in number"
        asked += len(chapter_questions)
    assert asked > 0, "the book has no check-yourself questions to answer"


def test_moving_parts_are_printed_at_their_start(pdf_text, html_dir):
    """Every explorer and playground has its note, every solution and Your-turn stub is printed."""
    book = "".join(p.read_text(encoding="utf-8") for p in pages(html_dir))
    # the root of each explorer (explorer.js, inlined beside it, names the class in a comment)
    explorers = len(re.findall(r'<div class="nb-explorer" id="', book))
    playgrounds = len(re.findall(r"<div class=\"lp\"[^>]* data-playground", book))
    solutions = len(re.findall(r'<div class="solution[ "]', book))
    stubs = book.count("your code here")
    assert explorers and pdf_text.count("Explorer, printed at ") == explorers
    assert pdf_text.count("Loss playground, printed at its start.") == playgrounds
    assert solutions and pdf_text.count("Solution to") >= solutions
    assert stubs and pdf_text.count("your code here") >= stubs


def test_every_image_is_sharp_at_its_printed_size(pdf):
    """Every raster image (figures, explorer frames) has at least MIN_PPI pixels per inch of paper."""
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    # columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    found = [row.split() for row in rows if row.split()[2] == "image"]  # not an image's soft mask
    soft = [f"page {c[0]}: {c[3]}x{c[4]} px at {c[12]} x {c[13]} ppi" for c in found
            if min(int(c[12]), int(c[13])) < MIN_PPI]
    assert found, "pdfimages lists no image: the figures are missing"
    assert not soft, f"{len(soft)} of {len(found)} images under {MIN_PPI} ppi:\n" + "\n".join(soft)


def test_the_html_book_links_the_pdf(html_dir):
    """The download menu of every page of the book links book.pdf, by a link that works from file://."""
    unlinked = []
    for path in (html_dir / relative for relative in book_order()):
        links = re.findall(r'href="([^"]*book\.pdf)"', path.read_text(encoding="utf-8"))
        if not links or any((path.parent / link).resolve() != (html_dir / "book.pdf").resolve() for link in links):
            unlinked.append(f"{path.relative_to(html_dir)}: {links}")
    assert not unlinked, "pages without a working link to book.pdf:\n" + "\n".join(unlinked)
