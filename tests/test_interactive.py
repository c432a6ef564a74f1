"""helpers.interactive: the explorer's static frames, its HTML sliders and its live widget."""

import base64
import json
import re

import numpy as np
import pytest

from helpers.interactive import MAX_FRAMES, explore


def draw_line(fig, slope, style):
    ax = fig.subplots()
    ax.plot([0, 1], [0, slope], style)
    ax.set_ylim(-3, 3)


def embedded_data(html):
    return json.loads(re.search(r'class="nb-explorer-data">(.*?)</script>', html, re.S).group(1))


def test_one_frame_per_combination_all_different():
    explorer = explore(draw_line, slope=np.linspace(-2, 2, 3), style=["-", "--"])
    frames = explorer.frames()
    assert len(frames) == 6
    assert all(png.startswith(b"\x89PNG") for png in frames)
    assert len(set(frames)) == 6


def test_static_html_has_one_range_per_parameter_and_starts_at_initial():
    explorer = explore(draw_line, slope=[-2.0, 0.0, 2.0], style=["-", "--"], initial={"slope": 2.0, "style": "--"})
    html = explorer.to_html()
    ranges = re.findall(r'<input type="range" min="0" max="(\d+)" step="1" value="(\d+)"', html)
    assert ranges == [("2", "2"), ("1", "1")]
    data = embedded_data(html)
    assert data["names"] == ["slope", "style"] and data["labels"] == [["-2", "0", "2"], ["-", "--"]]
    # The picture shown first is the frame of the initial values: row-major index 2 * 2 + 1.
    first = re.search(r'<img class="nb-explorer-frame" src="data:image/png;base64,([^"]+)"', html).group(1)
    assert first == data["frames"][5]
    assert base64.b64decode(first) == explorer.render(slope=2.0, style="--")


def test_mime_bundle_carries_both_the_widget_and_the_static_html():
    bundle = explore(draw_line, slope=[1.0, 2.0], style=["-"])._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith('<div class="nb-explorer"')


def test_live_widget_redraws_when_a_slider_moves():
    calls = []

    def draw(fig, slope, style):
        calls.append((slope, style))
        draw_line(fig, slope, style)

    box = explore(draw, slope=[1.0, 2.0], style=["-", ":"]).widget()
    slope_slider, style_slider = box.children[:2]
    slope_slider.value = 2.0
    style_slider.value = ":"
    assert calls[-2:] == [(2.0, "-"), (2.0, ":")]


def test_initial_matches_logspace_values_despite_rounding():
    explorer = explore(draw_line, slope=np.logspace(-2, 0, 3), style=["-"], initial={"slope": 0.1})
    assert explorer.start["slope"] == 1


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        (dict(slope=range(MAX_FRAMES + 1), style=["-"]), ValueError, "more than max_frames"),
        (dict(slope=[], style=["-"]), ValueError, "'slope' has no values"),
        (dict(slope=[1.0], style=["-"], initial={"slope": 5.0}), ValueError, "not one of its values"),
        (dict(slope=[1.0], style=["-"], initial={"angle": 5.0}), ValueError, "not a parameter"),
        (dict(), ValueError, "at least one parameter"),
    ],
)
def test_bad_input_gets_a_clear_error(kwargs, error, words):
    with pytest.raises(error, match=words):
        explore(draw_line, **kwargs)


def test_draw_must_be_callable():
    with pytest.raises(TypeError, match="draw must be a callable"):
        explore("not a function", a=[1])
