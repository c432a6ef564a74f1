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
from helpers.interactive import MAX_FRAMES, Control, explore


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


def test_static_html_has_one_control_per_parameter_and_starts_at_initial():
    explorer = explore(draw_line, slope=[-2.0, 0.0, 2.0], style=["-", "--"], initial={"slope": 2.0, "style": "--"})
    html = explorer.to_html()
    # numbers: a slider; strings: radio buttons
    ranges = re.findall(r'<input type="range" id="[^"]+" data-control="0" min="0" max="(\d+)" step="1" value="(\d+)"', html)
    assert ranges == [("2", "2")]
    assert re.findall(r'<input type="radio" name="[^"]+" value="(\d)"( checked)?>', html) == [("0", ""), ("1", " checked")]
    data = embedded_data(html)
    assert data["labels"] == ["slope", "style"] and data["texts"] == [["-2", "0", "2"], ["-", "--"]]
    # The picture shown first is the frame of the initial values: row-major index 2 * 2 + 1.
    first = re.search(r'<img class="nb-explorer-frame" src="data:image/png;base64,([^"]+)"', html).group(1)
    assert first == data["frames"][5]
    assert base64.b64decode(first) == explorer.render(slope=2.0, style="--")
    assert 'alt="figure (slope 2, style --)"' in html


def draw_step(fig, h, dtype, method):
    # every value its own picture: the slope follows h, the colour dtype, the width method
    width = ["forward", "central", "complex", "a", "b", "c"].index(method) + 1
    fig.subplots().plot([0, 1], [0, np.log10(h)], color="C1" if dtype is np.float32 else "C0", lw=width)


def step_explorer(**options):
    # three controls in words: a formatted number, types, and six strings (a drop-down)
    return explore(
        draw_step,
        h=Control(np.logspace(-8, -5, 4), "step h", "{:.0e}"),
        dtype=Control([np.float64, np.float32], "precision"),
        method=Control(["forward", "central", "complex", "a", "b", "c"], "method"),
        initial={"h": 1e-5, "method": "central"},
        alt="check",
        **options,
    )


def test_controls_in_words_labels_formats_and_categories():
    explorer = step_explorer()
    assert explorer.labels == {"h": "step h", "dtype": "precision", "method": "method"}
    assert explorer.texts["h"] == ["1e-08", "1e-07", "1e-06", "1e-05"]
    assert explorer.texts["dtype"] == ["float64", "float32"]  # types by name
    assert explorer.categories == {"h": False, "dtype": True, "method": True}
    html = explorer.to_html()
    # the slider is labelled in words and says its formatted value to screen readers
    slider = re.search(r'<label for="([^"]+)">step h</label><input type="range" id="([^"]+)"[^>]*aria-valuetext="([^"]+)"', html)
    assert slider and slider.group(1) == slider.group(2) and slider.group(3) == "1e-05"
    # two values: radio buttons in a fieldset, its legend the label
    fieldset = re.search(r'<fieldset class="nb-explorer-control" data-control="1"><legend>precision</legend>(.*?)</fieldset>', html)
    assert fieldset and re.findall(r"<label><input type=\"radio\"[^>]*>(\w+)</label>", fieldset.group(1)) == ["float64", "float32"]
    # more than MAX_BUTTONS values: a select, labelled
    select = re.search(r'<label for="([^"]+)">method</label><select id="([^"]+)" data-control="2">(.*?)</select>', html)
    assert select and select.group(1) == select.group(2)
    assert re.findall(r'<option value="(\d)"( selected)?>', select.group(3))[:2] == [("0", ""), ("1", " selected")]
    assert 'alt="check (step h 1e-05, precision float64, method central)"' in html
    # the script and its style are inlined from the package's data files
    assert interactive._static("explorer.js") in html and interactive._static("explorer.css") in html


def test_formats_may_be_functions_and_units_show():
    explorer = explore(draw_line, slope=Control([-45, 0, 45], "angle", "{:+d}°"),
                       style=Control(["-", ":"], "line", {"-": "solid", ":": "dotted"}.get))
    assert explorer.texts == {"slope": ["-45°", "+0°", "+45°"], "style": ["solid", "dotted"]}


