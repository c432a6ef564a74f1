"""The engine of :mod:`helpers.selfcheck`: run the reader's function, compare, name the mistake (private).

One job: given an exercise's cases (inputs with their right answers) and its table of
known mistakes, call the reader's function on each case, and stop at the first case where
something is wrong. Then say what: a named mistake if one of the table's detectors
recognises the output, otherwise a generic problem (an exception, ``None``, a wrong shape,
dtype or value, NaN, a modified input). The reader's code never makes this module raise.

A mistake detector is a function ``matches(run) -> bool``. Most are built by :func:`like`,
which runs a small *mistake model* (the specific wrong implementation) on the same input
and asks whether the reader's output is that model's output.
"""

import copy
import warnings
from typing import Callable, NamedTuple

import numpy as np

from .measure import best_time

# Tolerances for "the reader's output is what this wrong implementation gives": loose,
# because a reader's version of a slip differs from ours in round-off (or in the step h).
LIKE_RTOL, LIKE_ATOL = 1e-3, 1e-6


class Case(NamedTuple):
    """One input of an exercise and its right answer.

    ``args`` maps the argument names (shown in messages) to values, in call order;
    ``expected`` is an ndarray, or a tuple of them for a function that returns several;
    ``extreme`` marks the inputs that the chapter's numerical lessons are about;
    ``shown`` maps argument names to how messages print them, where four significant digits
    would hide what the case is about (e.g. a score of 1 + 2**-30).
    """

    label: str
    args: dict
    expected: object
    extreme: bool = False
    shown: dict = None


class Mistake(NamedTuple):
    """A well-known mistake: its short id, a one-line title, a hint, and its detector.

    ``on_error``: the mistake shows as an exception (e.g. arrays that do not broadcast), so
    the detector is also asked when the reader's function raised (``run.error`` is set and
    ``run.got`` is None); other detectors are asked only about a returned result.
    """

    id: str
    title: str
    hint: str
    matches: Callable
    on_error: bool = False


class Problem(NamedTuple):
    """A generic failure (no named mistake): its id, what exactly was wrong, and optionally
    a hint for this particular failure (replacing the exercise's generic one)."""

    id: str
    text: str
    hint: str = None
    shown: bool = False  # the expected/got printout already shows it (entry by entry)


class Spec(NamedTuple):
    """Everything :func:`run_exercise` needs to check one exercise."""

    id: str
    chapter: int
    reference: Callable          # the helper, called as reference(**args)
    reference_name: str          # shown in the timing line
    cases: Callable              # () -> list of Case (built on demand: no import-time work)
    mistakes: tuple              # of Mistake, most specific first
    hint: str                    # the generic hint when the values are wrong
    rtol: float = 1e-9
    atol: float = 1e-12
    outputs: tuple = ()          # names of the parts of a tuple result, e.g. ("grad_W", "grad_b")
    values_problem: Callable = None  # (got, expected, case) -> Problem or None; default: isclose
    audit: Callable = None           # (run) -> Problem or None, checked after the values pass
    bench: Callable = None           # () -> (label, args) for timing against the reference
    hints: tuple = ()                # (problem id, hint) pairs replacing GENERIC_HINTS for this exercise
    dtypes: str = "float64"          # what the contract accepts: "float64", or "real" (any int/float dtype)
    list_entries: bool = True        # list the entries outside the tolerance (False where signs are free)


class Run:
    """What the reader's function did on one case.

    Attributes: ``case``; ``args`` (the copies the function received, so detectors can
    look at what it did to them); ``raw`` (what it returned); ``got`` (the same as float
    arrays, or None when it cannot be read as numbers of the right structure); ``error``
    (the exception it raised, or None); ``modified`` (names of inputs it changed);
    ``warned`` (NumPy's runtime warnings, as text).
    """

    def __init__(self, case, args, raw, error, modified, warned):
        self.case, self.args, self.raw, self.error = case, args, raw, error
        self.modified, self.warned = modified, warned
        self.got = None


class Verdict(NamedTuple):
    """What :func:`run_exercise` found: passed, the mistake's id (or None) and the message."""

    passed: bool
    mistake: object
    message: str


# ----------------------------------------------------------------------------- calling


def call(fn, case):
    """Call ``fn`` on fresh copies of the case's inputs, catching everything it does."""
    args = copy.deepcopy(case.args)
    raw, error = None, None
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        try:
            raw = fn(*args.values())
        except Exception as exc:  # noqa: BLE001 - the reader's code may raise anything
            error = exc
    warned = sorted({str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)})
    modified = [name for name, value in case.args.items()
                if isinstance(value, np.ndarray) and not _same_array(value, args[name])]
    return Run(case, args, raw, error, modified, warned)


