"""Slider explorers that work live in Jupyter and, with no kernel, in the built HTML book.

Introduced in chapter 1. One call, two behaviours::

    explore(draw, h=Control(np.logspace(-12, -1, 12), "step h", "{:.0e}"),
            dtype=Control(["float64", "float32"], "precision"))

* In Jupyter the output is a real ipywidgets panel: a slider for numbers, buttons or a
  drop-down list for categories (strings, types); changing one calls ``draw`` again and
  shows the new figure.
* The same output also carries a ``text/html`` version: every combination of values is
  drawn once, up front, and ``helpers/static/explorer.js`` (inlined, with
  ``explorer.css``) swaps the pictures as the reader moves plain HTML sliders, radio
  buttons or selects. The book's configuration tells myst-nb to prefer that version, so
  the static book needs no kernel and no network.
"""

import base64
import hashlib
import html
import io
import itertools
import json
import math
from importlib import resources

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.layout_engine import ConstrainedLayoutEngine
from PIL import Image

from ._playground import LossPlayground, loss_playground  # noqa: F401 (chapter 3's loss playground)
from ._questions import Question, a_or_an, ask, choice_question, numeric_question  # noqa: F401 (check-yourself questions)

MAX_FRAMES = 150  # at 10-15 kB a frame, a page with an explorer or two stays well under 5 MB
PALETTE_COLORS = 64  # line plots stay crisp at a quarter of the bytes of a full-colour PNG
EXTRA_COLOURS = 8  # at most this many more for the colours the 64 lost (a legend's small keys)
LOST_COLOUR = 48  # a pixel this far from its palette colour (R + G + B levels) had its colour lost
FIT_TOLERANCE_PX = 0.5  # how far a frame's decorations may pass the laid-out frame's, in pixels
MAX_BUTTONS = 5  # a category with more values than this is a drop-down list, not buttons
# The frames the PDF edition prints are drawn again at this many times the explorer's dpi:
# shown at the screen frame's size (1 pixel = 1/96 inch on paper), 2.5 x 96 = 240 ppi.
PRINT_SCALE = 2.5
_ids = itertools.count()  # tells apart two displays of the same explorer on one page


def _static(name):
    return resources.files("helpers").joinpath("static", name).read_text(encoding="utf-8")


class Control:
    """One control of an explorer: its values, its label in words, how its values read.

    Introduced in chapter 1 (its explorer's step h, precision and method). Pass one to
    :func:`explore` in place of a plain sequence of values::

        explore(setup=setup, h=Control(steps, "step h", "{:.0e}"),
                dtype=Control(["float64", "float32"], "precision"))

    Numbers get a slider. Categories, values that are all strings or types (``"central"``,
    ``np.float32``) or booleans, get buttons (a drop-down list beyond :data:`MAX_BUTTONS`
    values), live and in the static book alike.

    Parameters
    ----------
    values : sequence
        The values the control steps through, in order (a NumPy array works too).
    label : str, optional
        The control's name as the reader sees it: words and the symbol the text uses
        ("step h", "temperature T", "margin Δ"). By default the keyword's name.
    format : str or callable, optional
        How a value is shown: a format string with one field (``"{:.0e}"`` shows 1e-05,
        ``"{:+g}°"`` shows +45°), or a function from a value to a string. By default
        strings as they are, types by name (``float32``), floats to three digits.

    Attributes
    ----------
    values : list
        The values.
    label : str or None
        The label in words (None: the keyword's name).
    format : str, callable or None
        As given.

    Raises
    ------
    TypeError
        ``values`` is not a sequence, ``label`` is not a string, or ``format`` is neither
        a string nor callable.
    ValueError
        ``label`` is empty. (:func:`explore` refuses empty ``values``, and a ``format``
        that does not fit them, naming the parameter.)

    Examples
    --------
    >>> step = Control([1e-8, 1e-5], "step h", "{:.0e}")
    >>> step.texts()
    ['1e-08', '1e-05']
    >>> Control(["float64", "float32"], "precision").is_category()
    True
    """

    def __init__(self, values, label=None, format=None):
        if isinstance(values, (str, bytes)) or not np.iterable(values):
            raise TypeError(f"values must be a sequence such as [1e-6, 1e-3] or ['float64', 'float32'], "
                            f"got {type(values).__name__}")
        self.values = list(values.tolist() if isinstance(values, np.ndarray) else values)
        if label is not None:
            if not isinstance(label, str):
                raise TypeError(f"label must be a string such as 'step h', got {type(label).__name__}")
            if not label.strip():
                raise ValueError("label is empty; write what the control sets, e.g. 'step h'")
            label = label.strip()
        if format is not None and not (isinstance(format, str) or callable(format)):
            raise TypeError(f"format must be a format string such as '{{:.0e}}' or a function from a "
                            f"value to a string, got {type(format).__name__}")
        self.label, self.format = label, format

    def is_category(self):
        """Whether the values are categories (buttons or a list) rather than numbers (a slider).

        Returns
        -------
        bool
            True when every value is a string, a type (``np.float32``), a NumPy dtype or a bool.
        """
        return bool(self.values) and all(isinstance(v, (str, type, np.dtype, bool, np.bool_)) for v in self.values)

    def texts(self):
        """Each value as the reader sees it.

        Returns
        -------
        list of str
            One text per value, formatted with :attr:`format`.

        Raises
        ------
        ValueError
            ``format`` does not fit a value, or gives two values the same text.
        TypeError
            A ``format`` function returned something other than a string.
        """
        texts = []
        for value in self.values:
            if self.format is None:
                text = _label(value)
            elif isinstance(self.format, str):
                try:
                    text = self.format.format(value)
                except (ValueError, TypeError, IndexError, KeyError) as error:
                    raise ValueError(f"format {self.format!r} cannot show the value {value!r} ({error}); "
                                     "give a format string with one field, such as '{:.0e}'") from None
            else:
                text = self.format(value)
                if not isinstance(text, str):
                    raise TypeError(f"format({value!r}) returned {type(text).__name__}; it must return "
                                    "the text to show, a string")
            texts.append(text)
        shown = {}  # text: the first value shown so
        for text, value in zip(texts, self.values):
            if shown.setdefault(text, value) != value:
                raise ValueError(f"format shows {shown[text]!r} and {value!r} both as {text!r}; give it more "
                                 f"digits so the reader can tell the values {self.values} apart")
        return texts

    def __iter__(self):
        # a Control is also a plain sequence of its values (benchmarks/bench_frames.py hands
        # the chapters' controls to the explore of older commits, which knew no Control)
        return iter(self.values)

    def __len__(self):
        return len(self.values)

    def __repr__(self):
        return f"Control({self.values!r}, {self.label!r}, {self.format!r})"


