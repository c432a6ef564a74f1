"""numerical_gradient's self-check against the failures of issue 24, and correct variants.

Each wrong function here is one a reader could write after chapter 1 (several passed the
check before: a relative step, a whole row at once on 3 axes, a complex step); each must
fail with the named mistake, or a generic id whose message says where. The correct ones,
written differently from the helper, must pass.
"""

import itertools

import numpy as np

from helpers.selfcheck import check
from selfcheck_adversarial import checker_tests


# ---------------------------------------------------------------------------- wrong


def relative_step(f, x):
    """h = 1e-6 * |x[i]|: 0 at a zero coordinate, so 0 / 0 there (it passed before)."""
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        h, old = 1e-6 * abs(x[i]), x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def relative_step_signed(f, x):
    """h = 1e-6 * x[i], without abs: the same 0 / 0 at zero."""
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[i] = 1e-6 * x[i]
        grad[i] = (f(x + e) - f(x - e)) / (2 * e[i])
    return grad


def two_axes_assumed(f, x):
    """Loops over two axes only: on a 3-D x, x[i, j] is a row of the last axis (it passed before)."""
    x = np.array(x, dtype=float)
    work = np.atleast_2d(x)  # a view of x with at least two axes
    grad = np.zeros(work.shape)
    h = 1e-5
    for i, j in itertools.product(range(work.shape[0]), range(work.shape[1])):
        old = work[i, j].copy()
        work[i, j] = old + h
        up = f(x)
        work[i, j] = old - h
        down = f(x)
        work[i, j] = old
        grad[i, j] = (up - down) / (2 * h)
    return grad.reshape(x.shape)


def whole_rows(f, x):
    """x[i] += h on a 2-D x moves a whole row: was reported as "x was not put back"."""
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    h = 1e-5
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def complex_step(f, x):
    """The complex-step derivative: exact, but not the central difference asked for (it passed before)."""
    x = np.asarray(x, dtype=np.complex128)
    grad = np.zeros(x.shape)
    h = 1e-20
    for i in np.ndindex(x.shape):
        step = np.zeros(x.shape, dtype=np.complex128)
        step[i] = 1j * h
        grad[i] = np.imag(f(x + step)) / h
    return grad


def len_loop(f, x):
    """range(len(x)) and x[i]: on a 2-D x, x[i] is a whole row."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = 1e-5
        grad[i] = (f(x + e) - f(x - e)) / 2e-5
    return grad


def flattened_result(f, x):
    """Right values, returned flat: the wrong shape for any x with other than one axis."""
    x = np.array(x, dtype=float)
    flat = x.reshape(-1)
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        e = np.zeros(flat.size)
        e[i] = 1e-5
        grad[i] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / 2e-5
    return grad


def tiny_step(f, x):
    """A central difference with h = 1e-12: round-off swamps it (it was named a one-sided difference)."""
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[i] = 1e-12
        grad[i] = (f(x + e) - f(x - e)) / 2e-12
    return grad


def step_relative_to_largest(f, x):
    """One step for every coordinate, h = 1e-6 * max |x|: 0 when x is all zeros."""
    x = np.array(x, dtype=float)
    h = 1e-6 * np.abs(x).max()
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


def restored_in_place(f, x):
    """No copy of a float x, and x[i] restored by += h, -= 2h, += h: the caller's x is off by an ulp."""
    grad, h = np.zeros(np.shape(x)), 1e-5
    x = np.asarray(x, dtype=float)  # no copy when x is already float
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        x[i] += h
        grad[i] = (up - down) / (2 * h)
    return grad