def _same_array(before, after):
    after = np.asarray(after)
    return before.shape == after.shape and np.array_equal(before, after, equal_nan=before.dtype.kind == "f")


def floats(raw):
    """``raw`` as a float ndarray, or None if it is not an array of real numbers."""
    if raw is None:
        return None
    try:
        arr = np.asarray(raw)
        return arr.astype(np.float64) if arr.dtype.kind in "fiub" else None
    except (TypeError, ValueError):
        return None


# ----------------------------------------------------------------------------- comparing


def close(a, b, rtol, atol):
    """Same structure, same shapes, equal values within tolerance (NaN equals NaN)."""
    if isinstance(b, tuple):
        return isinstance(a, tuple) and len(a) == len(b) and all(close(x, y, rtol, atol) for x, y in zip(a, b))
    if a is None or isinstance(a, tuple):
        return False
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))


def like(model, rtol=LIKE_RTOL, atol=LIKE_ATOL, same=None):
    """A detector: the reader's output equals what the wrong implementation ``model`` gives.

    ``model(**args)`` is the mistake written out. The detector only fires when, on this
    input, the model's output differs from the right answer (otherwise the input says
    nothing about the mistake). ``same(a, b)`` replaces the comparison (e.g. for axes
    that may flip sign).
    """
    same = same or (lambda a, b: close(a, b, rtol, atol))

    def matches(run):
        out = model(**copy.deepcopy(run.case.args))
        out = tuple(floats(o) for o in out) if isinstance(out, tuple) else floats(out)
        return not same(out, run.case.expected) and same(run.got, out)

    return matches


def array_problem(raw, got, expected, name, spec, case):
    """What is wrong with one returned array, or None."""
    if raw is None:
        return Problem("returned_none", f"{name} is None: did the function forget to `return` its result?")
    if got is None:
        return Problem("wrong_type", f"{name} is a {type(raw).__name__} that is not an array of real numbers")
    if got.shape != expected.shape:
        return _shape_problem(got, expected, name)
    dtype = np.asarray(raw).dtype
    if spec.dtypes == "float64" and (dtype.kind != "f" or dtype.itemsize < 8):
        return _dtype_problem(dtype, got, expected, name)
    bad = ~np.isfinite(got) & np.isfinite(expected)
    if bad.any():
        where = _index(np.argwhere(bad)[0])
        return Problem("not_finite", f"{name} contains {got[tuple(np.argwhere(bad)[0])]} at index {where}, "
                                     f"where the answer is the finite number {_num(expected[tuple(np.argwhere(bad)[0])])}",
                       shown=got.size > 1)
    if dtype.kind == "u" and (expected[np.isfinite(expected)] < 0).any():
        problem = values_mismatch(got, expected, spec.rtol, spec.atol, name)
        if problem is not None:
            return problem._replace(hint=f"{name.capitalize()} has the unsigned dtype {dtype}, which cannot hold "
                                         f"negative numbers: -1 is stored as {np.iinfo(dtype).max}. Use a signed "
                                         f"integer or a float dtype.")
    if spec.values_problem is not None:
        return spec.values_problem(got, expected, case)
    return values_mismatch(got, expected, spec.rtol, spec.atol, name)


def _shape_problem(got, expected, name):
    """A ``wrong_shape`` problem; its hint says what was seen (a transpose, an axis too many or too few)."""
    text = f"{name} has shape {got.shape}; expected shape {expected.shape}"
    if got.ndim == expected.ndim == 2 and got.shape == expected.shape[::-1]:
        return Problem("wrong_shape", text + " (the transpose)",
                       "The two axes are swapped: the contract (EXERCISES) says which axis comes first.")
    if got.ndim != expected.ndim:
        return Problem("wrong_shape", text + f" ({got.ndim} {'axis' if got.ndim == 1 else 'axes'} instead of "
                                             f"{expected.ndim})")
    return Problem("wrong_shape", text)


