"""The loss playground of chapter 3 (re-exported by :mod:`helpers.interactive`).

A linear classifier on 2-D points of three classes, after CS231n's interactive demo: the
reader turns and stretches each class's weight vector, shifts its bias, picks the loss
(Weston-Watkins hinge, Crammer-Singer hinge, softmax cross-entropy), the margin and the L2
strength, and takes gradient steps. Everything is computed in the page by the JavaScript in
``helpers/static/playground.js``, which this module inlines, with its CSS and the data, into
one ``text/html`` output: it needs no kernel and no network, in the built book (also from
``file://``) and as a JupyterLab cell output alike.
"""

import hashlib
import html
import itertools
import json
from importlib import resources
from pathlib import Path

import numpy as np

from ._validation import as_design_matrix, as_float_array, as_labels, check_positive

LOSSES = ("weston-watkins", "crammer-singer", "softmax")
N_CLASSES = 3
_ids = itertools.count()


def _static(name):
    return resources.files("helpers").joinpath("static", name).read_text(encoding="utf-8")


def loss_playground(X, y, W=None, b=None, *, loss="weston-watkins", delta=1.0, l2=1e-3, learning_rate=0.1):
    """Place the loss playground, a live linear classifier on 2-D data, in a notebook.

    Introduced in chapter 3.

    The reader controls each class's weight vector (angle and length, by sliders or by
    dragging its arrow) and bias, chooses the loss and sets the margin, the L2 strength and
    the step size; the page shows the class regions, every point's loss (as its size), the
    data loss and the regularisation, and takes gradient steps (buttons Step, Run, Reset)
    with a plot of the objective over the steps. The JavaScript computes exactly what
    :mod:`helpers.losses` computes: the data loss is the mean of the points' losses, the
    objective adds ``l2 / 2 * ||W||**2`` (the bias is not penalised), and a step is
    ``W -= learning_rate * grad_W``, ``b -= learning_rate * grad_b``.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        The points, one per row.
    y : array_like of int, shape (n,)
        Their classes, in ``[0, 3)``.
    W : array_like, shape (3, 2), optional
        The starting weights, one row per class. Default: unit vectors at 90, 210 and 330
        degrees.
    b : array_like, shape (3,), optional
        The starting biases. Default: zeros.
    loss : {"weston-watkins", "crammer-singer", "softmax"}
        The loss shown first (the reader can switch): the two multiclass hinges of
        :func:`helpers.losses.multiclass_hinge`, or softmax cross-entropy
        (:func:`helpers.losses.cross_entropy`).
    delta : float, default 1.0
        The hinge margin, >= 0.
    l2 : float, default 1e-3
        The L2 strength, >= 0.
    learning_rate : float, default 0.1
        The step size of the gradient steps, > 0.

    Returns
    -------
    LossPlayground
        Displays itself as the last expression of a cell (``text/html`` with the script
        and styles inlined); :meth:`LossPlayground.save` writes it as a standalone page.

    Raises
    ------
    ValueError
        ``X`` not of shape (n, 2), labels outside ``[0, 3)`` or not one per point, ``W`` not
        (3, 2), ``b`` not (3,), a negative ``delta`` or ``l2``, a ``learning_rate`` <= 0, or
        an unknown ``loss``.
    TypeError
        Non-numeric arrays, non-integer labels or non-numbers for the hyperparameters.

    Notes
    -----
    In the page, the playground's root element (it carries a ``data-playground``
    attribute) has a ``playground`` property: ``compute({W, b, loss, delta, l2,
    learning_rate})`` returns the scores, every point's loss and score gradient, the data
    and regularisation losses, ``grad_W``, ``grad_b`` and the weights after one step,
    without changing anything; ``getState()``, ``setState(...)``, ``step()``, ``reset()``
    and ``update()`` (recompute and redraw, returns milliseconds) complete it. The header
    of ``helpers/static/playground.js`` documents them.

    Examples
    --------
    >>> X = [[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]]
    >>> playground = loss_playground(X, [0, 1, 2], delta=1.0)
    >>> "data-playground" in playground.to_html()
    True
    """
    return LossPlayground(X, y, W, b, loss=loss, delta=delta, l2=l2, learning_rate=learning_rate)


def _number(value, name, *, allow_zero):
    check_positive(value, name, allow_zero=allow_zero)
    return float(value)


