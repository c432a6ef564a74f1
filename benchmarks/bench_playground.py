"""Time one update of chapter 3's loss playground in headless Chromium, and print ms per update.

    python benchmarks/bench_playground.py [path/to/chromium]

The playground (``helpers.interactive.loss_playground``) is written to a standalone page in a
temporary folder and opened from file:// with Playwright, for the chapter's data (three
Gaussian clouds of 100 points) and for 1,000 and 10,000 points from the same clouds. Three
measurements each, all in the page's own clock (``performance.now()``):

* an update: ``setState({W})`` with a new classifier recomputes every score, loss and
  gradient and redraws the regions, the points, the arrows, the sliders and the totals (the
  DOM writes); then style and layout are forced;
* a slider move: the ``input`` event of class 0's angle slider, as a reader makes it (the
  handler also moves the other controls), then forced layout;
* frames: the slider moved once per animation frame for 120 frames; the median interval
  between frames, and how many exceeded 20 ms (a dropped frame at 60 Hz), paint included;
  beside it, a baseline: the same count for 120 frames that change one line of text each.
  Frame drops depend on the machine's load; the main thread's busy time per frame (script,
  style, layout and paint recording: Chrome's TaskDuration, read over the DevTools protocol)
  depends less on it, and is printed for both runs too; a Chrome trace of the same 120
  frames splits the CPU time per frame into script, style and layout, paint and commit (main
  thread) and raster (raster threads): the sum is the work one frame costs, load aside.

The budget (DESIGN.md) is one frame, 16 ms, for the chapter's data. Timings are wall-clock and
noisy on a loaded machine: printed, never asserted.
"""

import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from helpers.interactive import loss_playground

CENTERS = np.array([[0.0, 2.2], [-2.0, -1.2], [2.0, -1.2]])
ROOT = "document.querySelector('[data-playground]')"

UPDATES = f"""n => {{
  const root = {ROOT}, p = root.playground, t = [];
  for (let i = 0; i < n; i++) {{
    const W = p.getState().W; const a = 0.01 * (i + 1);   // a new classifier each time
    W[0] = [W[0][0] * Math.cos(a) - W[0][1] * Math.sin(a), W[0][0] * Math.sin(a) + W[0][1] * Math.cos(a)];
    const t0 = performance.now();
    p.setState({{W: W}});          // recompute and redraw (and move the sliders to match)
    document.body.offsetHeight;   // force style and layout
    t.push(performance.now() - t0);
  }}
  return t;
}}"""

SLIDER = f"""n => {{
  const root = {ROOT}, input = root.querySelector('input[id$="-angle0"]'), t = [];
  for (let i = 0; i < n; i++) {{
    input.value = String(-180 + (i * 7) % 360);
    const t0 = performance.now();
    input.dispatchEvent(new Event('input', {{bubbles: true}}));
    document.body.offsetHeight;
    t.push(performance.now() - t0);
  }}
  return t;
}}"""

FRAMES = f"""([n, move]) => new Promise(resolve => {{
  const root = {ROOT}, input = root.querySelector('input[id$="-angle0"]'), stamps = [];
  const status = root.querySelector('.lp-status');
  let i = 0;
  function frame(now) {{
    stamps.push(now);
    if (i++ >= n) {{
      const gaps = stamps.slice(1).map((s, k) => s - stamps[k]);
      resolve(gaps);
      return;
    }}
    if (move) {{
      input.value = String(-180 + (i * 7) % 360);
      input.dispatchEvent(new Event('input', {{bubbles: true}}));
    }} else {{
      status.textContent = 'frame ' + i;   // a trivial change: the frame is still painted
    }}
    requestAnimationFrame(frame);
  }}
  requestAnimationFrame(frame);
}})"""


def frames(page, cdp, *, move, n_frames=120):
    """Frame intervals, and the main thread's busy time per frame (Chrome's TaskDuration)."""
    def busy():
        return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}["TaskDuration"]
    before = busy()
    gaps = page.evaluate(FRAMES, [n_frames, move])
    return gaps, (busy() - before) * 1000 / n_frames


# Chrome trace events per stage of a frame (main thread, then the raster threads).
STAGES = {"script": ("FunctionCall",), "style and layout": ("UpdateLayoutTree", "Layout"),
          "paint and commit": ("PrePaint", "Paint", "Layerize", "Commit"), "raster": ("RasterTask",)}


def traced_frames(browser, page, folder, n_frames=120):
    """CPU time per frame in each stage, from a Chrome trace of n_frames slider moves."""
    trace = Path(folder) / "trace.json"
    browser.start_tracing(page=page, path=str(trace), categories=["devtools.timeline", "disabled-by-default-devtools.timeline"])
    page.evaluate(FRAMES, [n_frames, True])
    browser.stop_tracing()
    events = json.loads(trace.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    spent = {stage: 0.0 for stage in STAGES}
    for event in events:
        if event.get("ph") == "X":
            for stage, names in STAGES.items():
                if event.get("name") in names:
                    spent[stage] += event.get("dur", 0) / 1000 / n_frames
    return spent


def clouds(n_points, seed=0):
    rng = np.random.default_rng(seed)
    per_class = np.diff(np.linspace(0, n_points, 4).round().astype(int))
    X = np.concatenate([rng.normal(c, 1.0, size=(m, 2)) for c, m in zip(CENTERS, per_class)])
    return X, np.repeat([0, 1, 2], per_class)


def find_chromium(given):
    for candidate in (given, "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("no Chromium found: pass its path as the first argument")


def percentile(values, q):
    return float(np.percentile(values, q))


def main():
    executable = find_chromium(sys.argv[1] if len(sys.argv) > 1 else None)
    cases = [("chapter 3's data", 300), ("1,000 points", 1000), ("10,000 points", 10_000)]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        print(f"Chromium {browser.version}; ms per update, median (95th percentile)")
        for name, n_points in cases:
            X, y = clouds(n_points)
            W = np.column_stack([np.cos(np.radians([330.0, 90.0, 210.0])), np.sin(np.radians([330.0, 90.0, 210.0]))])
            path = loss_playground(X, y, W, np.zeros(3)).save(Path(folder) / f"playground-{n_points}.html")
            page = browser.new_page(viewport={"width": 1000, "height": 1100})
            page.goto(path.as_uri())
            page.wait_for_selector("[data-playground].lp-ready")
            page.evaluate(UPDATES, 20)  # warm up the JIT
            updates = page.evaluate(UPDATES, 200)
            slider = page.evaluate(SLIDER, 200)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            gaps, main_ms = frames(page, cdp, move=True)
            idle, idle_ms = frames(page, cdp, move=False)   # one line of text changed per frame: the machine's own noise
            stages = traced_frames(browser, page, folder)
            page.close()
            print(f"{name:>17} (n = {n_points:>6,}): update {statistics.median(updates):6.2f} ms "
                  f"({percentile(updates, 95):6.2f}); slider move {statistics.median(slider):6.2f} ms "
                  f"({percentile(slider, 95):6.2f})\n{'':>30}frames: median interval {statistics.median(gaps):5.1f} ms, "
                  f"{sum(g > 20 for g in gaps)} of {len(gaps)} over 20 ms (baseline {sum(g > 20 for g in idle)}); "
                  f"main thread {main_ms:.1f} ms per frame (baseline {idle_ms:.1f})")
            print(f"{'':>30}CPU per frame, traced: " + ", ".join(f"{k} {v:.2f} ms" for k, v in stages.items())
                  + f"; total {sum(stages.values()):.1f} ms")
        browser.close()
    print("budget: one frame (16 ms) for the chapter's data")


if __name__ == "__main__":
    main()