def explore(draw=None, *, setup=None, figsize=(6.4, 4.0), dpi=80, max_frames=MAX_FRAMES, initial=None,
            alt="figure", **params):
    """Make a slider explorer for a figure that depends on one or more parameters.

    Introduced in chapter 1; ``setup`` in chapter 1's explorer.

    Give either ``draw`` (simple: the whole figure is drawn again for every frame) or
    ``setup`` (fast: what every frame shares is drawn once, then only what changes).

    Parameters
    ----------
    draw : callable, optional
        ``draw(fig, **values)`` draws one state onto ``fig``, a fresh
        :class:`matplotlib.figure.Figure` (add axes with ``fig.subplots()``).
    setup : callable, optional
        ``setup(fig)`` draws everything that stays the same on ``fig`` (axes, limits, labels,
        legends) and returns a function ``update(**values)`` that changes the artists that
        depend on the values (``line.set_ydata(...)``, ``title.set_text(...)``, or new
        artists it adds, having removed the last frame's) and returns them, as a list.
        As with :class:`matplotlib.animation.FuncAnimation` and ``blit=True``, the rest is
        drawn once, and the returned artists are drawn on top of it in every frame, in the
        order of their zorder (ties in the order returned). So they cover what they were
        under in a full drawing: return the axes' spines, or a legend, too when they must
        stay on top. Axis limits must not change, and texts must fit the starting frame's
        layout. :meth:`Explorer.frames` checks one frame, with every slider moved, against
        the same frame on a freshly drawn background, and raises ``ValueError`` where
        ``update`` changed an artist (or the limits) without returning it; a change that
        does not show in that frame goes unnoticed.
    figsize, dpi
        Size of each figure in inches and its resolution.
    max_frames : int
        The static version draws one frame per combination of values; more than this
        many raises ``ValueError`` (use fewer values per slider).
    initial : dict, optional
        Starting value for some parameters; the first value of each otherwise.
    alt : str
        Text alternative for the picture; the current values are appended to it, each
        with its control's label.
    **params : sequence or Control
        One control per keyword, in order: the values it steps through, or a
        :class:`Control` that also gives its label in words and how its values read
        (``h=Control(steps, "step h", "{:.0e}")``). Numbers get a slider; categories
        (strings, types) get buttons, or a drop-down list beyond :data:`MAX_BUTTONS`
        values. ``draw`` or ``update`` receives the values themselves, by keyword.

    Returns
    -------
    Explorer
        Displays itself (as the last expression of a cell, or with ``display``).

    Raises
    ------
    TypeError
        Neither or both of ``draw`` and ``setup``, or a control's label or format of the
        wrong type.
    ValueError
        No parameters, an empty one, more than ``max_frames`` combinations, an
        ``initial`` value that is not among its values, or a format that does not fit
        its values or shows two of them alike (the message names the parameter).

    Examples
    --------
    >>> def draw(fig, a):
    ...     fig.subplots().plot([0, 1], [0, a])
    >>> explorer = explore(draw, a=[1, 2, 3])
    >>> len(explorer.frames())
    3

    Controls in words: a label with the symbol, values with their units; strings become
    buttons (introduced in chapter 1):

    >>> def draw(fig, angle, style):
    ...     fig.subplots().plot([0, np.cos(np.radians(angle))], [0, 1], style)
    >>> explorer = explore(draw, angle=Control([0, 45, 90], "angle θ", "{}°"),
    ...                    style=Control(["-", ":"], "line style"))
    >>> explorer.labels, explorer.texts["angle"]
    ({'angle': 'angle θ', 'style': 'line style'}, ['0°', '45°', '90°'])

    The same explorer, drawn the fast way:

    >>> def setup(fig):
    ...     ax = fig.subplots()
    ...     ax.set_ylim(0, 3)
    ...     line, = ax.plot([0, 1], [0, 0])
    ...     def update(a):
    ...         line.set_ydata([0, a])
    ...         return [line]
    ...     return update
    >>> len(explore(setup=setup, a=[1, 2, 3]).frames())
    3
    """
    return Explorer(draw, params, setup=setup, figsize=figsize, dpi=dpi, max_frames=max_frames,
                    initial=initial, alt=alt)