def _dtype_problem(dtype, got, expected, name):
    """A ``wrong_dtype`` problem whose hint is true of what came back."""
    text = f"{name} has dtype {dtype}; this exercise asks for float64"
    finite = np.isfinite(expected)
    if dtype.kind in "iub":
        if not np.array_equal(expected[finite], np.round(expected[finite])):
            return Problem("wrong_dtype", text, "An integer array cannot hold the fractions of the answer: "
                                                "the values were truncated. Compute (and return) floats.")
        return Problem("wrong_dtype", text, "Return a float64 array (for example with .astype(float)).")
    if dtype.kind == "f" and dtype.itemsize < 8:
        return Problem("wrong_dtype", text, f"{dtype} keeps only about {np.finfo(dtype).precision} significant "
                                            f"digits, fewer than the check's tolerance asks for: compute in float64.")
    return Problem("wrong_dtype", text, "Return a float64 array.")


def values_mismatch(got, expected, rtol, atol, name="the result"):
    """A ``wrong_values`` problem naming the first entry outside the tolerance, or None."""
    ok = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not ok.all():
        i = tuple(np.argwhere(~ok)[0])
        where = f" at index {_index(i)}" if got.ndim else ""
        count = f"{int((~ok).sum())} of {ok.size} entries differ" if ok.size > 1 else ""
        details = [d for d in (_relative_error(got[i], expected[i]).strip(" ()"), count) if d]
        text = f"{name} is wrong{where}: expected {_num(expected[i])}, got {_num(got[i])}"
        return Problem("wrong_values", text + (f" ({'; '.join(details)})" if details else ""),
                       shown=ok.size > 1)
    return None


def output_problem(run, spec):
    """Read the reader's output into ``run.got`` and return its first problem, or None."""
    expected = run.case.expected
    if spec.outputs:
        parts = run.raw
        if parts is None:
            return Problem("returned_none", "the function returned None: did it forget to `return`?")
        if not isinstance(parts, (tuple, list)) or len(parts) != len(spec.outputs):
            return Problem("wrong_type", f"the function must return a tuple ({', '.join(spec.outputs)}), "
                                         f"got {_kind(parts)}")
        run.got = tuple(floats(p) for p in parts)
        for name, raw, got, exp in zip(spec.outputs, parts, run.got, expected):
            problem = array_problem(raw, got, exp, name, spec, run.case)
            if problem:
                return problem
        return None
    run.got = floats(run.raw)
    return array_problem(run.raw, run.got, expected, "the result", spec, run.case)


# ----------------------------------------------------------------------------- the check


def run_exercise(fn, spec):
    """Run ``fn`` on every case of ``spec``; stop at the first failure; time it if it passes."""
    cases = spec.cases()
    for case in cases:
        run = call(fn, case)
        if isinstance(run.error, NotImplementedError):
            return Verdict(False, "not_implemented",
                           "not implemented yet: the function still raises NotImplementedError. "
                           "Replace the `raise` line with your code, then run the check again.")
        if run.error is not None:
            mistake = _recognise(run, [m for m in spec.mistakes if m.on_error])
            if mistake:
                return Verdict(False, mistake.id, _raised_mistake_message(run, spec, mistake))
            return Verdict(False, "raised", _raised_message(run, spec))
        problem = output_problem(run, spec)
        if problem is None and run.modified:
            problem = Problem("modified_input", _modified_text(run) + "; the result itself is within the tolerance")
        if problem is None and spec.audit is not None:
            problem = spec.audit(run)
        if problem is not None:
            mistake = _recognise(run, spec.mistakes)
            return Verdict(False, mistake.id if mistake else problem.id, _failure_message(run, spec, problem, mistake))
    return Verdict(True, None, _pass_message(fn, spec, cases))


def _recognise(run, mistakes):
    for mistake in mistakes:
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if mistake.matches(run):
                    return mistake
        except Exception:  # noqa: BLE001 - an odd output just does not match this mistake
            continue
    return None


# ----------------------------------------------------------------------------- messages

GENERIC_HINTS = {
    "returned_none": "End the function with `return` and the result.",
    "wrong_type": "Return a NumPy array (or the tuple of arrays the contract asks for).",
    "wrong_shape": "Return the shape the contract asks for: EXERCISES[{id!r}].contract says it.",
    "not_finite": "Some intermediate overflowed (exp of a large number) or divided 0 by 0; find the first "
                  "non-finite value with np.isfinite.",
    "modified_input": "Work on a copy (or build new arrays): the caller's arrays must come back unchanged.",
}


