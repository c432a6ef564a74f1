"""Your turn: check a function you wrote, and learn which well-known mistake it makes.

Used by every chapter (its "Your turn" section); introduced in chapter 1. The reader writes
the chapter's key function in a stub cell and runs one call::

    from helpers.selfcheck import check, EXERCISES
    result = check("cross_entropy_grad", my_cross_entropy_grad)

The check runs the function on small fixed inputs, seeded random ones and the extremes the
chapter teaches, compares it with the ``helpers`` function of the same contract, and stops
at the first case it gets wrong. The result says which input (printed, it is small), what
was expected and what came back, and, when the output is exactly what a well-known mistake
produces, names that mistake and gives a hint (never the solution). A function that is
right passes, however it is written; the message then says how its speed compares with
the reference.

``check`` never raises because of the reader's code. Besides the named mistakes of each
exercise (listed by :func:`mistakes`), ``result.mistake`` can be one of these generic ids:

* ``"not_implemented"``: the function still raises ``NotImplementedError`` (the stub);
* ``"raised"``: it raised another exception;
* ``"returned_none"``, ``"wrong_type"``, ``"wrong_shape"``, ``"wrong_dtype"``: what it
  returned is missing or has the wrong form;
* ``"not_finite"``: NaN or inf where the answer is finite;
* ``"modified_input"``: it changed an array it was given;
* ``"wrong_values"``: wrong numbers that match no named mistake.

In the built book no code runs, so there ``check`` on the untouched stub shows, in place of a
verdict the reader cannot change, how to open the chapter where code runs and what the check
says to one typical mistake (run as the book is built). The book's build tells the kernels so
through the environment variable named by :data:`BOOK_LINKS_VARIABLE` (``_ext/your_turn_links.py``
sets it); JupyterLab, Colab and nbval do not set it and get the live check.

The engine lives in ``helpers._selfcheck_runner``; each exercise (its cases and mistake
table) in its own module ``helpers._selfcheck_<id>``, listed by ``helpers._selfcheck_exercises``.
"""

import html
import inspect
import json
import os
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from . import _selfcheck_exercises as _exercises

GENERIC_MISTAKES = ("not_implemented", "raised", "returned_none", "wrong_type", "wrong_shape",
                    "wrong_dtype", "not_finite", "modified_input", "wrong_values")


class Exercise(NamedTuple):
    """One exercise: the chapter it belongs to, the call it expects, and its contract.

    Introduced in chapter 1 (every chapter has one or two).

    Attributes
    ----------
    chapter : int
        The chapter whose "Your turn" section sets it.
    signature : str
        How the check calls the reader's function, e.g. ``"fn(logits, labels)"``.
    contract : str
        One line: what the function must return.
    """

    chapter: int
    signature: str
    contract: str


EXERCISES = MappingProxyType({
    "numerical_gradient": Exercise(
        1, "fn(f, x)", "the central-difference gradient of the scalar function f at x, shaped like x (x of any "
                       "shape, 0-d included, with zero, negative or integer entries; x must not change), in "
                       "float64 within a relative 1e-7 of the exact gradient, with f called at x + h e_i and "
                       "x - h e_i for every coordinate i (real steps)"),
    "cross_entropy_grad": Exercise(
        1, "fn(logits, labels)", "the (n, k) gradient of each sample's softmax cross-entropy with respect "
                                 "to its own logits, as helpers.losses.cross_entropy_grad, for logits up to "
                                 "+-1000 and gaps of 1000 between them; float64, within a relative 1e-7"),
    "log_sigmoid": Exercise(
        2, "fn(z)", "log(sigmoid(z)) elementwise for z of any shape (0-d included), accurate for every "
                    "finite z (-800 and 800 included): float64, within a relative 1e-8 of "
                    "helpers.activations.log_sigmoid"),
    "multiclass_hinge": Exercise(
        3, "fn(scores, labels)", "the (n,) Weston-Watkins multiclass hinge losses with margin 1, "
                                 "as helpers.losses.multiclass_hinge; float64, within a relative 1e-10"),
    "multiclass_hinge_grad": Exercise(
        3, "fn(scores, labels)", "the (n, k) subgradient of each sample's Weston-Watkins hinge loss, "
                                 "as helpers.losses.multiclass_hinge_grad (a term exactly at its kink counts "
                                 "as inactive); any real dtype (the entries are whole numbers), within 1e-7"),
    "softmax_regression_grad": Exercise(
        4, "fn(W, b, X, y)", "(grad_W, grad_b), shapes (k, d) and (k,), of the mean cross-entropy of "
                             "the scores X @ W.T + b, as helpers.linear.softmax_objective, for logits up to "
                             "+-1000; float64, within a relative 1e-6"),
    "snapshot_pca": Exercise(
        5, "fn(X, k)", "the top-k principal axes of X (N, M) as unit rows, shape (k, M), any sign, "
                       "for N < M and N > M alike, as helpers.pca.SnapshotPCA; float64, each entry within "
                       "1e-9 of the axis (float32 arithmetic is not that close)"),
    "class_centroids": Exercise(
        6, "fn(X, labels, n_classes)", "the (n_classes, d) class means, NaN rows for classes with no "
                                       "points, as helpers.ragged.class_centroids; float64, within a "
                                       "relative 1e-9"),
})