def sharp_figures(scale=PRINT_SCALE):
    """Show this notebook's matplotlib figures drawn at ``scale`` times their pixels, at their usual size.

    Introduced in chapter 1. Jupyter shows a figure as a PNG of ``figure.dpi`` pixels per inch,
    which looks soft on a high-resolution screen and on paper (the PDF edition prints a pixel
    as 1/96 inch: 96 ppi, where print wants 200 to 300). After this call each figure is drawn
    at ``scale`` times the dpi and its PNG carries the width it is shown at, so it
    takes the same room as before, ``scale`` times sharper (IPython's ``"retina"`` format does
    the same with a scale of 2). Call it once, after ``import matplotlib.pyplot``.

    Parameters
    ----------
    scale : float
        How many pixels each pixel of the usual PNG becomes, across and down.

    Returns
    -------
    None
        Outside IPython (in a script, say) it does nothing.
    """
    from IPython import get_ipython
    from IPython.core.pylabtools import print_figure

    shell = get_ipython()
    if shell is None:
        return
    # matplotlib-inline sets IPython's figure formats when it is first imported (as pyplot
    # picks its backend); import it now, so that it does not replace the format set here.
    try:
        import matplotlib_inline.backend_inline  # noqa: F401
    except ImportError:
        pass

    def png_shown_smaller(fig):
        png = print_figure(fig, fmt="png", bbox_inches="tight", dpi=fig.dpi * scale)
        if png is None:  # an empty figure shows nothing
            return None
        # the width only: a page that scales the picture down to fit keeps its proportions
        # (the book's <img> gets a width attribute; a height attribute would stay fixed)
        shown = {"width": round(Image.open(io.BytesIO(png)).width / scale)}
        return base64.b64encode(png).decode("ascii"), shown

    shell.display_formatter.formatters["image/png"].for_type(Figure, png_shown_smaller)


def _label(value):
    """A value as the reader sees it by default: strings as they are, types by name, floats to 3 digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, (float, np.floating)):
        return f"{value:.3g}"
    return str(value)


def _position(values, value, name):
    """Index of ``value`` in ``values``; numbers match to 1e-9 relative (logspace rounding)."""
    for i, candidate in enumerate(values):
        if candidate == value:
            return i
        numeric = all(isinstance(v, (int, float, np.number)) for v in (candidate, value))
        if numeric and math.isclose(candidate, value, rel_tol=1e-9):
            return i
    raise ValueError(f"initial value {value!r} for {name!r} is not one of its values {values}")


def _supertexts(fig):
    """The figure's suptitle, supxlabel and supylabel (None where absent); layout moves them."""
    return [getattr(fig, name, None) for name in ("_suptitle", "_supxlabel", "_supylabel")]


def _structure(fig):
    """What must match for one frame's layout to fit another: the axes, their grid cells, the sup-texts."""
    cells = []
    for ax in fig.axes:
        spec = ax.get_subplotspec() if hasattr(ax, "get_subplotspec") else None
        grid = None if spec is None else (spec.get_geometry(), spec.get_gridspec().get_geometry())
        cells.append((type(ax), grid, ax.get_in_layout(), ax.get_visible()))
    sup = tuple(text is not None for text in _supertexts(fig))
    return tuple(cells), sup, len(fig.legends), len(fig.subfigs)


def _inside(extent, allowed):
    """Whether bounding box ``extent`` lies within ``allowed`` (either may be None: nothing drawn)."""
    if extent is None:
        return True
    if allowed is None:
        return False
    tol = FIT_TOLERANCE_PX
    return (extent.x0 >= allowed.x0 - tol and extent.y0 >= allowed.y0 - tol
            and extent.x1 <= allowed.x1 + tol and extent.y1 <= allowed.y1 + tol)


def _rgb(canvas):
    """What ``canvas`` shows now, as a height x width x 3 uint8 array (a copy: the canvas is reused)."""
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