def _failure_message(run, spec, problem, mistake):
    lines = [f"{mistake.title if mistake else problem.text},", f"on {run.case.label}:"]
    lines += _inputs(run.case)
    lines += _expected_and_got(run, spec)
    if mistake and not problem.shown:
        lines.append(f"({problem.text})")
    if run.modified and problem.id != "modified_input":
        lines.append(f"Also: {_modified_text(run)}.")
    lines += _modified_lines(run)
    if run.warned:
        lines.append(f"NumPy warned: {'; '.join(run.warned)}.")
    hint = mistake.hint if mistake else (problem.hint or dict(spec.hints).get(problem.id)
                                         or GENERIC_HINTS.get(problem.id, "").format(id=spec.id) or spec.hint)
    lines.append(f"Hint: {hint} (chapter {spec.chapter})")
    return "\n".join(lines)


def _inputs(case):
    shown = case.shown or {}
    return [f"  {name} = {shown[name]}" if name in shown else _line(f"  {name} = ", value, dtype=False)
            for name, value in case.args.items()]


def _line(head, value, dtype=True, precision=4):
    return head + _show(value, indent=len(head), dtype=dtype, precision=precision)


def _expected_and_got(run, spec):
    if not spec.outputs:
        return _pair("expected: ", "got:      ", run.case.expected, run.raw, run.got, spec)
    if not isinstance(run.got, tuple):  # not a tuple of the right length: show what came back
        return [f"expected: a tuple ({', '.join(spec.outputs)})", _line("got:      ", run.raw)]
    lines = []
    for name, exp, raw, got in zip(spec.outputs, run.case.expected, run.raw, run.got):
        lines += _pair(f"expected {name}: ", f"got {name}:{' ' * 6}", exp, raw, got, spec, name)
    return lines


def _pair(head_expected, head_got, expected, raw, got, spec, name=None):
    """Expected and got, printed with enough digits to tell them apart, then the entries that differ.

    Four significant digits are shown unless the two printouts would then look alike while the
    arrays differ; then more, up to every digit. The entries outside the exercise's tolerance
    are listed (at most three) with their index, both values and the relative error.
    """
    precision, differing = 4, None
    if isinstance(got, np.ndarray) and isinstance(expected, np.ndarray) and got.shape == expected.shape:
        differing = ~np.isclose(got, expected, rtol=spec.rtol, atol=spec.atol, equal_nan=True)
        if not np.array_equal(got, expected, equal_nan=True):
            while precision < 17 and _show(expected, precision=precision, dtype=False) == _show(
                    raw, precision=precision, dtype=False):
                precision += 3
    lines = [_line(head_expected, expected, precision=precision), _line(head_got, raw, precision=precision)]
    if differing is not None and differing.any() and spec.list_entries and got.size > 1:
        where = np.argwhere(differing)
        of = f"{name} " if name else ""
        lines.append(f"{len(where)} of {got.size} {of}entries differ beyond the tolerance"
                     f" (relative {spec.rtol:g}, absolute {spec.atol:g}):")
        for i in map(tuple, where[:3]):
            lines.append(f"  at {_index(i)}: expected {_num(expected[i])}, got {_num(got[i])}"
                         f"{_relative_error(got[i], expected[i])}")
        if len(where) > 3:
            lines.append("  ...")
    return lines


def _relative_error(got, expected):
    if not (np.isfinite(got) and np.isfinite(expected)):
        return ""
    if expected == 0:
        return f" (absolute error {abs(got):.2g})"
    return f" (relative error {abs(got - expected) / abs(expected):.2g})"


def _raised_message(run, spec):
    lines = [f"your function raised {type(run.error).__name__}: {run.error}",
             f"when called as fn({', '.join(run.case.args)}) on {run.case.label}:"]
    lines += _inputs(run.case)
    lines.append(f"Hint: run it on this input yourself and read the traceback; the contract is in "
                 f"EXERCISES[{spec.id!r}] (chapter {spec.chapter}).")
    return "\n".join(lines)


def _raised_mistake_message(run, spec, mistake):
    lines = [f"{mistake.title},", f"on {run.case.label}:"]
    lines += _inputs(run.case)
    if spec.outputs:
        lines += [_line(f"expected {name}: ", exp) for name, exp in zip(spec.outputs, run.case.expected)]
    else:
        lines.append(_line("expected: ", run.case.expected))
    lines.append(f"got:      {type(run.error).__name__}: {run.error}")
    lines.append(f"Hint: {mistake.hint} (chapter {spec.chapter})")
    return "\n".join(lines)


def _pass_message(fn, spec, cases):
    lines = [f"right on all {len(cases)} cases: " + "; ".join(c.label for c in cases) + "."]
    if spec.bench is not None:
        lines.append(_timing_line(fn, spec))
    return "\n".join(lines)