def test_two_displays_of_one_explorer_do_not_share_ids():
    explorer = explore(draw_line, slope=[1.0, 2.0], style=["-", ":"])
    first, second = explorer.to_html(), explorer.to_html()
    assert re.search(r'id="([^"]+)"', first).group(1) != re.search(r'id="([^"]+)"', second).group(1)


def test_a_label_cannot_end_the_data_script():
    html = explore(draw_line, slope=Control([1.0, 2.0], "</script><b>"), style=["-"]).to_html()
    assert html.count("</script>") == 2 and "&lt;/script&gt;&lt;b&gt;" in html


@pytest.mark.parametrize(
    "control, error, words",
    [
        (lambda: Control(5, "h"), TypeError, "values must be a sequence"),
        (lambda: Control("float64", "precision"), TypeError, "values must be a sequence"),
        (lambda: Control([1, 2], 5), TypeError, "label must be a string"),
        (lambda: Control([1, 2], "  "), ValueError, "label is empty"),
        (lambda: Control([1, 2], "h", 3), TypeError, "format must be a format string"),
        (lambda: explore(draw_line, slope=Control([1e-5, 1.2e-5], "h", "{:.0e}"), style=["-"]), ValueError,
         "'slope': format shows 1e-05 and 1.2e-05 both as '1e-05'"),
        (lambda: explore(draw_line, slope=Control(["a"], "h", "{:.0e}"), style=["-"]), ValueError,
         "'slope': format '{:.0e}' cannot show the value 'a'"),
        (lambda: explore(draw_line, slope=Control([1, 2], "h", abs), style=["-"]), TypeError,
         "'slope': format\\(1\\) returned int"),
        (lambda: explore(draw_line, slope=Control([], "h"), style=["-"]), ValueError, "'slope' has no values"),
        (lambda: explore(draw_line, slope=5, style=["-"]), TypeError, "'slope' must be a sequence of values or a Control"),
        (lambda: explore(draw_line, slope=[1.0], style="-"), TypeError, "'style' must be a sequence"),
    ],
)
def test_bad_controls_get_a_clear_error(control, error, words):
    with pytest.raises(error, match=words):
        control()


def test_mime_bundle_carries_both_the_widget_and_the_static_html():
    bundle = explore(draw_line, slope=Control([1.0, 2.0], "slope a"), style=["-"])._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"].startswith("<style>") and '<div class="nb-explorer"' in bundle["text/html"]
    assert bundle["text/plain"] == "<Explorer over slope a, style>"


def test_live_widget_redraws_when_a_slider_moves():
    calls = []

    def draw(fig, slope, style):
        calls.append((slope, style))
        draw_line(fig, slope, style)

    box = explore(draw, slope=[1.0, 2.0], style=["-", ":"]).widget()
    slope_slider, style_buttons = box.children[:2]
    slope_slider.value = 2.0
    style_buttons.value = ":"
    assert calls[-2:] == [(2.0, "-"), (2.0, ":")]


def test_live_widgets_are_labelled_in_words_and_categories_are_buttons_or_a_list():
    import ipywidgets

    box = explore(
        draw_step,
        h=Control([1e-6, 1e-5], "step h", "{:.0e}"),
        dtype=Control([np.float64, np.float32], "precision"),
        method=Control(["forward", "central", "complex", "a", "b", "c"], "method"),
        initial={"method": "central"},
    ).widget()
    step, precision, method = box.children[:3]
    assert isinstance(step, ipywidgets.SelectionSlider) and step.description == "step h"
    assert [text for text, _ in step.options] == ["1e-06", "1e-05"]  # what the reader sees
    assert isinstance(precision, ipywidgets.ToggleButtons) and precision.description == "precision"
    assert [text for text, _ in precision.options] == ["float64", "float32"]
    assert precision.value is np.float64
    assert isinstance(method, ipywidgets.Dropdown) and method.value == "central"
    assert step.style.description_width == "initial"  # the whole label shows


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
    palette = interactive._palette(np.asarray(Image.open(saved).convert("RGB")))
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


