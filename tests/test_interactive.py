"""helpers.interactive: the explorer's static frames, its HTML sliders and its live widget."""

import base64
import io
import itertools
import json
import re

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from helpers import interactive
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


# The draw path reuses one figure, laid out once (the setup path is tested below). Each frame
# must look like the plain way of drawing it: a fresh constrained-layout figure, saved to PNG
# and quantised to the same palette (what helpers.interactive did before the fast path).


def plain_rgb(draw, values, figsize=(6.4, 4.0), dpi=80):
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    draw(fig, **values)
    saved = io.BytesIO()
    fig.savefig(saved, format="png")
    palette = Image.open(saved).convert("RGB").quantize(colors=64)
    return np.asarray(palette.convert("RGB")).astype(int)


def rgb(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def assert_looks_plain(explorer):
    """Every frame within a small mean difference of its plain drawing (0-255 levels)."""
    combos = [dict(zip(explorer.names, c)) for c in itertools.product(*explorer.values.values())]
    for values, png in zip(combos, explorer.frames()):
        difference = np.abs(rgb(png) - plain_rgb(explorer.draw, values)).mean()
        assert difference < 0.5, (values, difference)


def draw_curve_and_colorbar(fig, amplitude, title):
    ax = fig.subplots()
    x = np.linspace(0, 1, 50)
    shown = ax.scatter(x, amplitude * np.sin(6 * x), c=x)
    ax.set_ylim(-3, 3)
    ax.set_xlabel("x")
    ax.set_title(title)
    ax.legend(["points"], loc="upper right")
    fig.colorbar(shown, ax=ax, label="x")
    fig.suptitle(f"amplitude {amplitude}")


def test_frames_reuse_one_layout_and_look_like_plain_drawings():
    explorer = explore(draw_curve_and_colorbar, amplitude=[0.5, 1.0, 2.0], title=["short", "a longer title"])
    assert_looks_plain(explorer)
    assert explorer._layout_counts() == {"laid out": 1, "reused layout": 5, "own layout engine": 0, "blitted": 0}


def draw_changing(fig, n_axes, scale):
    axes = np.atleast_1d(fig.subplots(1, n_axes))
    for ax in axes:
        ax.plot([0, 1], [0, scale])   # scale 1e6: tick labels far wider than at scale 1
        ax.set_ylabel("value")


def test_frames_that_do_not_fit_the_layout_are_laid_out_afresh():
    # The starting frame (1 axes, scale 1) lends its layout; 2 axes differ in structure, and
    # scale 1e6 has wider tick labels than the layout leaves room for: both laid out afresh.
    explorer = explore(draw_changing, n_axes=[1, 2], scale=[1, 1e6])
    assert_looks_plain(explorer)
    assert explorer._layout_counts() == {"laid out": 4, "reused layout": 0, "own layout engine": 0, "blitted": 0}


def test_a_layout_engine_chosen_by_draw_is_kept():
    def draw(fig, slope):
        fig.set_layout_engine("none")
        fig.subplots().plot([0, 1], [0, slope])

    explorer = explore(draw, slope=[1.0, 2.0])
    assert_looks_plain(explorer)
    assert explorer._layout_counts()["own layout engine"] == 2


def test_changes_draw_makes_to_the_figure_do_not_leak_into_the_next_frame():
    def draw(fig, colour):
        if colour == "grey":
            fig.set_facecolor("0.5")
            fig.set_size_inches(3, 2)
        fig.subplots().plot([0, 1])

    explorer = explore(draw, colour=["white", "grey", "white"])
    white, grey, white_again = explorer.frames()
    assert white == white_again and rgb(grey).shape == (160, 240, 3)


def test_frames_are_the_same_drawn_together_and_one_by_one():
    values = [(s, st) for s in np.linspace(-2, 2, 5) for st in ["-", ":"]]
    together = explore(draw_line, slope=np.linspace(-2, 2, 5), style=["-", ":"], initial={"slope": 1.0}).frames()
    one_by_one = explore(draw_line, slope=np.linspace(-2, 2, 5), style=["-", ":"], initial={"slope": 1.0})
    assert [one_by_one.render(slope=s, style=st) for s, st in values] == together


# The setup path: setup(fig) draws what frames share, update(**values) changes some artists
# and returns them, and only those are drawn again (blitting).


def setup_curve_and_colorbar(fig):
    """The same figure as draw_curve_and_colorbar, made once and updated."""
    ax = fig.subplots()
    x = np.linspace(0, 1, 50)
    shown = ax.scatter(x, 0 * x, c=x)
    ax.set_ylim(-3, 3)
    ax.set_xlabel("x")
    ax.legend(["points"], loc="upper right")
    fig.colorbar(shown, ax=ax, label="x")
    title, suptitle = ax.set_title(" "), fig.suptitle(" ")

    def update(amplitude, title_text):
        shown.set_offsets(np.column_stack([x, amplitude * np.sin(6 * x)]))
        title.set_text(title_text)
        suptitle.set_text(f"amplitude {amplitude}")
        return [shown, title, suptitle]

    return update


def test_blitted_frames_look_like_plain_drawings():
    explorer = explore(setup=setup_curve_and_colorbar, amplitude=[0.5, 1.0, 2.0], title_text=["short", "a longer title"])
    combos = [dict(zip(explorer.names, c)) for c in itertools.product(*explorer.values.values())]
    for values, png in zip(combos, explorer.frames()):
        plain = plain_rgb(draw_curve_and_colorbar, {"amplitude": values["amplitude"], "title": values["title_text"]})
        assert np.abs(rgb(png) - plain).mean() < 0.5, values
    assert explorer._layout_counts()["blitted"] == 6 + 1  # and the check's frame


def test_blitted_frames_match_render_and_the_frame_list_is_kept():
    explorer = explore(setup=setup_curve_and_colorbar, amplitude=[0.5, 1.0], title_text=["a", "b"])
    frames = explorer.frames()
    assert explorer.frames() is frames
    assert explorer.render(amplitude=1.0, title_text="a") == frames[2]
    assert len(set(frames)) == 4


def test_update_may_replace_artists_it_adds():
    def setup(fig):
        ax = fig.subplots()
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        added = []

        def update(level):
            for artist in added:
                artist.remove()
            added[:] = [ax.axhline(level), ax.text(0.1, level, f"level {level}")]
            return added

        return update

    frames = explore(setup=setup, level=[0.2, 0.5, 0.8]).frames()
    assert len(set(frames)) == 3


def test_an_artist_changed_but_not_returned_is_an_error():
    def setup(fig):
        ax = fig.subplots()
        ax.set_ylim(-3, 3)
        line, = ax.plot([0, 1], [0, 0])
        title = ax.set_title(" ")

        def update(slope):
            line.set_ydata([0, slope])
            title.set_text(f"slope {slope}")
            return [line]  # the title is missing

        return update

    with pytest.raises(ValueError, match="changed an artist it did not return"):
        explore(setup=setup, slope=[1.0, 2.0]).frames()


@pytest.mark.parametrize("moved_by", ["slope", "name"])
def test_the_check_moves_every_slider(moved_by):
    # only one slider changes the title, which update does not return: the check must see it
    def setup(fig):
        ax = fig.subplots()
        line, = ax.plot([0, 1], [0, 0])
        ax.set_ylim(-3, 3)
        title = ax.set_title(" ")

        def update(slope, name):
            line.set_ydata([0, 1])
            title.set_text({"slope": f"slope {slope}", "name": name}[moved_by])
            return [line]

        return update

    with pytest.raises(ValueError, match="did not return"):
        explore(setup=setup, slope=[1.0, 2.0], name=["a", "b", "c"], initial={"name": "c"}).frames()


def test_changed_axis_limits_are_an_error():
    def setup(fig):
        ax = fig.subplots()
        line, = ax.plot([0, 1], [0, 0])

        def update(top):
            line.set_ydata([0, top])
            ax.set_ylim(0, top)       # the ticks are in the background: they would not follow
            return [line]

        return update

    with pytest.raises(ValueError, match="axis limits"):
        explore(setup=setup, top=[1.0, 2.0]).frames()


def test_returned_artists_are_drawn_in_zorder_like_funcanimation():
    # the red square is returned first but has the higher zorder: it must cover the blue one
    def setup(fig):
        ax = fig.subplots()
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 3)
        red = ax.add_patch(Rectangle((0.5, 0.5), 1.5, 1.5, color="red", zorder=3))
        blue = ax.add_patch(Rectangle((1, 1), 1.5, 1.5, color="blue", zorder=2))

        def update(shift):
            blue.set_x(1 + shift)
            return [red, blue]

        return update

    explorer = explore(setup=setup, shift=[0.0, 0.1], figsize=(3, 3), dpi=50)
    picture = rgb(explorer.frames()[0])
    ax = explorer._painter.fig.axes[0]
    x, y = ax.transData.transform((1.75, 1.75))          # inside both squares
    red_there = picture[picture.shape[0] - int(y), int(x)]
    assert red_there[0] > 200 and red_there[2] < 50, red_there


