"""What a reader of the built book sees of the code: per chapter page, in Chromium.

Prints, for each chapter at a 1280 px wide window: the visible code cells, how many of them
scroll sideways (their code is wider than the column), and the visible assert /
np.testing lines (folded checks are not visible until opened).

    python benchmarks/reading_measure.py [_build/html]
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from book_pages import open_page
from conftest import find_chromium

COUNT_JS = """() => {
  const visible = [...document.querySelectorAll("div.cell div.cell_input pre")]
    .filter((pre) => pre.offsetParent !== null && !pre.closest("details:not([open])"));
  const scrolling = visible.filter((pre) => pre.scrollWidth > pre.clientWidth + 1);
  const lines = visible.flatMap((pre) => pre.innerText.split("\\n"));
  return {cells: visible.length, scrolling: scrolling.length, lines};
}"""
CHECK = re.compile(r"\s*(assert\b|np\.testing\.)")


def main(html_dir):
    chapters = sorted((Path(html_dir).resolve() / "chapters").glob("*.html"))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_chromium(), args=["--no-sandbox"]
        )
        header = f"{'chapter':32s} {'visible cells':>13s} {'scroll sideways':>15s} {'assert lines':>12s}"
        print(header)
        for path in chapters:
            page, _ = open_page(browser, path)
            page.set_viewport_size({"width": 1280, "height": 900})
            found = page.evaluate(COUNT_JS)
            asserts = sum(bool(CHECK.match(line)) for line in found["lines"])
            print(
                f"{path.stem:32s} {found['cells']:13d} {found['scrolling']:15d} {asserts:12d}"
            )
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
