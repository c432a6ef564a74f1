"""Chapter 6's PyTorch cells in the built book: real outputs wherever torch is installed.

The published book is built with torch's CPU build (.ci/run installs it into the README's
environment before the build), so chapter 6 shows what PyTorch computed. A book built without
torch prints SKIPPED in those cells: fine where torch is missing, a failure where torch is
importable, because the page would then show checks that ran nowhere the reader can see.
The book comes from the html_dir fixture (tests/conftest.py): the build BOOK_HTML names, or
a strict build from clean. Only the cells' outputs are read: the word SKIPPED is also in the
cells' code.
"""

import importlib.util
from html.parser import HTMLParser

import pytest

PAGE = "chapters/06_ragged_reductions.html"
# One line printed by each PyTorch cell that prints (chapter 6, section "In PyTorch").
TORCH_OUTPUTS = (
    "is installed: the PyTorch cells run.",
    "PyTorch losses and per-item centroids match NumPy on the planted batch.",
    "scatter_reduce(reduce='mean') gives the same centroids.",
    "relative error of autograd's gradient against the numerical one:",
)


class CellOutputs(HTMLParser):
    """The text of each cell output (myst-nb's div.cell_output) of a page, in order."""

    def __init__(self):
        super().__init__()
        self.outputs = []
        self._depth = 0  # how many divs deep inside the current cell output (0: outside)

    def handle_starttag(self, tag, attrs):
        if tag != "div":
            return
        if self._depth:
            self._depth += 1
        elif "cell_output" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.outputs.append("")

    def handle_endtag(self, tag):
        if tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.outputs[-1] += data


def cell_outputs(html):
    parser = CellOutputs()
    parser.feed(html)
    return parser.outputs


def test_cell_outputs_reads_outputs_and_not_code():
    html = (
        '<div class="cell docutils container">'
        '<div class="cell_input docutils container"><pre>print("SKIPPED")</pre></div>'
        '<div class="cell_output docutils container"><div class="output stream">'
        "<pre>torch 2.13.0 is installed</pre></div></div>"
        '<div class="cell_output docutils container"><div><pre>second</pre></div>after</div>'
        "</div><p>not an output</p>"
    )
    assert cell_outputs(html) == ["torch 2.13.0 is installed", "secondafter"]


@pytest.fixture(scope="module")
def chapter_6_outputs(html_dir):
    page = html_dir / PAGE
    assert page.is_file(), f"no {PAGE} in the built book {html_dir}"
    outputs = cell_outputs(page.read_text(encoding="utf-8"))
    # The reader finds the page's outputs: the toy batch's losses are printed first.
    assert any("loss per item:" in text for text in outputs), "no cell outputs found"
    return outputs


def test_torch_cells_show_real_outputs_where_torch_is_importable(chapter_6_outputs):
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is not installed here, so the book may say SKIPPED")
    skipped = [text.strip()[:120] for text in chapter_6_outputs if "SKIPPED" in text]
    assert not skipped, (
        f"{PAGE} says SKIPPED while torch is importable: build the book in an "
        f"environment with torch (see the README's PyTorch paragraph):\n{skipped}"
    )
    missing = [
        line
        for line in TORCH_OUTPUTS
        if not any(line in text for text in chapter_6_outputs)
    ]
    assert not missing, f"{PAGE} lacks the output of the PyTorch cells: {missing}"