class LossPlayground:
    """The object :func:`loss_playground` returns; see there.

    Introduced in chapter 3. Make one with :func:`loss_playground`, which validates and
    passes its arguments on; as the last expression of a cell it displays itself.

    Parameters
    ----------
    X : array_like, shape (n, 2)
        The points.
    y : array_like of int, shape (n,)
        Their classes, in ``[0, 3)``.
    W : array_like, shape (3, 2), or None
        The starting weights (None: unit vectors at 90, 210 and 330 degrees).
    b : array_like, shape (3,), or None
        The starting biases (None: zeros).
    loss : str
        One of ``"weston-watkins"``, ``"crammer-singer"``, ``"softmax"``.
    delta : float
        The hinge margin, >= 0.
    l2 : float
        The L2 strength, >= 0.
    learning_rate : float
        The step size, > 0.

    Attributes
    ----------
    X : ndarray, shape (n, 2)
        A float64 copy of the points.
    y : ndarray of int64, shape (n,)
        A copy of the labels.
    W : ndarray, shape (3, 2)
        The starting weights (a copy).
    b : ndarray, shape (3,)
        The starting biases (a copy).
    loss, delta, l2, learning_rate
        The starting settings.

    Examples
    --------
    >>> playground = loss_playground([[1.0, 0.0], [0.0, 1.0]], [0, 2])
    >>> playground.W.shape, playground.b.shape
    ((3, 2), (3,))
    """

    def __init__(self, X, y, W=None, b=None, *, loss="weston-watkins", delta=1.0, l2=1e-3, learning_rate=0.1):
        X = as_design_matrix(X, "X")
        if X.shape[1] != 2:
            raise ValueError(f"X must have shape (n_samples, 2): the playground draws points on the plane; "
                             f"got shape {X.shape}")
        self.X = X.astype(np.float64)
        self.y = as_labels(y, X.shape[:1], n_classes=N_CLASSES, name="y", rows_of="X").copy()
        if W is None:
            angles = np.radians([90.0, 210.0, 330.0])
            W = np.column_stack([np.cos(angles), np.sin(angles)])
        W = as_float_array(W, "W").astype(np.float64)
        if W.shape != (N_CLASSES, 2):
            raise ValueError(f"W must have shape (3, 2): one row of 2 weights per class (n_classes, n_features); "
                             f"got shape {W.shape}")
        b = np.zeros(N_CLASSES) if b is None else as_float_array(b, "b").astype(np.float64)
        if b.shape != (N_CLASSES,):
            raise ValueError(f"b must have shape (3,): one bias per class; got shape {b.shape}")
        self.W, self.b = W, b
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
        self.loss = loss
        self.delta = _number(delta, "delta", allow_zero=True)
        self.l2 = _number(l2, "l2", allow_zero=True)
        self.learning_rate = _number(learning_rate, "learning_rate", allow_zero=False)

    def data(self):
        """What the page receives: the points, labels and starting settings, as plain lists.

        Returns
        -------
        dict
            Keys ``X``, ``y``, ``W``, ``b``, ``loss``, ``delta``, ``l2``, ``learning_rate``;
            floats are written with all their digits, so the page computes on the same numbers.
        """
        return {"X": self.X.tolist(), "y": self.y.tolist(), "W": self.W.tolist(), "b": self.b.tolist(),
                "loss": self.loss, "delta": self.delta, "l2": self.l2, "learning_rate": self.learning_rate}

    def to_html(self):
        """The playground as one self-contained HTML fragment.

        Returns
        -------
        str
            A ``<style>`` (``helpers/static/playground.css``), the root ``<div
            data-playground>`` holding the data as a JSON ``<script>`` and a message for
            readers without JavaScript, and a ``<script>`` with
            ``helpers/static/playground.js`` that builds the playground into it. Nothing is
            fetched.
        """
        # "<" escaped as \u003c (still valid JSON), so no "</script>" can end the data early
        data = json.dumps(self.data(), separators=(",", ":")).replace("<", "\\u003c")
        # a stable id (same data, same page), unique among the playgrounds of one session
        uid = f"loss-playground-{hashlib.sha1(data.encode()).hexdigest()[:10]}-{next(_ids)}"
        mount = (f'LossPlayground.mount(document.currentScript && document.currentScript.previousElementSibling '
                 f'&& document.currentScript.previousElementSibling.hasAttribute("data-playground") '
                 f'? document.currentScript.previousElementSibling : document.getElementById("{uid}"));')
        return (
            f"<style>{_static('playground.css')}</style>\n"
            f'<div class="lp" id="{uid}" data-playground role="group" aria-label="Loss playground">'
            f'<script type="application/json" class="lp-data">{data}</script>'
            f"<p>{html.escape('The loss playground needs JavaScript. In JupyterLab, run the cell: the output of a cell you ran is trusted, and its script runs.')}</p>"
            f"</div>\n<script>\n{_static('playground.js')}\n{mount}\n</script>"
        )

    def save(self, path):
        """Write the playground as a standalone HTML page (opens from ``file://``).

        Parameters
        ----------
        path : str or os.PathLike
            Where to write the page.

        Returns
        -------
        pathlib.Path
            The path written.
        """
        path = Path(path)
        path.write_text(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>Loss playground</title>\n</head>\n<body>\n<main>\n<h1>Loss playground</h1>\n"
            f"{self.to_html()}\n</main>\n</body>\n</html>\n",
            encoding="utf-8",
        )
        return path

    def _repr_html_(self):
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": f"<LossPlayground: {len(self.y)} points, {self.loss}, delta={self.delta}>",
                "text/html": self.to_html()}