# The static controls in a real headless Chromium (the browser fixture is in tests/conftest.py):
# every control reached by its label in words and worked from the keyboard alone.


@pytest.mark.browser
def test_static_controls_work_from_the_keyboard_and_swap_the_frame(browser, tmp_path):
    explorer = step_explorer(figsize=(2, 1.5), dpi=40)
    frames = embedded_data(explorer.to_html())["frames"]
    assert len(set(frames)) == len(frames)
    page_file = tmp_path / "explorer.html"
    page_file.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>explorer</title>'
                         f"</head><body><main>{explorer.to_html()}</main></body></html>", encoding="utf-8")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_file.as_uri())
    image = page.locator("img.nb-explorer-frame")

    def shown():
        return frames.index(image.get_attribute("src").split(",", 1)[1])

    def index(h, dtype, method):
        return (h * 2 + dtype) * 6 + method

    assert shown() == index(3, 0, 1)
    step = page.get_by_label("step h")  # the slider, by its label
    step.focus()
    page.keyboard.press("ArrowLeft")
    assert shown() == index(2, 0, 1)
    assert step.get_attribute("aria-valuetext") == "1e-06"
    assert page.locator("output").first.text_content() == "1e-06"
    precision = page.get_by_role("group", name="precision")  # the fieldset, by its legend
    precision.get_by_role("radio", name="float64").focus()
    page.keyboard.press("ArrowRight")  # arrow keys move through a radio group
    assert precision.get_by_role("radio", name="float32").is_checked()
    assert shown() == index(2, 1, 1)
    method = page.get_by_label("method")  # the select, by its label
    method.focus()
    page.keyboard.press("ArrowDown")
    assert method.input_value() == "2" and shown() == index(2, 1, 2)
    assert image.get_attribute("alt") == "check (step h 1e-06, precision float32, method complex)"
    assert not errors, errors
    page.close()


def test_a_colour_on_few_pixels_keeps_its_colour_and_white_stays_white():
    # A legend's key is a few pixels of a colour the rest of the frame lacks (chapter 1's
    # green "complex" key, beside faded curves): the palette must keep it, not grey it.
    # And the frequent colours stay exact: a white figure on a white page shows no box.
    def draw(fig, shade):
        ax = fig.subplots()
        ax.imshow(np.linspace(0, 1, 400).reshape(20, 20) * shade, cmap="Greys", vmin=0, vmax=1)
        ax.plot([2, 6], [10, 10], color="tab:green", lw=2)
        ax.axis("off")

    picture = rgb(explore(draw, shade=[0.7], figsize=(3, 3), dpi=50).frames()[0])
    green = np.array([44, 160, 44])  # tab:green
    assert np.abs(picture - green).sum(axis=2).min() < 30
    assert np.all(picture[0, 0] == 255) and np.all(picture[-1, -1] == 255)



@pytest.mark.browser
def test_on_a_phone_the_picture_can_be_shown_full_size_and_scrolled(browser, tmp_path):
    html = explore(draw_line, slope=[1.0, 2.0], style=["-"], figsize=(8, 3), dpi=80).to_html()  # 640 px
    page_file = tmp_path / "explorer.html"
    page_file.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
                         f'content="width=device-width, initial-scale=1"><title>explorer</title></head>'
                         f"<body><main>{html}</main></body></html>", encoding="utf-8")
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(page_file.as_uri())
    image, figure = page.locator("img.nb-explorer-frame"), page.locator(".nb-explorer-figure")
    zoom = page.get_by_role("button", name="Full size")
    assert image.evaluate("e => e.clientWidth") < 375 and zoom.is_visible()
    zoom.focus()
    page.keyboard.press("Enter")
    assert zoom.get_attribute("aria-pressed") == "true"
    assert image.evaluate("e => e.clientWidth") == 640
    assert figure.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls sideways, not clipped
    assert figure.get_attribute("tabindex") == "0"  # and the keyboard can scroll it
    page.keyboard.press("Enter")
    assert zoom.get_attribute("aria-pressed") == "false" and image.evaluate("e => e.clientWidth") < 375
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function("() => document.querySelector('.nb-explorer-zoom').hidden")  # fits: no button
    page.close()