# Set by the book's build (_ext/your_turn_links.py) for the kernels that execute the chapters:
# JSON, chapter number -> {"notebook", "colab", "binder", "download"}: the chapter's notebook
# (path in the repository), its Colab and Binder launch URLs (as the page's launch buttons) and
# the page-relative link to the notebook the page's download button serves.
BOOK_LINKS_VARIABLE = "ML_FROM_SCRATCH_BOOK_LINKS"
# The README's command that opens the book in JupyterLab (run in the book's folder, so that
# the chapters' links to ../notation.md are served too).
JUPYTERLAB_COMMAND = ".venv/bin/jupyter lab"

_CHECKERS = {exercise_id: (module.check, module.MISTAKES) for exercise_id, module in _exercises.MODULES.items()}

# Colours of the result box: dark text on a light background, contrast well above WCAG AA;
# the word and the symbol carry the verdict too, so the colour is never the only signal.
_STYLES = {
    True: ("\u2713", "Passed", "#1a7f37", "#e8f5ec", "#0f3d1e"),
    False: ("\u2717", "Not yet", "#b42318", "#fdecea", "#5c1109"),
}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check`: passed or not, the mistake's id, and a message.

    Introduced in chapter 1. Shown as a short coloured box in Jupyter (a ✓/✗ symbol and
    the word "Passed" or "Not yet" say the verdict without colour) and as plain text
    elsewhere (``print(result)``).

    Attributes
    ----------
    exercise : str
        The exercise id, a key of :data:`EXERCISES`.
    passed : bool
        True when the function was right on every case.
    mistake : str or None
        None when it passed; else the id of the recognised mistake (see :func:`mistakes`)
        or a generic id such as ``"wrong_values"`` (listed in this module's docstring).
    message : str
        What went wrong, on which input, expected against got, and a hint; or, when it
        passed, the cases it passed and how its speed compares with the reference.
    folded : bool
        Shown in a closed fold in Jupyter (``check(..., folded=True)``, the worked solutions).
    """

    exercise: str
    passed: bool
    mistake: object
    message: str
    folded: bool = field(default=False, repr=False)

    def _headline(self):
        symbol, word = _STYLES[self.passed][:2]
        mistake = "" if self.mistake is None else f" (mistake: {self.mistake})"
        return f"{symbol} {word}: {self.exercise}{mistake}"

    def __str__(self):
        return f"{self._headline()}\n{self.message}"

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        box = self._box_html()
        if not self.folded:
            return box
        # a worked solution's verdict: Run All shows every cell's output (JupyterLab unfolds a
        # cell's hidden output when it runs it), so the verdict waits in a closed fold instead
        # (display: list-item keeps the disclosure triangle, which JupyterLab's styles remove)
        return (f'<details class="selfcheck-folded"><summary style="display:list-item;cursor:pointer">'
                f'The check of the worked solution (open it when you are ready to see it)</summary>'
                f'{box}</details>')

    def _box_html(self):
        symbol, word, border, background, text = _STYLES[self.passed]
        mistake = "" if self.mistake is None else f' &middot; mistake: <code>{html.escape(self.mistake)}</code>'
        return (
            f'<div class="selfcheck-result" style="border:1px solid {border};border-left:6px solid {border};'
            f'background:{background};color:{text};padding:.5em .8em;margin:.3em 0;border-radius:4px;'
            f'max-width:60em">'
            f'<strong><span aria-hidden="true">{symbol}</span> {word}</strong>: '
            f'<code>{html.escape(self.exercise)}</code>{mistake}'
            f'<pre style="white-space:pre-wrap;margin:.4em 0 0;background:transparent;color:inherit;'
            f'border:0;padding:0;font-size:.9em">{html.escape(self.message)}</pre></div>'
        )


def _exercise_id(exercise_id):
    if not isinstance(exercise_id, str) or exercise_id not in EXERCISES:
        raise ValueError(f"exercise_id must be one of {', '.join(EXERCISES)}; got {exercise_id!r}")
    return exercise_id


_STATIC_STYLE = ("border:1px solid #2f5597;border-left:6px solid #2f5597;background:#eef3fb;"
                 "color:#14233f;padding:.5em .8em;margin:.3em 0;border-radius:4px;max-width:60em")
# the links' own colour: the theme's link colour (dark mode included) is not made for this background
_LINK_STYLE = "color:#1d3f8f;text-decoration:underline"
_PRE_STYLE = ("white-space:pre-wrap;margin:.4em 0;color:inherit;border:0;padding:.3em .5em;"
              "font-size:.9em;background:rgba(255,255,255,.6)")


@dataclass(frozen=True)
class StaticPageResult(CheckResult):
    """What :func:`check` returns for the untouched stub while the book is built.

    Introduced in chapter 1. The built page cannot run the reader's code, so instead of a
    verdict it shows how to open the chapter where code runs (JupyterLab, Colab, Binder, the
    notebook file) and what the check said, during the build, to one typical mistake.

    Attributes
    ----------
    exercise, passed, mistake, message, folded
        As in :class:`CheckResult`: the exercise, False, ``"not_implemented"``, a short
        message, and False.
    links : dict
        The chapter's ``notebook``, ``colab``, ``binder`` and ``download`` links.
    example : CheckResult
        The check's real result on the typical mistake.
    example_source : str
        The typical mistake's code.
    """

    links: dict = field(default_factory=dict)
    example: object = None
    example_source: str = ""

    def __str__(self):
        return (f"This page does not run code, so the check cannot run your function here. Open the chapter "
                f"where code runs: JupyterLab ({JUPYTERLAB_COMMAND}, then {self.links['notebook']}), "
                f"Colab ({self.links['colab']}), Binder ({self.links['binder']}) or the notebook file "
                f"({self.links['download']}); edit the stub cell, run it, then run the check.\n"
                f"What the check says to a typical mistake:\n{self.example_source}\n"
                f"mistake: {self.example.mistake}\n{self.example.message}")

    def _repr_html_(self):
        links = {key: html.escape(value, quote=True) for key, value in self.links.items()}
        notebook = html.escape(self.links["notebook"].rsplit("/", 1)[-1])
        example = self.example
        return (
            f'<div class="selfcheck-static" style="{_STATIC_STYLE}">'
            f'<p style="margin:0 0 .3em"><strong>Do this exercise where code runs.</strong> This page '
            f'does not run code, so the check cannot run your function here. Open this chapter in:</p>'
            f'<ul style="margin:0 0 .3em">'
            f'<li>JupyterLab on your computer: in a copy of the book\'s repository, with the README\'s '
            f'setup, run <code>{html.escape(JUPYTERLAB_COMMAND)}</code> in its folder and open '
            f'<code>chapters/{notebook}</code>;</li>'
            f'<li>your browser: <a class="selfcheck-launch" style="{_LINK_STYLE}" href="{links["colab"]}">open it in Colab</a> '
            f'or <a class="selfcheck-launch" style="{_LINK_STYLE}" href="{links["binder"]}">open it in Binder</a>;</li>'
            f'<li>any Jupyter: <a class="selfcheck-download" style="{_LINK_STYLE}" href="{links["download"]}" download>'
            f'download the notebook</a> (<code>{notebook}</code>).</li></ul>'
            f'<p style="margin:0 0 .3em">There, edit the stub cell above, run it, then run the check. '
            f'This is what the check said, when this page was built, to a typical mistake:</p>'
            f'<pre class="selfcheck-example-code" style="{_PRE_STYLE}">{html.escape(self.example_source)}</pre>'
            f'<div class="selfcheck-example" style="{_PRE_STYLE}"><span aria-hidden="true">\u2717</span> '
            f'mistake: <code>{html.escape(str(example.mistake))}</code>'
            f'<pre style="{_PRE_STYLE};padding:0;background:transparent">{html.escape(example.message)}</pre>'
            f'</div></div>'
        )


def _book_links(chapter):
    """The chapter's links when the book's build runs this kernel, else None."""
    value = os.environ.get(BOOK_LINKS_VARIABLE)
    if not value:
        return None
    return json.loads(value)[str(chapter)]


def _static_result(exercise_id, links):
    fn, _ = _exercises.MODULES[exercise_id].TYPICAL_MISTAKE
    example = check(exercise_id, fn)
    return StaticPageResult(exercise_id, False, "not_implemented", "this page does not run code",
                            links=links, example=example, example_source=inspect.getsource(fn).rstrip())


def check(exercise_id, fn, *, folded=False):
    """Run the self-check of an exercise on the reader's function.

    Introduced in chapter 1; every chapter's "Your turn" section calls it.

    Parameters
    ----------
    exercise_id : str
        A key of :data:`EXERCISES`, e.g. ``"cross_entropy_grad"``.
    fn : callable
        The reader's function, called as ``EXERCISES[exercise_id].signature`` says. It is
        given copies of small inputs and must not modify them.
    folded : bool, optional
        Show the verdict in a closed fold (Jupyter): the worked solutions use it, so that
        running the whole chapter does not put their verdict next to the reader's. The book
        shows it open, inside the solution's own fold.

    Returns
    -------
    CheckResult
        ``passed``, ``mistake`` (None, a named mistake, or a generic id) and ``message``.
        While the book is built, the untouched stub gets a :class:`StaticPageResult`.
        Nothing the reader's function does (raise, return None or NaN, the wrong shape,
        modify its input) makes ``check`` raise.

    Raises
    ------
    ValueError
        An unknown ``exercise_id`` (the message lists the ids).
    TypeError
        ``fn`` is not callable.

    Examples
    --------
    >>> def my_log_sigmoid(z):
    ...     raise NotImplementedError  # the untouched stub
    >>> result = check("log_sigmoid", my_log_sigmoid)
    >>> result.passed, result.mistake
    (False, 'not_implemented')
    >>> import numpy as np
    >>> check("log_sigmoid", lambda z: np.log(1 / (1 + np.exp(-z)))).mistake
    'log_of_sigmoid'
    """
    exercise_id = _exercise_id(exercise_id)
    if not callable(fn):
        raise TypeError(f"fn must be your function (a callable, {EXERCISES[exercise_id].signature}), "
                        f"got {type(fn).__name__}; pass the function itself, without calling it")
    checker = _CHECKERS[exercise_id][0]
    try:
        verdict = checker(fn)
    except Exception as exc:  # noqa: BLE001 - a bug of the checker itself must not look like the reader's
        return CheckResult(exercise_id, False, "checker_error",
                           f"the checker itself failed ({type(exc).__name__}: {exc}); this is not your "
                           f"mistake: please report it.")
    links = _book_links(EXERCISES[exercise_id].chapter)
    if links is not None and verdict.mistake == "not_implemented":
        return _static_result(exercise_id, links)
    return CheckResult(exercise_id, verdict.passed, verdict.mistake, verdict.message,
                       folded=folded and links is None)


def mistakes(exercise_id):
    """The well-known mistakes an exercise's check recognises, with their titles.

    Introduced in chapter 1.

    Parameters
    ----------
    exercise_id : str
        A key of :data:`EXERCISES`.

    Returns
    -------
    dict
        Mistake id -> one-line title, in the order they are tried.

    Examples
    --------
    >>> list(mistakes("log_sigmoid"))
    ['wrong_sign', 'log_of_sigmoid', 'exp_overflow', 'log_not_log1p']
    """
    return {m.id: m.title for m in _CHECKERS[_exercise_id(exercise_id)][1]}