class _Painter:
    """Draws an explorer's frames on one reused figure, laid out once.

    Constrained layout is most of the time of a frame, and every frame of an explorer usually
    has the same axes with the same kinds of labels. So the first frame painted (the explorer's
    starting values) is laid out by constrained layout, as a fresh figure would be, and its
    positions are kept. Every later frame is drawn onto the same cleared figure (its renderer,
    and so its cache of text sizes, is reused too), with the layout engine switched off and the
    kept positions applied. A frame is drawn from scratch with its own constrained layout
    instead when its structure differs (other axes, grid cells, colorbars, sup-titles, figure
    legends or subfigures) or when its decorations (tick labels, axis labels, titles, legends)
    reach past the laid-out frame's anywhere, so nothing is clipped or overlaps that would not
    be with a fresh layout. When ``draw`` chooses a layout engine itself, its choice is kept.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)``.
    figsize : tuple of float
        Size in inches.
    dpi : int
        Resolution.
    """

    def __init__(self, draw, figsize, dpi):
        self.draw = draw
        self.engine = ConstrainedLayoutEngine()
        self.fig = Figure(figsize=figsize, dpi=dpi, layout=self.engine)
        self.canvas = FigureCanvasAgg(self.fig)
        fig = self.fig
        self.pristine = (tuple(fig.get_size_inches()), fig.dpi, fig.get_facecolor(), fig.get_edgecolor(),
                         fig.get_linewidth(), fig.get_frameon())
        self.started = False  # whether the reference frame has been painted
        self.reference = None  # its layout (structure, positions, extents), if it was ours to reuse
        self.counts = {"laid out": 0, "reused layout": 0, "own layout engine": 0}

    def _draw(self, values):
        """Clear the figure back to how it was made, then let ``draw`` draw ``values`` on it."""
        fig = self.fig
        for ax in list(fig.axes):  # delaxes first: fig.clear() would also clear each axes, for nothing
            fig.delaxes(ax)
        fig.clear()
        size, dpi, facecolor, edgecolor, linewidth, frameon = self.pristine
        if tuple(fig.get_size_inches()) != size or fig.dpi != dpi:
            fig.set_dpi(dpi)
            fig.set_size_inches(size)
        fig.set_facecolor(facecolor)
        fig.set_edgecolor(edgecolor)
        fig.set_linewidth(linewidth)
        fig.set_frameon(frameon)
        fig.set_layout_engine(self.engine)
        self.draw(fig, **values)
        return fig.get_layout_engine() is self.engine

    def _remember(self, renderer):
        """Keep the just-drawn frame's layout as the reference for later frames."""
        fig = self.fig
        self.reference = {
            "structure": _structure(fig),
            "positions": [ax.get_position(original=True).frozen() for ax in fig.axes],
            "extents": [ax.get_tightbbox(renderer, for_layout_only=True) for ax in fig.axes],
            "texts": [None if text is None else (text.get_position(), text.get_verticalalignment(),
                                                 text.get_window_extent(renderer))
                      for text in _supertexts(fig)],
        }

    def _reuse_layout(self):
        """Apply the reference positions to the drawn frame; False if the frame does not fit them."""
        fig, reference = self.fig, self.reference
        if _structure(fig) != reference["structure"]:
            return False
        fig.set_layout_engine("none")  # keeps the engine's colorbar rules, so the colorbars stay valid
        for ax, position in zip(fig.axes, reference["positions"]):
            in_layout = ax.get_in_layout()
            ax.set_position(position)
            ax.set_in_layout(in_layout)  # set_position takes an axes out of the layout: put it back
        for text, kept in zip(_supertexts(fig), reference["texts"]):
            if text is not None:
                text.set_position(kept[0])
                text.set_verticalalignment(kept[1])
        renderer = self.canvas.get_renderer()
        fits = all(_inside(ax.get_tightbbox(renderer, for_layout_only=True), allowed)
                   for ax, allowed in zip(fig.axes, reference["extents"]))
        for text, kept in zip(_supertexts(fig), reference["texts"]):
            if text is not None:  # a sup-title may be wider (layout ignores that), not taller
                extent = text.get_window_extent(renderer)
                fits = fits and extent.y0 >= kept[2].y0 - FIT_TOLERANCE_PX and extent.y1 <= kept[2].y1 + FIT_TOLERANCE_PX
        return fits

    def paint(self, values, reference_values):
        """Draw ``values`` and return the frame as an RGB array.

        Parameters
        ----------
        values : dict
            What ``draw`` receives.
        reference_values : dict
            The values whose frame is laid out first and lends its layout to the others.

        Returns
        -------
        numpy.ndarray
            Height x width x 3, uint8.
        """
        if not self.started and values != reference_values:
            self.paint(reference_values, reference_values)
        first, self.started = not self.started, True
        ours = self._draw(values)
        if not ours:
            self.counts["own layout engine"] += 1
        elif self.reference is not None and self._reuse_layout():
            self.counts["reused layout"] += 1
        else:
            if self.reference is not None:  # does not fit: draw it again, laid out afresh
                self._draw(values)
            self.counts["laid out"] += 1
        self.canvas.draw()
        if ours and first:
            self._remember(self.canvas.get_renderer())
        return _rgb(self.canvas)


def _root_figure(artist):
    """The figure an artist is drawn on, through any subfigures (None if it is on none)."""
    figure = artist.figure
    while figure is not None and getattr(figure, "_parent", None) is not None:  # a SubFigure
        figure = figure._parent
    return figure


