"""Slider explorers that work live in Jupyter and, with no kernel, in the built HTML book.

Introduced in chapter 1. One call, two behaviours::

    explore(draw, eps=np.logspace(-12, -1, 23), dtype=["float64", "float32"])

* In Jupyter the output is a real ipywidgets slider panel; moving a slider calls
  ``draw`` again and shows the new figure.
* The same output also carries a ``text/html`` version: every combination of slider
  values is drawn once, up front, and a few lines of JavaScript swap the pictures as
  the reader moves plain HTML sliders. The book's configuration tells myst-nb to
  prefer that version, so the static book needs no kernel and no network.
"""

import base64
import hashlib
import html
import io
import itertools
import json
import math

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from ._playground import LossPlayground, loss_playground  # noqa: F401 (chapter 3's loss playground)
from ._questions import Question, choice_question, numeric_question  # noqa: F401 (check-yourself questions)

MAX_FRAMES = 150  # at 10-15 kB a frame, a page with an explorer or two stays well under 5 MB


def explore(draw, *, figsize=(6.4, 4.0), dpi=80, max_frames=MAX_FRAMES, initial=None, alt="figure", **params):
    """Make a slider explorer for a figure that depends on one or more parameters.

    Introduced in chapter 1.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws one state onto ``fig``, a fresh
        :class:`matplotlib.figure.Figure` (add axes with ``fig.subplots()``).
    figsize, dpi
        Size of each figure in inches and its resolution.
    max_frames : int
        The static version draws one frame per combination of values; more than this
        many raises ``ValueError`` (use fewer values per slider).
    initial : dict, optional
        Starting value for some parameters; the first value of each otherwise.
    alt : str
        Text alternative for the picture; the current values are appended to it.
    **params : sequence
        One slider per keyword: the values it steps through (numbers or strings).

    Returns
    -------
    Explorer
        Displays itself (as the last expression of a cell, or with ``display``).

    Examples
    --------
    >>> def draw(fig, a):
    ...     fig.subplots().plot([0, 1], [0, a])
    >>> explorer = explore(draw, a=[1, 2, 3])
    >>> len(explorer.frames())
    3
    """
    return Explorer(draw, params, figsize=figsize, dpi=dpi, max_frames=max_frames, initial=initial, alt=alt)


def _label(value):
    if isinstance(value, str):
        return value
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