def flat_view_in_x_order(f, x):
    """np.array(x, dtype=float) keeps x's memory order: for a transposed x, reshape(-1) is a copy."""
    work = np.array(x, dtype=float)
    flat = work.reshape(-1)  # a view only when work is C-contiguous
    grad = np.zeros(flat.size)
    h = 1e-5
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = f(work)
        flat[i] = old - h
        down = f(work)
        flat[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(np.shape(x))


def nditer_in_memory_order(f, x):
    """np.nditer visits a transposed x in memory order; grad.flat is in C order: entries misplaced."""
    x = np.array(x, dtype=float)
    grad, h = np.zeros(x.shape), 1e-5
    for i, entry in enumerate(np.nditer(x, op_flags=["readwrite"])):
        old = float(entry)
        entry[...] = old + h
        up = f(x)
        entry[...] = old - h
        down = f(x)
        entry[...] = old
        grad.flat[i] = (up - down) / (2 * h)
    return grad


WRONG = [
    (tiny_step, "wrong_values", "cube root of eps"),
    (relative_step, "relative_step", "the step was 0 where x is 0"),
    (relative_step_signed, "relative_step", "the step was 0 where x is 0"),
    (step_relative_to_largest, "relative_step", "on an x whose coordinates are all 0"),
    (restored_in_place, "x_changed_by_round_off", "at [0]: was -1.5, now -1.4999999999999998"),
    (flat_view_in_x_order, "steps_never_reached", "on a transposed x"),
    (nditer_in_memory_order, "entries_misplaced", "on a transposed x"),
    (two_axes_assumed, "perturbed_several_at_once", "shape (2, 3, 2)"),
    (whole_rows, "perturbed_several_at_once", "several coordinates were moved at once"),
    (complex_step, "complex_step", "central difference"),
    (len_loop, "perturbed_several_at_once", "x + h e_i moves coordinate i alone"),
    (flattened_result, "wrong_shape", "one entry per entry of x"),
]


# ---------------------------------------------------------------------------- right


def five_point(f, x):
    x = np.array(x, dtype=np.float64)
    grad, h = np.empty_like(x), 1e-3
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (f(x - 2 * e) - 8 * f(x - e) + 8 * f(x + e) - f(x + 2 * e)) / (12 * h)
    return grad


def floored_relative_step(f, x):
    """A relative step with an absolute floor: never 0."""
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        h = 1e-6 * max(1.0, abs(x[i]))
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def flat_view(f, x):
    """Through a flat view of a float copy: works for every number of axes, 0 included."""
    work = np.array(x, dtype=float, order="C")  # C order, whatever x's: then reshape is a view
    flat = work.reshape(-1)  # a view: writing flat[i] moves work
    grad = np.zeros(flat.size)
    h = 1e-5
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = f(work)
        flat[i] = old - h
        down = f(work)
        flat[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(np.shape(x))


def restored_arithmetically(f, x):
    x = np.array(x, dtype=float)
    grad, h = np.zeros(x.shape), 1e-5
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        x[i] += h  # back to x[i], up to an ulp or two of round-off
        grad[i] = (up - down) / (2 * h)
    return grad


RIGHT = [five_point, floored_relative_step, flat_view, restored_arithmetically]


# The two tests of the tables (tests/selfcheck_adversarial.py)
(
    test_a_wrong_numerical_gradient_fails_with_its_name,
    test_a_right_numerical_gradient_passes,
) = checker_tests("numerical_gradient", WRONG, RIGHT)


def test_the_relative_step_message_shows_the_nan_at_the_zero_coordinates():
    message = check("numerical_gradient", relative_step).message
    assert "x = [-1.5 ,  0.  ,  2.  ,  0.  , -0.25]" in message
    assert "at [1]: expected 1.25, got nan" in message and "at [3]: expected 1.25, got nan" in message


def test_round_off_in_the_callers_x_is_named_and_shown_to_the_last_digit():
    message = check("numerical_gradient", restored_in_place).message
    assert "not put back" not in message and "the result itself is within the tolerance" in message
    assert "x before the call: [-1.5 ,  0.  ,  2.  ,  0.  , -0.25]" in message
    assert "x after the call:  [-1.4999999999999998," in message


def test_a_whole_row_is_not_called_x_not_put_back():
    result = check("numerical_gradient", whole_rows)
    assert "not put back" not in result.message


def test_the_cases_cover_every_promised_shape_and_sign():
    from helpers._selfcheck_numerical_gradient import _numerical_gradient_cases

    xs = [case.args["x"] for case in _numerical_gradient_cases()]
    assert {np.ndim(x) for x in xs} >= {0, 1, 2, 3}
    assert any((np.asarray(x) == 0).any() for x in xs) and any((np.asarray(x) < 0).any() for x in xs)
    assert any(np.asarray(x).dtype.kind == "i" and (np.asarray(x) == 0).any() for x in xs)


def test_the_chapter_steps_still_pass_or_fail_as_it_says():
    # chapter 1 asserts: central differences pass from about 1e-7 to 1e-4, not at 1e-3 or 1e-8
    def central(h):
        return lambda f, x: restored_arithmetically_with(f, x, h)

    for h, passes in ((1e-8, False), (1e-7, True), (6.055454452393343e-06, True), (1e-4, True), (1e-3, False)):
        assert check("numerical_gradient", central(h)).passed == passes, h


def restored_arithmetically_with(f, x, h):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        x[i] = old
        grad[i] = (up - down) / (2 * h)
    return grad


def test_the_added_cases_are_what_their_labels_say():
    from helpers._selfcheck_numerical_gradient import _numerical_gradient_cases

    cases = {case.label.split(" (")[0]: case.args["x"] for case in _numerical_gradient_cases()}
    assert np.array_equal(cases["an x whose coordinates are all 0"], np.zeros((2, 2)))
    int32 = cases["an int32 x"]
    assert int32.dtype == np.int32 and (int32 == 0).any() and (int32 < 0).any()
    transposed = cases["a transposed x"]
    assert transposed.shape == (3, 2) and transposed.flags.f_contiguous and not transposed.flags.c_contiguous