class _Blitter:
    """Draws an explorer's frames from ``setup``: the shared part once, then only what changes.

    ``setup(fig)`` draws the figure and returns ``update``. The starting values' frame is laid
    out (constrained layout, once, as savefig does) and drawn without the artists that
    ``update`` returns; that picture is kept as the background. Every frame then restores
    the background, calls ``update(**values)`` and draws the artists it returns on top, in
    zorder: matplotlib's blitting, the machinery of ``FuncAnimation(blit=True)``.

    Parameters
    ----------
    setup : callable
        ``setup(fig)``, returning ``update(**values)``.
    figsize : tuple of float
        Size in inches.
    dpi : int
        Resolution.
    """

    def __init__(self, setup, figsize, dpi):
        self.fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self.update = setup(self.fig)
        if not callable(self.update):
            raise TypeError(f"setup(fig) must return a function update(**values); it returned "
                            f"{type(self.update).__name__}")
        self.background = None
        self.counts = {"blitted": 0}

    def _changed(self, values):
        """Call ``update(**values)``; return its artists in drawing order, marked animated.

        As FuncAnimation does, the artists are drawn in the order of their zorder (ties in
        the order returned), so each keeps its place among the others that ``update`` returns.
        """
        artists = self.update(**values)
        if artists is None or isinstance(artists, Artist):
            raise TypeError("update(**values) must return a list of the artists it changed "
                            f"(return [line, title], not {type(artists).__name__})")
        artists = list(artists)
        for artist in artists:
            if not isinstance(artist, Artist) or _root_figure(artist) is not self.fig:
                raise TypeError(f"update(**values) returned {artist!r}, which is not an artist of the "
                                "explorer's figure; return the artists update changed")
            artist.set_animated(True)
        return sorted(artists, key=lambda artist: artist.get_zorder())

    def _blit(self, artists):
        """The background with ``artists`` drawn on top, as an RGB array."""
        self.canvas.restore_region(self.background)
        for artist in artists:
            self.fig.draw_artist(artist)
        return _rgb(self.canvas)

    def _draw_background(self, artists):
        """Draw everything but ``artists`` (they are animated), and keep the picture."""
        # Before matplotlib 3.11, axes drew animated images all the same: hide those meanwhile.
        # (Only images: a hidden title would lose its place above the axes.)
        images = [artist for artist in artists if isinstance(artist, AxesImage)]
        for image in images:
            image.set_visible(False)
        try:
            self.canvas.draw()
        finally:
            for image in images:
                image.set_visible(True)
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def paint(self, values, reference_values):
        """Draw ``values`` and return the frame as an RGB array (see :meth:`_Painter.paint`)."""
        if self.background is None:
            starting = self._changed(reference_values)  # the starting frame's state, laid out
            self.fig.draw_without_rendering()
            self.fig.set_layout_engine("none")  # keep those positions for every frame (savefig does the same)
            self._draw_background(starting)
        self.counts["blitted"] += 1
        return self._blit(self._changed(values))

    def check(self, values, reference_values):
        """Raise ``ValueError`` if the blitted frame of ``values`` differs from one on a fresh background.

        The fresh background is everything ``update`` did not return, drawn again in the state
        ``update(**values)`` left. A difference means ``update`` changed something it did not
        return (an artist, or axis limits): in the frames it would keep its starting state.
        """
        blitted = self.paint(values, reference_values)
        background = self.background
        artists = self._changed(values)
        self._draw_background(artists)
        afresh = self._blit(artists)
        self.background = background
        if not np.array_equal(blitted, afresh):
            raise ValueError(
                f"at {values}, the blitted frame differs from the figure drawn afresh: update(**values) "
                "changed an artist it did not return, or the axis limits (return every artist it "
                "changes and fix the limits in setup, or use draw)"
            )


def _palette(rgb):
    """Quantise an RGB array to a palette image: median cut, plus the colours it lost.

    Median cut (Pillow's default) matches the frequent colours exactly (white stays white)
    but maps a colour that covers few pixels to a frequent one: a legend's small key (chapter
    1's green "complex" came out grey). Octree keeps such colours but shifts every colour,
    white included, by a level or more; maximum coverage greyed chapter 3's pale blue region.
    So: median cut, and the pixels it got wrong by more than :data:`LOST_COLOUR` levels
    (summed over R, G, B) get up to :data:`EXTRA_COLOURS` colours of their own.
    """
    quantized = Image.fromarray(rgb).quantize(colors=PALETTE_COLORS)
    shown = np.asarray(quantized.convert("RGB"))
    lost = np.abs(shown.astype(np.int16) - rgb).sum(axis=2, dtype=np.int16) > LOST_COLOUR
    if not lost.any():
        return quantized
    wrong = rgb[lost]
    extra = Image.fromarray(wrong[None]).quantize(colors=EXTRA_COLOURS, method=Image.Quantize.FASTOCTREE)
    n_extra = len(extra.getcolors(EXTRA_COLOURS))
    ours = np.reshape(quantized.getpalette()[: 3 * PALETTE_COLORS], (-1, 3))
    palette = np.concatenate([ours, np.reshape(extra.getpalette()[: 3 * n_extra], (-1, 3))])
    indices = np.asarray(quantized).copy()
    # each of those pixels to its nearest colour, old or added
    distances = np.abs(wrong[:, None, :].astype(np.int16) - palette.astype(np.int16)).sum(axis=2)
    indices[lost] = distances.argmin(axis=1)
    image = Image.fromarray(indices)  # an L image; putpalette makes it a P image
    image.putpalette(palette.astype(np.uint8).ravel().tolist())
    return image