class Explorer:
    """The object :func:`explore` returns; see there.

    Introduced in chapter 1. Make one with :func:`explore`, which passes its keyword
    arguments on; as the last expression of a notebook cell it displays itself, both as live
    ipywidgets sliders and as the kernel-free HTML of :meth:`to_html`.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws one state onto a fresh :class:`matplotlib.figure.Figure`.
    params : dict of str to sequence
        One slider per key: the values it steps through (a NumPy array works too).
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
        The parameters, in slider order.
    values : dict of str to list
        Each parameter's values.
    start : dict of str to int
        The index of each parameter's starting value.

    Raises
    ------
    TypeError
        ``draw`` is not callable.
    ValueError
        No parameters, a parameter with no values, more than ``max_frames`` combinations,
        or an ``initial`` value that is not among its parameter's values.

    Examples
    --------
    >>> explorer = explore(lambda fig, a: fig.subplots().plot([0, 1], [0, a]), a=[1, 2])
    >>> explorer.names, explorer.values
    (['a'], {'a': [1, 2]})
    """

    def __init__(self, draw, params, *, figsize, dpi, max_frames, initial, alt):
        if not callable(draw):
            raise TypeError(f"draw must be a callable draw(fig, **values), got {type(draw).__name__}")
        if not params:
            raise ValueError("give at least one parameter to explore, e.g. explore(draw, eps=[1e-6, 1e-3])")
        self.draw, self.figsize, self.dpi, self.alt = draw, figsize, dpi, alt
        self.names = list(params)
        self.values = {}
        for name, values in params.items():
            values = list(values.tolist() if isinstance(values, np.ndarray) else values)
            if not values:
                raise ValueError(f"parameter {name!r} has no values; pass a non-empty sequence")
            self.values[name] = values
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
        fig = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
        self.draw(fig, **values)
        rendered = io.BytesIO()
        fig.savefig(rendered, format="png")
        # A 64-colour palette keeps line plots crisp at a quarter of the bytes,
        # which is what lets a page carry a hundred frames.
        palette = Image.open(rendered).convert("RGB").quantize(colors=64)
        compact = io.BytesIO()
        palette.save(compact, format="PNG", optimize=True)
        return compact.getvalue()

    def frames(self):
        """PNG bytes of every combination of values, in row-major order (last slider fastest).

        Drawn on the first call and kept: later calls return the same list.

        Returns
        -------
        list of bytes
            One PNG per combination, as :meth:`render` makes them.
        """
        if self._frames is None:
            grids = [self.values[name] for name in self.names]
            self._frames = [self.render(**dict(zip(self.names, combo))) for combo in itertools.product(*grids)]
        return self._frames

    def to_html(self):
        """The kernel-free version: HTML range sliders that swap precomputed frames.

        Returns
        -------
        str
            A self-contained ``<div>``: the sliders, the starting frame as an ``<img>``,
            every frame as base64 PNG in a JSON ``<script>``, and a few lines of JavaScript
            that show the frame of the sliders' values. It needs no kernel and no network.
        """
        frames = [base64.b64encode(png).decode("ascii") for png in self.frames()]
        uid = "explorer-" + hashlib.sha1("".join(frames).encode()).hexdigest()[:12]
        labels = [[_label(v) for v in self.values[name]] for name in self.names]
        start_index = 0
        for name in self.names:
            start_index = start_index * len(self.values[name]) + self.start[name]
        controls = "\n".join(
            f'<label style="display:flex;gap:.5em;align-items:center">'
            f'<span style="min-width:6em">{html.escape(name)}</span>'
            f'<input type="range" min="0" max="{len(labels[k]) - 1}" step="1" value="{self.start[name]}" '
            f'aria-valuetext="{html.escape(labels[k][self.start[name]])}" style="flex:1">'
            f'<output style="min-width:5em">{html.escape(labels[k][self.start[name]])}</output></label>'
            for k, name in enumerate(self.names)
        )
        data = json.dumps({"names": self.names, "labels": labels, "alt": self.alt, "frames": frames})
        return f"""<div class="nb-explorer" id="{uid}" style="max-width:{self.figsize[0] * self.dpi + 20:.0f}px">
<div class="nb-explorer-controls">{controls}</div>
<img class="nb-explorer-frame" src="data:image/png;base64,{frames[start_index]}" alt="{html.escape(self.alt)}" style="max-width:100%">
<script type="application/json" class="nb-explorer-data">{data}</script>
<script>
(function () {{
  var root = document.getElementById("{uid}");
  var data = JSON.parse(root.querySelector(".nb-explorer-data").textContent);
  var inputs = root.querySelectorAll("input[type=range]");
  var img = root.querySelector(".nb-explorer-frame");
  function show() {{
    var index = 0, parts = [];
    inputs.forEach(function (input, k) {{
      var i = Number(input.value), label = data.labels[k][i];
      index = index * data.labels[k].length + i;
      input.setAttribute("aria-valuetext", label);
      input.nextElementSibling.textContent = label;
      parts.push(data.names[k] + " = " + label);
    }});
    img.src = "data:image/png;base64," + data.frames[index];
    img.alt = data.alt + " (" + parts.join(", ") + ")";
  }}
  inputs.forEach(function (input) {{ input.addEventListener("input", show); }});
}})();
</script>
</div>"""

    def widget(self):
        """The live version: ipywidgets sliders that redraw the figure.

        Returns
        -------
        ipywidgets.VBox
            One ``SelectionSlider`` per parameter, above an output area that shows
            :meth:`render` of the current values; it needs a running kernel.

        Raises
        ------
        ImportError
            ipywidgets is not installed (the HTML version still works).
        """
        import ipywidgets as widgets
        from IPython.display import Image, display

        sliders = {
            name: widgets.SelectionSlider(
                options=[(_label(v), v) for v in self.values[name]],
                value=self.values[name][self.start[name]],
                description=name,
                continuous_update=True,
            )
            for name in self.names
        }

        def update(**values):
            display(Image(self.render(**values)))

        output = widgets.interactive_output(update, sliders)
        return widgets.VBox([*sliders.values(), output])

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": f"<Explorer over {', '.join(self.names)}>", "text/html": self.to_html()}
        try:
            bundle.update(self.widget()._repr_mimebundle_())
        except ImportError:  # no ipywidgets: the static sliders still work
            pass
        return bundle
