"""Each raster image in the PDF edition with its resolution at its printed size.

    python benchmarks/pdf_figure_resolution.py [path/to/book.pdf]

Lists every image ``pdfimages -list`` (poppler) finds, with its page, its pixels and its
effective resolution where it is printed (x-ppi, y-ppi: pixels per inch of paper), then the
minimum and the median. Print wants about 200 to 300 ppi; a screen's 96 ppi looks soft.
Default: ``_build/html/book.pdf`` (``tools/build_pdf.py`` writes it there).
"""

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def images(pdf):
    """(page, width px, height px, x-ppi, y-ppi) of each image in ``pdf``, soft masks left out."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    found = []
    for row in listing[2:]:  # a header line and a rule
        # page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        cells = row.split()
        if cells[2] != "image":  # "smask" and "stencil" entries belong to an image
            continue
        found.append((int(cells[0]), int(cells[3]), int(cells[4]), int(cells[12]), int(cells[13])))
    return found


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    pdf = Path(argv[0]) if argv else ROOT / "_build" / "html" / "book.pdf"
    found = images(pdf)
    print(f"{pdf}: {len(found)} images")
    print(f"{'page':>5} {'pixels':>11} {'x-ppi':>6} {'y-ppi':>6}")
    for page, width, height, x_ppi, y_ppi in found:
        print(f"{page:5d} {f'{width}x{height}':>11} {x_ppi:6d} {y_ppi:6d}")
    if found:
        ppi = [min(x_ppi, y_ppi) for *_, x_ppi, y_ppi in found]
        print(f"ppi (the lesser of x and y): min {min(ppi)}, median {statistics.median(ppi):g}, "
              f"max {max(ppi)}")


if __name__ == "__main__":
    main()