def test_a_returned_image_is_not_in_the_background():
    # A half-transparent image over a static line (under it in zorder too): drawn once, by
    # blitting, not twice (matplotlib before 3.11 draws animated images into the background).
    def draw(fig, level):
        ax = fig.subplots()
        ax.plot([0, 9], [0, 9], color="black", zorder=-1)
        ax.imshow(np.full((10, 10), level), cmap="gray", vmin=0, vmax=1, alpha=0.5)

    def setup(fig):
        ax = fig.subplots()
        ax.plot([0, 9], [0, 9], color="black", zorder=-1)
        image = ax.imshow(np.zeros((10, 10)), cmap="gray", vmin=0, vmax=1, alpha=0.5)

        def update(level):
            image.set_data(np.full((10, 10), level))
            return [image]

        return update

    blitted = explore(setup=setup, level=[0.2, 0.8]).frames()
    for level, png in zip([0.2, 0.8], blitted):
        assert np.abs(rgb(png) - plain_rgb(draw, {"level": level})).mean() < 0.5, level


@pytest.mark.parametrize(
    "returned, words",
    [("nothing", "must return a list"), ("one artist", "must return a list"), ("a foreign artist", "not an artist of")],
)
def test_update_must_return_a_list_of_its_own_artists(returned, words):
    other = Figure().subplots().plot([0, 1])[0]

    def setup(fig):
        line, = fig.subplots().plot([0, 1], [0, 0])

        def update(slope):
            line.set_ydata([0, slope])
            return {"nothing": None, "one artist": line, "a foreign artist": [other]}[returned]

        return update

    with pytest.raises(TypeError, match=words):
        explore(setup=setup, slope=[1.0, 2.0]).frames()


def test_setup_must_return_update_and_exactly_one_of_draw_and_setup():
    with pytest.raises(TypeError, match="must return a function update"):
        explore(setup=lambda fig: None, a=[1]).frames()
    with pytest.raises(TypeError, match="either draw .* or setup"):
        explore(a=[1])
    with pytest.raises(TypeError, match="either draw .* or setup"):
        explore(draw_line, setup=setup_curve_and_colorbar, a=[1])
    with pytest.raises(TypeError, match="setup must be a callable"):
        explore(setup="not a function", a=[1])


def test_live_widget_with_setup_redraws_when_a_slider_moves():
    calls = []

    def setup(fig):
        update = setup_curve_and_colorbar(fig)

        def logged(amplitude, title_text):
            calls.append((amplitude, title_text))
            return update(amplitude, title_text)

        return logged

    box = explore(setup=setup, amplitude=[1.0, 2.0], title_text=["a", "b"]).widget()
    box.children[0].value = 2.0
    assert calls[-1] == (2.0, "a")
