"""Frames per second of the book's explorers, before and after the fast paths, in one run.

    python benchmarks/bench_frames.py [--before REV] [--old-explorers REV0] [--rounds N] [--save DIR] [chapter ...]

Each chapter's code cells run in this process (cells tagged ``raises-exception`` may raise)
up to its last ``explore(...)`` call, which is caught: the benchmark gets the chapter's own
``draw`` or ``setup`` functions and slider values. Every explorer then draws all its frames
twice per round:

* **before**: the chapter as it was at ``REV`` (by default the last commit before the chapters
  used ``explore(setup=...)``: every explorer a ``draw`` function), drawn with
  ``helpers/interactive.py`` as it was at ``REV0`` (by default the commit before any fast path:
  a fresh constrained-layout figure per frame, saved to PNG, decoded, quantised), imported from
  a temporary file as ``helpers._interactive_before``;
* **after**: the working tree's chapter and ``helpers.interactive``.

The two alternate, round by round, so that the machine's load falls on both alike. Printed per
explorer: frames, the best round's frames per second by process CPU time and by wall-clock,
their ratios, how the frames were drawn (laid out afresh, on a reused layout, or blitted), and
how the pictures compare (frames decoded to RGB: how many are pixel-identical, and the largest
mean absolute difference in 0-255 levels). ``--save DIR`` writes, per explorer, the starting
frame and the frame that differs most, before and after, side by side, to look at.

Timings are noisy on a shared machine: printed, never asserted. CPU time is the steadier
number when other processes load the cores; wall-clock is what a build waits for.
"""

import argparse
import contextlib
import importlib.util
import io
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "chapters")]

import helpers.interactive as after  # noqa: E402

OLD_EXPLORERS_REV = "710c65a"  # the last commit before any fast path in helpers/interactive.py
BEFORE_REV = "e6985a4"  # the last commit whose chapters drew every frame with a draw function


def load_before(rev):
    """helpers/interactive.py at ``rev``, imported as a module of the helpers package."""
    source = subprocess.run(["git", "show", f"{rev}:helpers/interactive.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "interactive_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("helpers._interactive_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chapter_explorers(chapter, rev=None):
    """Run a chapter's code cells (the working tree's, or at ``rev``) up to its last explorer.

    Returns the chapter's name and one dict of ``explore`` keywords per explorer (``draw`` among them).
    """
    path = next((ROOT / "chapters").glob(f"{chapter}*.ipynb"))
    if rev is None:
        notebook = nbformat.read(path, as_version=4)
    else:
        source = subprocess.run(["git", "show", f"{rev}:chapters/{path.name}"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
        notebook = nbformat.reads(source, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    explorer_cells = [i for i, c in enumerate(cells) if "explore(" in c.source]
    if not explorer_cells:
        return path.stem, []
    found, real = [], after.explore

    def capture(draw=None, **keywords):
        found.append({"draw": draw, **keywords})

    after.explore = capture
    namespace, cwd = {"__name__": "__main__"}, os.getcwd()
    os.chdir(path.parent)
    try:
        for cell in cells[: explorer_cells[-1] + 1]:
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(cell.source, str(path), "exec"), namespace)
            except Exception:
                if "raises-exception" not in cell.metadata.get("tags", []):
                    raise
    finally:
        os.chdir(cwd)
        after.explore = real
    import matplotlib.pyplot as plt

    plt.close("all")
    return path.stem, found


def timed_frames(module, keywords):
    """Draw every frame with ``module.explore``: (frames, CPU seconds, wall seconds, explorer)."""
    keywords = dict(keywords)
    draw = keywords.pop("draw")
    cpu, wall = cpu_seconds(), time.perf_counter()
    explorer = module.explore(draw, **keywords) if draw is not None else module.explore(**keywords)
    frames = explorer.frames()
    return frames, cpu_seconds() - cpu, time.perf_counter() - wall, explorer


def cpu_seconds():
    """CPU time of this process and of its finished child processes (frames drawn in parallel)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def rgb(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)


def side_by_side(before_png, after_png):
    left, right = Image.open(io.BytesIO(before_png)).convert("RGB"), Image.open(io.BytesIO(after_png)).convert("RGB")
    both = Image.new("RGB", (left.width + right.width + 10, max(left.height, right.height)), "red")
    both.paste(left, (0, 0))
    both.paste(right, (left.width + 10, 0))
    return both


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", default=["01", "02", "03", "04", "05", "06"])
    parser.add_argument("--before", default=BEFORE_REV, help="git revision of the 'before' chapters")
    parser.add_argument("--old-explorers", default=OLD_EXPLORERS_REV, help="git revision of the 'before' interactive.py")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--save", type=Path, help="folder for before/after comparison images")
    args = parser.parse_args()
    before = load_before(args.old_explorers)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)

    totals = np.zeros(4)  # CPU before, CPU after, wall before, wall after (best rounds, summed)
    print(f"load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores; before = chapters at {args.before}, "
          f"interactive.py at {args.old_explorers}")
    print(f"{'explorer':42s} {'frames':>6s}  {'CPU fps before/after':>20s} {'ratio':>6s}  "
          f"{'wall fps before/after':>21s} {'ratio':>6s}  reused  blitted  identical  max diff")
    for chapter in args.chapters:
        stem, explorers = chapter_explorers(chapter)
        _, explorers_before = chapter_explorers(chapter, args.before)
        for keywords_before, keywords in zip(explorers_before, explorers, strict=True):
            best = {"before": [np.inf, np.inf], "after": [np.inf, np.inf]}
            for _ in range(args.rounds):
                for name, module, kw in (("before", before, keywords_before), ("after", after, keywords)):
                    frames, cpu, wall, explorer = timed_frames(module, kw)
                    best[name] = [min(best[name][0], cpu), min(best[name][1], wall)]
                    if name == "before":
                        before_frames = frames
                    else:
                        after_frames, counts = frames, explorer._layout_counts()
            n = len(after_frames)
            diffs = [np.abs(rgb(b) - rgb(a)).mean() if b != a else 0.0 for b, a in zip(before_frames, after_frames)]
            identical = sum(d == 0 for d in diffs)
            (cb, wb), (ca, wa) = best["before"], best["after"]
            totals += [cb, ca, wb, wa]
            label = f"{stem[:3]}{(keywords['draw'] or keywords['setup']).__name__}"
            print(f"{label:42s} {n:6d}  {n / cb:9.1f} {n / ca:9.1f}  {cb / ca:5.1f}x  {n / wb:10.1f} {n / wa:9.1f}  "
                  f"{wb / wa:5.1f}x  {counts['reused layout']:6d}  {counts['blitted']:7d}  {identical:9d}  "
                  f"{max(diffs):8.2f}")
            if args.save:
                start = explorer._start_index()
                worst = int(np.argmax(diffs))
                for tag, i in (("start", start), ("most-different", worst)):
                    side_by_side(before_frames[i], after_frames[i]).save(args.save / f"{label}-{tag}-{i}.png")
    cb, ca, wb, wa = totals
    print(f"{'all explorers':42s} {'':6s}  {'seconds':>9s} {cb:5.1f} {ca:5.1f}  {cb / ca:5.1f}x  "
          f"{'seconds':>10s} {wb:5.1f} {wa:5.1f}  {wb / wa:5.1f}x")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