def _timing_line(fn, spec):
    label, args = spec.bench()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            mine = _time(lambda: fn(*args.values()))
            ref = _time(lambda: spec.reference(**args))
    except Exception:  # noqa: BLE001 - it passed every case; timing is only a remark
        return "(not timed: the function raised while being timed)"
    ratio = mine / max(ref, 1e-9)
    if ratio >= 1.5:
        verdict = f"{ratio:.1f}x slower than"
    elif ratio <= 1 / 1.5:
        verdict = f"{1 / ratio:.1f}x faster than"
    else:
        verdict = "about as fast as"
    return (f"Time on {label}: {mine * 1e3:.3g} ms, {verdict} the reference "
            f"{spec.reference_name} ({ref * 1e3:.3g} ms).")


def _time(call_it):
    once = best_time(call_it, repeats=1)
    return once if once > 0.2 else min(once, best_time(call_it, repeats=3))


def _modified_text(run):
    return (f"your function changed its input {', '.join(run.modified)} (the caller's array is not "
            f"the same after the call)")


def _modified_lines(run):
    """Each changed input before and after the call, with enough digits to tell them apart,
    and the entries that changed (at most three), however small the change."""
    lines = []
    for name in run.modified:
        before, after = run.case.args[name], np.asarray(run.args[name])
        if after.shape != before.shape or after.dtype.kind not in "fiub":
            lines.append(_line(f"{name} after the call: ", after))
            continue
        precision = 4
        while precision < 17 and _show(before, precision=precision) == _show(after, precision=precision):
            precision += 3
        lines += [_line(f"{name} before the call: ", before, dtype=False, precision=precision),
                  _line(f"{name} after the call:  ", after, dtype=False, precision=precision)]
        changed = np.argwhere(~np.isclose(after, before, rtol=0, atol=0, equal_nan=True).reshape(before.shape))
        if before.ndim and len(changed):
            lines.append(f"{len(changed)} of {before.size} entries of {name} changed:")
            for i in map(tuple, changed[:3]):
                lines.append(f"  at {_index(i)}: was {_num(before[i])}, now {_num(after[i])}"
                             f"{_change(after[i], before[i])}")
            if len(changed) > 3:
                lines.append("  ...")
    return lines


def _change(after, before):
    if not (np.isfinite(after) and np.isfinite(before)) or after == before:
        return ""
    if before == 0:
        return f" (changed by {abs(float(after)):.2g})"
    return f" (relative change {abs(float(after) - float(before)) / abs(float(before)):.2g})"


def _kind(value):
    return f"a {type(value).__name__} of length {len(value)}" if isinstance(value, (tuple, list)) else f"a {type(value).__name__}"


def _show(value, indent=0, dtype=True, precision=4):
    """A short printout: small arrays in full (4 significant digits), large ones summarised.

    ``indent`` is the width of what precedes it on its line (continuation lines align);
    ``dtype`` adds a note when the dtype is not float64 (for what the reader returned);
    ``precision`` asks for more digits (when 4 would make two different arrays look alike).
    """
    if callable(value) and not isinstance(value, np.ndarray):
        return getattr(value, "description", getattr(value, "__name__", repr(value)))
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v, dtype=dtype, precision=precision) for v in value) + ")"
    if value is None:
        return "None"
    arr = np.asarray(value) if not isinstance(value, np.ndarray) else value
    if arr.dtype.kind not in "fiub":
        return repr(value)[:80]
    if arr.ndim == 0:  # a single number, with as many significant digits as asked
        text = repr(arr.item()) if arr.dtype.kind in "iub" else f"{float(arr):.{precision}g}"
        return text + (f"  (dtype {arr.dtype})" if dtype and arr.dtype != np.float64 else "")
    if arr.size > 30:
        head = f"array of shape {arr.shape}, dtype {arr.dtype}: "
        return head + np.array2string(arr, precision=precision, separator=", ", threshold=30, edgeitems=2,
                                      max_line_width=100, prefix=" " * (indent + len(head)))
    text = np.array2string(arr, precision=precision, separator=", ", max_line_width=100, prefix=" " * indent)
    if dtype and arr.dtype != np.float64:
        text += f"  (dtype {arr.dtype})"
    return text


def _num(x):
    return repr(float(x))  # every digit: the difference may be in the last ones


def _index(i):
    return "(" + ", ".join(str(int(j)) for j in i) + ")" if len(i) != 1 else f"[{int(i[0])}]"