def _palette_png(rgb):
    """Encode an RGB array as a PNG with a palette of :data:`PALETTE_COLORS` (+ a few) colours."""
    # A 64-colour palette keeps line plots crisp at a quarter of the bytes,
    # which is what lets a page carry a hundred frames.
    compact = io.BytesIO()
    # zlib's default level: optimize=True saves about 7% of the bytes but takes longer than the drawing.
    _palette(rgb).save(compact, format="PNG")
    return compact.getvalue()


class Explorer:
    """The object :func:`explore` returns; see there.

    Introduced in chapter 1. Make one with :func:`explore`, which passes its keyword
    arguments on; as the last expression of a notebook cell it displays itself, both as live
    ipywidgets sliders and as the kernel-free HTML of :meth:`to_html`.

    Parameters
    ----------
    draw : callable or None
        ``draw(fig, **values)`` draws one state onto a fresh :class:`matplotlib.figure.Figure`.
    params : dict of str to sequence or Control
        One control per key: the values it steps through (a NumPy array works too), or a
        :class:`Control` with its label and format.
    setup : callable or None
        ``setup(fig)`` draws what every frame shares and returns ``update(**values)``;
        give ``setup`` or ``draw``, not both (see :func:`explore`).
    figsize : tuple of float
        Size of each figure in inches.
    dpi : int
        Its resolution.
    max_frames : int
        The most combinations of values allowed (one frame is drawn for each).
    initial : dict or None
        Starting value for some parameters; the first value of each otherwise.
    alt : str
        Text alternative for the picture.

    Attributes
    ----------
    names : list of str
        The parameters, in the controls' order.
    values : dict of str to list
        Each parameter's values.
    labels : dict of str to str
        Each control's label in words (its keyword's name when none was given).
    texts : dict of str to list of str
        Each parameter's values as the reader sees them.
    categories : dict of str to bool
        Whether a parameter's values are categories (buttons or a list), not numbers.
    start : dict of str to int
        The index of each parameter's starting value.

    Raises
    ------
    TypeError
        Neither or both of ``draw`` and ``setup``, or one that is not callable.
    ValueError
        No parameters, a parameter with no values, more than ``max_frames`` combinations,
        an ``initial`` value that is not among its parameter's values, or a format that
        does not fit its values (see :class:`Control`).

    Examples
    --------
    >>> explorer = explore(lambda fig, a: fig.subplots().plot([0, 1], [0, a]), a=[1, 2])
    >>> explorer.names, explorer.values
    (['a'], {'a': [1, 2]})
    """

    def __init__(self, draw, params, *, setup=None, figsize, dpi, max_frames, initial, alt):
        if (draw is None) == (setup is None):
            raise TypeError("give either draw (a function draw(fig, **values)) or setup (a function "
                            "setup(fig) that returns update(**values)), not both and not neither")
        if draw is not None and not callable(draw):
            raise TypeError(f"draw must be a callable draw(fig, **values), got {type(draw).__name__}")
        if setup is not None and not callable(setup):
            raise TypeError(f"setup must be a callable setup(fig) that returns update(**values), "
                            f"got {type(setup).__name__}")
        if not params:
            raise ValueError("give at least one parameter to explore, e.g. explore(draw, eps=[1e-6, 1e-3])")
        self.draw, self.setup, self.figsize, self.dpi, self.alt = draw, setup, figsize, dpi, alt
        self.names = list(params)
        self.values, self.labels, self.texts, self.categories = {}, {}, {}, {}
        for name, control in params.items():
            if isinstance(control, (str, bytes)) or not (isinstance(control, Control) or np.iterable(control)):
                raise TypeError(f"parameter {name!r} must be a sequence of values or a Control, got "
                                f"{type(control).__name__}; e.g. {name}=[1, 2, 3]")
            if not isinstance(control, Control):
                control = Control(control)
            if not control.values:
                raise ValueError(f"parameter {name!r} has no values; pass a non-empty sequence")
            try:
                texts = control.texts()
            except (ValueError, TypeError) as error:
                raise type(error)(f"parameter {name!r}: {error}") from None
            self.values[name] = control.values
            self.labels[name] = control.label or name
            self.texts[name] = texts
            self.categories[name] = control.is_category()
        n_frames = math.prod(len(v) for v in self.values.values())
        if n_frames > max_frames:
            sizes = " x ".join(f"{len(self.values[n])} {n}" for n in self.names)
            raise ValueError(
                f"{sizes} = {n_frames} frames, more than max_frames={max_frames}; "
                "use fewer values per slider (or raise max_frames if the page may grow)"
            )
        self.start = {name: 0 for name in self.names}
        for name, value in (initial or {}).items():
            if name not in self.values:
                raise ValueError(f"initial names {name!r}, which is not a parameter ({self.names})")
            self.start[name] = _position(self.values[name], value, name)
        self._frames = None
        self._painter = None
        self._print_frames = None

    def render(self, **values):
        """Draw one state and return it as PNG bytes.

        Parameters
        ----------
        **values
            One value for each parameter, by name: what ``draw`` receives.

        Returns
        -------
        bytes
            A PNG image with a 64-colour palette (line plots stay crisp at a quarter of the size).

        Examples
        --------
        >>> explorer = explore(lambda fig, a: fig.subplots().plot([0, 1], [0, a]), a=[1, 2])
        >>> explorer.render(a=2)[1:4]  # a PNG file starts with 0x89, then "PNG"
        b'PNG'
        """
        reference = {name: self.values[name][self.start[name]] for name in self.names}
        return _palette_png(self._painter_for_frames().paint(values, reference))

    def frames(self):
        """PNG bytes of every combination of values, in row-major order (last slider fastest).

        Drawn on the first call and kept: later calls return the same list.

        Returns
        -------
        list of bytes
            One PNG per combination, as :meth:`render` makes them.

        Raises
        ------
        ValueError
            With ``setup``: ``update`` changed an artist it did not return (see :func:`explore`).
        """
        if self._frames is None:
            combos, first = self._combinations(), self._start_index()
            if self.setup is not None:
                self._painter_for_frames().check(combos[self._probe_index()], combos[first])
            # the starting frame first: it lends its layout (or its background) to the others
            order = sorted(range(len(combos)), key=lambda i: i != first)
            drawn = {i: self.render(**combos[i]) for i in order}
            self._frames = [drawn[i] for i in range(len(combos))]
        return self._frames

    def _printed(self):
        """The frames the PDF edition prints, drawn at :data:`PRINT_SCALE` times the dpi.

        One control with three values or more: the idea is the change along it, so three
        frames print as a strip (the first, the starting one, the last; the middle one if
        the start is an end). Otherwise the starting frame. Returns ``(indices, pngs)``, the
        frames' row-major indices and their PNGs, drawn by a painter of their own.
        """
        start = self._start_index()
        indices = [start]
        if len(self.names) == 1 and len(self.values[self.names[0]]) >= 3:
            last = len(self.values[self.names[0]]) - 1
            indices = [0, last // 2, last] if start in (0, last) else [0, start, last]
        if self._print_frames is None:
            dpi = self.dpi * PRINT_SCALE
            painter = (_Blitter(self.setup, self.figsize, dpi) if self.setup is not None
                       else _Painter(self.draw, self.figsize, dpi))
            combos = self._combinations()
            self._print_frames = [_palette_png(painter.paint(combos[i], combos[start])) for i in indices]
        return indices, self._print_frames

    def _combinations(self):
        """Every combination of values, as keyword dicts, in row-major order."""
        return [dict(zip(self.names, combo)) for combo in itertools.product(*(self.values[n] for n in self.names))]

    def _painter_for_frames(self):
        """The painter that draws this explorer's frames, made on first use."""
        if self._painter is None:
            if self.setup is not None:
                self._painter = _Blitter(self.setup, self.figsize, self.dpi)
            else:
                self._painter = _Painter(self.draw, self.figsize, self.dpi)
        return self._painter

    def _layout_counts(self):
        """How many frames were laid out afresh, reused the layout, used draw's own layout engine, or were blitted."""
        counts = dict.fromkeys(["laid out", "reused layout", "own layout engine", "blitted"], 0)
        if self._painter is not None:
            counts.update(self._painter.counts)
        return counts

    def _index(self, positions):
        """Row-major index of the frame whose sliders stand at ``positions`` (name to value index)."""
        index = 0
        for name in self.names:
            index = index * len(self.values[name]) + positions[name]
        return index

    def _probe_index(self):
        """Row-major index of a frame where every slider with two or more values has moved from its start."""
        return self._index({name: (self.start[name] + 1) % len(self.values[name]) for name in self.names})

    def _start_index(self):
        """Row-major index of the starting frame."""
        return self._index(self.start)

    def to_html(self):
        """The kernel-free version: HTML controls that swap precomputed frames.

        Returns
        -------
        str
            A ``<style>`` (``helpers/static/explorer.css``) and a self-contained ``<div
            class="nb-explorer">``: one labelled control per parameter (a range slider whose
            ``aria-valuetext`` and ``<output>`` give the formatted value; radio buttons in a
            ``<fieldset>`` with a ``<legend>``; or a ``<select>``), the starting frame as an
            ``<img>`` (with a "Full size" button, shown when the page scales the picture
            down, as on a phone), every frame as base64 PNG in a JSON ``<script>`` (with
            the frames the PDF edition prints, drawn at :data:`PRINT_SCALE` times the dpi), and
            ``helpers/static/explorer.js``, which shows the frame of the controls' values.
            It needs no kernel and no network.
        """
        frames = [base64.b64encode(png).decode("ascii") for png in self.frames()]
        printed, print_pngs = self._printed()
        uid = f"explorer-{hashlib.sha1(''.join(frames).encode()).hexdigest()[:12]}-{next(_ids)}"
        controls = "\n".join(self._control_html(k, name, f"{uid}-{k}") for k, name in enumerate(self.names))
        data = json.dumps({
            "labels": [self.labels[name] for name in self.names],
            "texts": [self.texts[name] for name in self.names],
            "alt": self.alt,
            "frames": frames,
            # for the PDF edition (tools/pdf_edition.js): the frames it prints, drawn sharper
            "printed": printed,
            "print_scale": PRINT_SCALE,
            "print_frames": [base64.b64encode(png).decode("ascii") for png in print_pngs],
        }, ensure_ascii=False).replace("<", "\\u003c")  # no "</script>" in a label can end the data early
        start_parts = ", ".join(f"{self.labels[n]} {self.texts[n][self.start[n]]}" for n in self.names)
        mount = ('NbExplorer.mount(document.currentScript && document.currentScript.closest(".nb-explorer") '
                 f'|| document.getElementById("{uid}"));')
        return (
            f"<style>{_static('explorer.css')}</style>\n"
            f'<div class="nb-explorer" id="{uid}" style="max-width:{self.figsize[0] * self.dpi + 20:.0f}px">\n'
            f'<div class="nb-explorer-controls">\n{controls}\n</div>\n'
            # on a narrow screen the picture is scaled down; the button (shown by the script
            # only then) shows it at full size, to scroll sideways
            f'<button type="button" class="nb-explorer-zoom" aria-pressed="false" aria-controls="{uid}-figure" '
            f"hidden>Full size</button>\n"
            f'<div class="nb-explorer-figure" id="{uid}-figure">'
            f'<img class="nb-explorer-frame" src="data:image/png;base64,{frames[self._start_index()]}" '
            f'alt="{html.escape(f"{self.alt} ({start_parts})")}"></div>\n'
            f'<script type="application/json" class="nb-explorer-data">{data}</script>\n'
            f"<script>\n{_static('explorer.js')}\n{mount}\n</script>\n</div>"
        )

    def _control_html(self, k, name, cid):
        """The HTML of control ``k``: a labelled slider, radio buttons in a fieldset, or a select."""
        label, texts, start = html.escape(self.labels[name]), self.texts[name], self.start[name]
        if not self.categories[name]:
            text = html.escape(texts[start])
            return (f'<div class="nb-explorer-control"><label for="{cid}">{label}</label>'
                    f'<input type="range" id="{cid}" data-control="{k}" min="0" max="{len(texts) - 1}" step="1" '
                    f'value="{start}" aria-valuetext="{text}">'
                    f'<output for="{cid}" aria-hidden="true">{text}</output></div>')
        if len(texts) > MAX_BUTTONS:
            options = "".join(f'<option value="{i}"{" selected" if i == start else ""}>{html.escape(t)}</option>'
                              for i, t in enumerate(texts))
            return (f'<div class="nb-explorer-control"><label for="{cid}">{label}</label>'
                    f'<select id="{cid}" data-control="{k}">{options}</select></div>')
        options = "".join(
            f'<label><input type="radio" name="{cid}" value="{i}"{" checked" if i == start else ""}>'
            f"{html.escape(t)}</label>"
            for i, t in enumerate(texts)
        )
        return (f'<fieldset class="nb-explorer-control" data-control="{k}"><legend>{label}</legend>'
                f'<div class="nb-explorer-options">{options}</div></fieldset>')

    def widget(self):
        """The live version: ipywidgets controls that redraw the figure.

        Returns
        -------
        ipywidgets.VBox
            One control per parameter, labelled in words and showing formatted values: a
            ``SelectionSlider`` for numbers, ``ToggleButtons`` for categories (a
            ``Dropdown`` beyond :data:`MAX_BUTTONS` values), above an output area that shows
            :meth:`render` of the current values; it needs a running kernel.

        Raises
        ------
        ImportError
            ipywidgets is not installed (the HTML version still works).
        """
        import ipywidgets as widgets
        from IPython.display import Image, display

        controls = {}
        for name in self.names:
            options = list(zip(self.texts[name], self.values[name]))
            if not self.categories[name]:
                kind = widgets.SelectionSlider
            elif len(options) > MAX_BUTTONS:
                kind = widgets.Dropdown
            else:
                kind = widgets.ToggleButtons
            controls[name] = kind(
                options=options,
                value=self.values[name][self.start[name]],
                description=self.labels[name],
                style={"description_width": "initial"},  # the whole label, not cut to 8 characters
            )
            if kind is widgets.SelectionSlider:
                controls[name].continuous_update = True

        def update(**values):
            display(Image(self.render(**values)))

        output = widgets.interactive_output(update, controls)
        return widgets.VBox([*controls.values(), output])

    def _repr_mimebundle_(self, include=None, exclude=None):
        over = ", ".join(self.labels[name] for name in self.names)
        bundle = {"text/plain": f"<Explorer over {over}>", "text/html": self.to_html()}
        try:
            widget_bundle = self.widget()._repr_mimebundle_()
            widget_bundle.pop("text/plain", None)  # ours names the controls in words
            bundle.update(widget_bundle)
        except ImportError:  # no ipywidgets: the static sliders still work
            pass
        return bundle
