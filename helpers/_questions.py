"""Check-yourself questions: answered in the page, with feedback, and no kernel.

Introduced in chapter 1 (every chapter asks a few). The public names are re-exported by
:mod:`helpers.interactive`::

    from helpers.interactive import numeric_question, choice_question

    numeric_question("How many components keep 90% of the variance?", n_components,
                     tolerance=0, explanation="...")
    choice_question("What does the check print?", {"0": "That is ...", "1e-9": None},
                    explanation="...")

Each returns a :class:`Question`, which displays itself as one self-contained ``text/html``
output: the question in an element with a ``data-selfcheck`` attribute holding labelled
inputs, a Check button and an ``aria-live`` feedback element, plus ``helpers/static/
questions.css`` and ``helpers/static/questions.js`` inlined (nothing is fetched). It works
in the static book (also from ``file://``) and as a JupyterLab cell output (the output of a
cell you ran is trusted, so its script runs).

Prompts, options and feedback are plain text: HTML is escaped, and text between backticks
is shown as code. The answer is meant to be the value a chapter's code computed, so it
cannot drift from the text; :meth:`Question.check` gives, in Python, the verdict the page
gives, so a cell can assert what the question claims.
"""

import hashlib
import html
import itertools
import json
import math
import numbers
import re
from importlib import resources
from pathlib import Path

_ids = itertools.count()
_CODE = re.compile(r"`([^`]+)`")


def _static(name):
    return resources.files("helpers").joinpath("static", name).read_text(encoding="utf-8")


def _text(value, name):
    """A non-empty string, or a ValueError/TypeError that names the argument."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} is empty; write the text the reader will see")
    return value.strip()


def _rich(text):
    """Escaped text; `code` becomes <code>code</code>."""
    return _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text))


def _real(value, name):
    """A finite real number (Python or NumPy scalar, or a 0-d/1-element array) as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        try:
            import numpy as np
            array = np.asarray(value)
            if array.size == 1 and array.dtype.kind in "iuf":
                value = array.reshape(()).item()
            else:
                raise TypeError
        except TypeError:
            raise TypeError(f"{name} must be a real number, got {type(value).__name__}") from None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def _format(value):
    """A short, exact-enough rendering of a number for the stated tolerance."""
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e6:
        return f"{value:.6g}"
    return f"{value:.3g}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")


def numeric_question(prompt, answer, *, tolerance, relative=False, factor=False, unit=None, explanation,
                     mistakes=None, hints=None):
    """A question whose answer is a number, accepted within a stated tolerance.

    Introduced in chapter 1; every chapter asks some (chapters 1-6).

    Parameters
    ----------
    prompt : str
        The question, plain text (`backticks` show code). Say where the number comes from,
        e.g. "What relative error does the check print for h = 1e-4 in float32?".
    answer : float
        The right answer: the value the chapter's code computed (a Python or NumPy number).
    tolerance : float
        How far an answer may be from ``answer`` and still count, >= 0 (0: exactly). Absolute,
        in the unit of the answer, unless ``relative``. The page states it.
    relative : bool, default False
        If True, ``tolerance`` is a fraction of ``|answer|`` (0.1: within 10%).
    factor : bool, default False
        If True, ``tolerance`` is a factor >= 1: answers between ``answer / tolerance`` and
        ``answer * tolerance`` count (3: within a factor of 3). For an order of magnitude, e.g.
        a number read off a logarithmic axis. Not with ``relative``.
    unit : str, optional
        Shown after the input, e.g. ``"%"`` or ``"components"``. With the unit ``"%"``, a
        typed ``90%`` means 90; otherwise it means 0.9.
    explanation : str
        Why the answer is what it is: shown with "Correct" once the reader has it.
    mistakes : dict of float to str, optional
        Wrong answers a reader is likely to give, each with the misconception behind it,
        e.g. ``{0.0: "That is what a float32 step of 1e-12 gives: ..."}``. A mistake counts
        when the reader's number is within the same tolerance of it (relative to the
        mistake, if ``relative`` or ``factor``; the nearest one if several do). None may be
        within the tolerance of ``answer``.
    hints : list of str, optional
        One or two hints, shown one at a time when the reader asks, before any answer: each
        moves toward the idea without giving the number (:func:`ask` requires them).

    Returns
    -------
    Question
        Displays itself as the last expression of a cell; :meth:`Question.check` gives the
        page's verdict in Python.

    Raises
    ------
    TypeError
        A non-string text or a non-number answer, tolerance or mistake value.
    ValueError
        Empty text, a non-finite number, a negative tolerance (a factor below 1), both
        ``relative`` and ``factor``, or a mistake that the tolerance would accept as right.

    Examples
    --------
    >>> q = numeric_question("What is 2 + 2?", 4, tolerance=0, explanation="Two and two.",
    ...                      mistakes={22: "That joins the digits instead of adding them."})
    >>> q.check("4")[0], q.check("22")
    (True, (False, 'That joins the digits instead of adding them.'))
    >>> q = numeric_question("Roughly what error?", 1.4e-2, tolerance=3, factor=True, explanation="...")
    >>> q.check("1e-2")[0], q.check("5e-2")[0]
    (True, False)
    """
    prompt = _text(prompt, "prompt")
    answer = _real(answer, "answer")
    tolerance = _real(tolerance, "tolerance")
    if tolerance < 0:
        raise ValueError(f"tolerance must be >= 0, got {tolerance}")
    if not isinstance(relative, bool):
        raise TypeError(f"relative must be True or False, got {relative!r}")
    if not isinstance(factor, bool):
        raise TypeError(f"factor must be True or False, got {factor!r}")
    if relative and factor:
        raise ValueError("relative and factor are two ways to read tolerance; choose one")
    if relative and answer == 0:
        raise ValueError("relative=True needs a non-zero answer (a fraction of 0 accepts only 0); "
                         "give an absolute tolerance")
    if factor and answer == 0:
        raise ValueError("factor=True needs a non-zero answer (no factor reaches 0); give an absolute tolerance")
    if factor and tolerance < 1:
        raise ValueError(f"with factor=True, tolerance is a factor >= 1 (1: exactly), got {tolerance}")
    unit = None if unit is None else _text(unit, "unit")
    explanation = _text(explanation, "explanation")
    hints = _hints(hints)
    # allowed: how far above the answer a response may be (what the page's arithmetic uses,
    # except for a factor, which it checks as a ratio)
    allowed = tolerance * abs(answer) if relative else (tolerance - 1) * abs(answer) if factor else tolerance
    checked = []
    for value, feedback in (mistakes or {}).items():
        value = _real(value, "a value of mistakes")
        feedback = _text(feedback, f"the feedback for the mistake {value!r}")
        if _within(value, answer, tolerance, relative, factor):
            raise ValueError(f"the mistake {value!r} is within the tolerance of the answer {answer!r}, so the "
                             "page would call it right; tighten the tolerance or drop the mistake")
        checked.append({"value": value, "feedback": feedback})
    data = {"kind": "numeric", "prompt": prompt, "answer": answer, "tolerance": tolerance,
            "relative": relative, "factor": factor, "allowed": allowed, "unit": unit,
            "explanation": explanation, "mistakes": checked, "hints": hints}
    # What "Show the answer" prints: exact when only the exact value counts
    exact = repr(answer).removesuffix(".0") if allowed == 0 else _format(answer)
    data["answer_text"] = exact + _unit_after(answer, unit)
    data["tolerance_text"] = Question(data).tolerance_text()
    return Question(data)


def _unit_after(value, unit):
    """" components" after a number, " component" after 1 (a unit given in the plural)."""
    if not unit:
        return ""
    return f" {unit[:-1]}" if value == 1 and unit.endswith("s") and len(unit) > 2 else f" {unit}"


def _typed_answer(data):
    """A numeric question's shown answer without its unit: what a reader would type."""
    return data["answer_text"].removesuffix(_unit_after(data["answer"], data["unit"]))


def _hints(hints):
    """A list of one or two hint texts (or [] for None)."""
    if hints is None:
        return []
    if isinstance(hints, str) or not isinstance(hints, (list, tuple)):
        raise TypeError(f"hints must be a list of one or two strings, got {type(hints).__name__}")
    if not 1 <= len(hints) <= 2:
        raise ValueError(f"hints must hold one or two hints (the next step, then a nearer one), got {len(hints)}")
    return [_text(hint, f"hints[{i}]") for i, hint in enumerate(hints)]


MIN_VARIANTS = 20  # what "Try another" draws from, unless a question says why it cannot vary
_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def ask(make, *, key, first=None, draw=None, n=MIN_VARIANTS, seed=0, fixed=None):
    """A question with variants: the reader's "Try another" shows the next one.

    Introduced in chapter 1; every chapter's questions are asked with it. ``make`` is the
    chapter's own code for one variant: it computes the answer (and each misconception's
    value) from its parameters and returns :func:`numeric_question` or
    :func:`choice_question`. All variants are made here, while the book is built; the
    page only picks one. Variant 0, the one the text discusses, is ``make(**first)``; the
    others are ``make(**draw(rng))`` for a generator seeded with ``seed``, so the same seed
    always gives the same variants.

    Parameters
    ----------
    make : callable
        ``make(**params)`` returns the question for those parameters, with one or two
        ``hints``.
    key : str
        A name for the question, unique in the book, in lowercase words joined by hyphens
        (``"float32-error-reading"``): the browser keeps the reader's progress under it.
    first : dict, optional
        The parameters of variant 0 (default: none, ``make()``).
    draw : callable, optional
        ``draw(rng)`` returns the parameters of a fresh variant (a dict of numbers or
        strings) from a ``numpy.random.Generator``. Required unless ``fixed``.
    n : int, default 20
        How many different variants in all, variant 0 included (at least 20).
    seed : int, default 0
        Seeds ``rng``.
    fixed : str, optional
        Why this question cannot vary (then ``draw`` is None and there is one variant).

    Returns
    -------
    Question
        Variant 0, which displays itself with all variants; its ``variants`` attribute
        lists them all, each with its ``params``.

    Raises
    ------
    TypeError
        ``make`` does not return a Question, or parameters that are not a dict.
    ValueError
        A bad key, a variant without hints, too few variants, ``draw`` that cannot give
        ``n`` different variants, or ``fixed`` together with ``draw``.

    Examples
    --------
    >>> def add(a=2, b=2):
    ...     return numeric_question(f"What is {a} + {b}?", a + b, tolerance=0,
    ...                             explanation=f"{a} and {b} make {a + b}.",
    ...                             hints=["Count on from the larger number."])
    >>> def two_digits(rng):
    ...     return {"a": int(rng.integers(10, 100)), "b": int(rng.integers(10, 100))}
    >>> q = ask(add, key="addition", draw=two_digits, seed=1)
    >>> len(q.variants), q.variants[0].prompt, q.variants[1].check(str(sum(q.variants[1].params.values())))[0]
    (20, 'What is 2 + 2?', True)
    """
    import numpy as np

    if not callable(make):
        raise TypeError(f"make must be a function that returns a question, got {type(make).__name__}")
    key = _text(key, "key")
    if not _KEY.fullmatch(key):
        raise ValueError(f"key must be lowercase words joined by hyphens, such as 'float32-error', got {key!r}")
    if fixed is not None:
        fixed = _text(fixed, "fixed")
        if draw is not None:
            raise ValueError("a question is either fixed (say why it cannot vary) or drawn; pass fixed or draw")
        n = 1
    elif draw is None:
        raise ValueError("draw is missing: give draw(rng) -> parameters of a fresh variant, or fixed='why it "
                         "cannot vary'")
    elif not isinstance(n, numbers.Integral) or n < MIN_VARIANTS:
        raise ValueError(f"n must be an integer >= {MIN_VARIANTS} (variants the reader can try), got {n!r}")
    rng = np.random.default_rng(seed)
    variants, seen = [], set()
    params = {} if first is None else first
    for _ in range(50 * n):
        if not isinstance(params, dict):
            raise TypeError(f"parameters must be a dict of keyword arguments for make, got {params!r}")
        question = _variant(make, params, len(variants))
        identity = json.dumps([question.data["prompt"], question.answer], default=str)
        if identity not in seen:
            seen.add(identity)
            variants.append(question)
        if len(variants) == n:
            break
        params = draw(rng)
    else:
        raise ValueError(f"draw gave only {len(variants)} different variants in {50 * n} draws, not n={n}; "
                         "widen the range it draws from")
    kinds = {(q.kind, q.data.get("unit")) for q in variants}
    if len(kinds) > 1:
        raise ValueError(f"every variant must be the same kind of question, with the same unit, got {sorted(kinds)}")
    head = variants[0]
    data = dict(head.data, key=key, fixed=fixed, variants=[q.data for q in variants])
    question = Question(data)
    question.params, question.variants, question.key, question.make = head.params, variants, key, make
    return question


def _variant(make, params, index):
    question = make(**params)
    if not isinstance(question, Question):
        raise TypeError(f"make must return numeric_question(...) or choice_question(...), got "
                        f"{type(question).__name__}")
    if not question.data["hints"]:
        raise ValueError(f"variant {index} ({params}) has no hints: give hints=[...] (one or two) in make")
    question.data["params"] = json.loads(json.dumps(params, default=float))
    question.params = params
    return question


def _within(value, target, tolerance, relative, factor):
    """Whether a response counts as ``target`` (the answer, or a listed mistake): as the page decides."""
    return _distance(value, target, factor) <= (
        tolerance if factor else tolerance * abs(target) if relative else tolerance)


def _distance(value, target, factor):
    """How far a response is from a target: their difference, or for a factor their ratio (>= 1)."""
    if not factor:
        return abs(value - target)
    ratio = value / target if target != 0 else math.inf
    return max(ratio, 1 / ratio) if ratio > 0 else math.inf


def choice_question(prompt, options, *, explanation, hints=None):
    """A multiple-choice question: one right option, and feedback for every wrong one.

    Introduced in chapter 1; every chapter asks some (chapters 1-6).

    Parameters
    ----------
    prompt : str
        The question, plain text (`backticks` show code).
    options : dict of str to str or None
        The options in the order shown, each mapped to the feedback the reader gets on
        choosing it: for a wrong option, the misconception behind it ("That is the
        derivative along the all-ones direction, which is zero for every softmax"); for the
        right option, None (exactly one).
    explanation : str
        Why the right option is right: shown with "Correct" once the reader chooses it.
    hints : list of str, optional
        One or two hints, shown one at a time when the reader asks, before any answer
        (:func:`ask` requires them).

    Returns
    -------
    Question
        Displays itself as the last expression of a cell; :meth:`Question.check` gives the
        page's verdict in Python.

    Raises
    ------
    TypeError
        ``options`` is not a dict, or a text is not a string.
    ValueError
        Fewer than two options, not exactly one None, an empty text, or two options with
        the same text.

    Examples
    --------
    >>> q = choice_question("Which is a prime?", {"4": "4 = 2 x 2.", "5": None},
    ...                     explanation="5 has no divisor but 1 and 5.")
    >>> q.check("4"), q.check("5")[0]
    ((False, '4 = 2 x 2.'), True)
    """
    prompt = _text(prompt, "prompt")
    if not isinstance(options, dict):
        raise TypeError(f"options must be a dict {{option text: feedback, or None for the right one}}, "
                        f"got {type(options).__name__}")
    if len(options) < 2:
        raise ValueError(f"options needs at least two options, got {len(options)}")
    right = [text for text, feedback in options.items() if feedback is None]
    if len(right) != 1:
        raise ValueError(f"options must mark exactly one right option with None, got {len(right)}: {right}")
    checked = []
    for text, feedback in options.items():
        text = _text(text, "an option's text")
        if feedback is not None:
            feedback = _text(feedback, f"the feedback for the option {text!r}")
        checked.append({"text": text, "feedback": feedback, "correct": feedback is None})
    if len({o["text"] for o in checked}) != len(checked):
        raise ValueError("two options have the same text; the reader could not tell them apart")
    data = {"kind": "choice", "prompt": prompt, "options": checked,
            "explanation": _text(explanation, "explanation"), "hints": _hints(hints)}
    data["answer_text"] = right[0].strip()
    return Question(data)


def _parse_number(text, unit=None):
    """The number a reader typed, as the page reads it (helpers/static/questions.js), or None.

    A trailing % divides by 100 ("10%" is 0.1), except for a question whose unit is "%",
    where the input is already in per cent ("91%" is 91). A comma is a decimal comma where
    that is the only reading ("0,003", "1,5"); it is never read as a thousands separator.
    """
    return _read_number(text, unit)[0]


_POINT_PLEASE = "Write it with a point for decimals and no commas, such as 0.003 or 1500."


def _read_number(text, unit=None):
    """``(value, None)`` for a number the page can read, else ``(None, what to write instead)``.

    The page's ``readNumber`` (helpers/static/questions.js) does the same, step by step. A
    comma reads as a decimal point only where it cannot be a thousands separator: one comma,
    no point, and not followed by exactly three digits after a group of 1 to 3 digits that
    does not start with 0 ("0,003" is 0.003, "1,5" is 1.5, "1234,5" is 1234.5). "1,234" could
    be either, and text with several commas or a comma and a point ("12,345.5", "1.234,5")
    is never guessed at: the reader is told what to write.
    """
    s = str(text).strip().replace("\u2212", "-").replace(" ", "").replace("_", "")
    s = re.sub(r"^\+", "", s)
    percent = s.endswith("%")
    s = s[:-1] if percent else s
    s = re.sub(r"(?:[x\u00d7*])10\^?", "e", s, flags=re.I)
    message, suffix = None, "%" if percent else ""
    if "," in s:
        mantissa = re.split(r"e", s, maxsplit=1, flags=re.I)[0]
        if s.count(",") == 1 and "." not in s and "," in mantissa:
            if re.fullmatch(r"-?[1-9]\d{0,2},\d{3}", s):
                whole, fraction = s.split(",")
                return None, (f"{s}{suffix} could mean {whole}.{fraction}{suffix} or {whole}{fraction}{suffix}: "
                              f"write {whole}.{fraction}{suffix} with a point for a decimal, or "
                              f"{whole}{fraction}{suffix} without a comma.")
            s = s.replace(",", ".")
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d*)?", s):
            message = (f"Write {s.replace(',', '')}{suffix} without commas: a point for decimals, no separator "
                       f"for thousands.")
        elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d*", s):
            message = (f"Write {s.replace('.', '').replace(',', '.')}{suffix} with a point for decimals and no "
                       f"separator for thousands.")
        else:
            message = _POINT_PLEASE
    if message is None and re.fullmatch(r"-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?", s, flags=re.I):
        return (float(s) / 100 if percent and unit != "%" else float(s)), None
    return None, message


def a_or_an(word):
    """The article a word or number is read with, for questions whose text is generated.

    Introduced in chapter 2 (its formats) and used in chapter 4 (its digits). Numbers go by
    how they are said: eight, eleven, eighteen, eighty... start with a vowel sound.

    Examples
    --------
    >>> [f"{a_or_an(w)} {w}" for w in (7, 8, 11, 18, 80, 110, "24-bit", "11-bit", "x87", "float16")]
    ['a 7', 'an 8', 'an 11', 'an 18', 'an 80', 'a 110', 'a 24-bit', 'an 11-bit', 'an x87', 'a float16']
    """
    text = str(word)
    digits = re.match(r"\d+", text)
    if digits:
        digits = digits.group()
        eleven = digits[:2] in ("11", "18") and len(digits) % 3 == 2  # 11, 18, 11000, 18500...
        return "an" if digits.startswith("8") or eleven else "a"
    return "an" if text[:1].lower() in "aeiox" else "a"  # x: "ex"


def _texts(question):
    """Every text a reader can see in one variant of a question."""
    data = question.data
    texts = [data["prompt"], data["explanation"], *data["hints"]]
    for entry in data.get("options", []) + data.get("mistakes", []):
        texts += [entry.get("text") or "", entry["feedback"] or ""]
    return texts


def _article_slips(question):
    """"a 8" or "an 7" in a question's texts: a generated sentence that reads wrongly."""
    return [f"{article} {number}" for text in _texts(question)
            for article, number in re.findall(r"\b([Aa]n?) (\d+)\b", text)
            if article.lower() != a_or_an(number)]


def _gives_away(question):
    """Whether a hint states the answer: the right option's text, or the answer as a number
    of its own ("7" in "17" or "7.5" is not the answer 7)."""
    answer = re.escape(_typed_answer(question.data) if question.kind == "numeric" else question.data["answer_text"])
    pattern = answer if question.kind == "choice" else rf"(?<![\d.]){answer}(?!\.?\d)"
    return any(re.search(pattern, hint) for hint in question.data["hints"])


class Question:
    """A check-yourself question: what :func:`numeric_question` and :func:`choice_question` return.

    Introduced in chapter 1. As the last expression of a notebook cell it displays itself
    (``text/html``: the question, its styles and its script, nothing fetched).

    Parameters
    ----------
    data : dict
        The validated question, as the two functions build it (and as the page receives it).

    Attributes
    ----------
    kind : {"numeric", "choice"}
        Which kind of question.
    prompt : str
        The question.
    answer : float or str
        The right number, or the right option's text.
    data : dict
        Everything the page receives.

    Examples
    --------
    >>> q = choice_question("1 + 1?", {"2": None, "11": "Those are digits side by side."},
    ...                     explanation="One and one make two.")
    >>> q.kind, q.answer
    ('choice', '2')
    """

    def __init__(self, data):
        self.data = data
        self.params, self.variants, self.key, self.make = data.get("params", {}), [self], data.get("key"), None
        self.kind = data["kind"]
        self.prompt = data["prompt"]
        if self.kind == "numeric":
            self.answer = data["answer"]
        else:
            self.answer = next(o["text"] for o in data["options"] if o["correct"])

    def check(self, response):
        """The page's verdict on a response, computed in Python.

        Parameters
        ----------
        response : str or float
            For a numeric question, the number or the text a reader types (``"1e-4"``,
            ``"90%"``, which is 0.9 unless the unit is ``"%"``, ``"0,5"`` with a decimal comma); for a choice
            question, an option's text.

        Returns
        -------
        tuple of (bool, str)
            Whether it is right, and the feedback the page shows after "Correct." or "Not
            quite." (the explanation, a mistake's or option's feedback, or the hint).

        Raises
        ------
        ValueError
            A response that is no number, or no option of the question.
        """
        if self.kind == "choice":
            for option in self.data["options"]:
                if option["text"] == response:
                    return (True, self.data["explanation"]) if option["correct"] else (False, option["feedback"])
            raise ValueError(f"response {response!r} is not one of the options "
                             f"{[o['text'] for o in self.data['options']]}")
        d = self.data
        value, message = (response, None) if isinstance(response, numbers.Real) else _read_number(response, d["unit"])
        if value is None:
            raise ValueError(f"response {response!r} is not a number the page can read"
                             + (f": {message}" if message else ""))
        value = float(value)
        if _within(value, d["answer"], d["tolerance"], d["relative"], d["factor"]):
            return True, d["explanation"]
        near = [(_distance(value, m["value"], d["factor"]), i) for i, m in enumerate(d["mistakes"])
                if _within(value, m["value"], d["tolerance"], d["relative"], d["factor"])]
        if near:
            return False, d["mistakes"][min(near)[1]]["feedback"]
        side = "too high" if value > d["answer"] else "too low"
        return False, f"That is {side}."

    def verify(self):
        """Check every variant as the page will use it, and return how many there are.

        For each variant: ``make(**params)`` gives it again (the page's copy is the
        chapter's computation for those parameters); no hint states the answer; no text
        has "a 8" (:func:`a_or_an`); the answer as "Show the answer" prints it is judged
        right; every named misconception's value gets its own feedback, not "Correct" (for
        a choice question: every wrong option does).

        Returns
        -------
        int
            The number of variants checked.

        Raises
        ------
        AssertionError
            Naming the variant and what went wrong.
        """
        for i, variant in enumerate(self.variants):
            where = f"variant {i} ({variant.params})"
            assert not _gives_away(variant), f"{where}: a hint states the answer {variant.data['answer_text']!r}"
            assert not _article_slips(variant), f"{where}: {_article_slips(variant)} should read a/an as said"
            if self.make is not None:
                again = self.make(**variant.params).data
                again["params"] = variant.data["params"]
                assert again == variant.data, f"{where}: make(**params) gives another question"
            if variant.kind == "numeric":
                typed = _typed_answer(variant.data)
                assert variant.check(typed)[0], f"{where}: the shown answer {typed!r} is judged wrong"
                for mistake in variant.data["mistakes"]:
                    assert variant.check(mistake["value"]) == (False, mistake["feedback"]), \
                        f"{where}: the mistake {mistake['value']!r} does not get its feedback"
            else:
                for option in variant.data["options"]:
                    expected = variant.data["explanation"] if option["correct"] else option["feedback"]
                    assert variant.check(option["text"]) == (option["correct"], expected), f"{where}: {option['text']!r}"
        return len(self.variants)

    def tolerance_text(self):
        """How close an answer must be, in words, as the page states it.

        Returns
        -------
        str
            For example "Give a number; answers within 10% of the right one count." For a
            choice question, an empty string.
        """
        if self.kind != "numeric":
            return ""
        d = self.data
        if d["allowed"] == 0:
            return "Give a number; only the exact value counts."
        if d["factor"]:
            return f"Give a number; answers within a factor of {_format(d['tolerance'])} of the right one count."
        if d["relative"]:
            return f"Give a number; answers within {_format(100 * d['tolerance'])}% of the right one count."
        unit = _unit_after(d["tolerance"], d["unit"])
        return f"Give a number; answers within \u00b1{_format(d['tolerance'])}{unit} of the right one count."

    def to_html(self):
        """The question as one self-contained HTML fragment.

        Returns
        -------
        str
            A ``<style>`` (``helpers/static/questions.css``), the root ``<div
            data-selfcheck>`` with the form (prompt, labelled input or radio buttons, Check
            button, ``aria-live`` feedback) and the data as a JSON ``<script>``, and a
            ``<script>`` with ``helpers/static/questions.js`` that makes the form check
            answers. Nothing is fetched.
        """
        # "<" escaped as \u003c (still valid JSON), so no "</script>" in a text can end the data early
        data = json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
        uid = f"selfcheck-{hashlib.sha1(data.encode()).hexdigest()[:10]}-{next(_ids)}"
        prompt = f'<p class="sc-prompt" id="{uid}-prompt"><span class="sc-tag">Check yourself:</span> <span class="sc-text">{_rich(self.prompt)}</span></p>'
        if self.kind == "numeric":
            unit = self.data["unit"]
            label = "Your answer" + (f" (in {html.escape(unit)})" if unit else "")
            body = (
                f'<div class="sc-row"><label class="sc-label" for="{uid}-input">{label}</label>'
                f'<input class="sc-input" id="{uid}-input" name="answer" type="text" inputmode="decimal" '
                f'autocomplete="off" spellcheck="false" aria-describedby="{uid}-prompt {uid}-tolerance">'
                + (f'<span class="sc-unit" aria-hidden="true">{html.escape(unit)}</span>' if unit else "")
                + f'<button class="sc-check" type="submit">Check</button></div>'
                f'<p class="sc-tolerance" id="{uid}-tolerance">{html.escape(self.tolerance_text())}</p>'
            )
            opening, closing = f'<form class="sc-form" novalidate aria-labelledby="{uid}-prompt">{prompt}', "</form>"
        else:
            radios = '<div class="sc-choices">' + "".join(
                f'<div class="sc-option"><input type="radio" name="{uid}" id="{uid}-{i}" value="{i}">'
                f'<label for="{uid}-{i}">{_rich(o["text"])}</label></div>'
                for i, o in enumerate(self.data["options"])
            ) + "</div>"
            legend = (f'<legend class="sc-prompt" id="{uid}-prompt"><span class="sc-tag">Check yourself:</span> '
                      f'<span class="sc-text">{_rich(self.prompt)}</span> <span class="sc-how">(choose one)</span></legend>')
            body = (f'<fieldset class="sc-options">{legend}{radios}</fieldset>'
                    f'<div class="sc-row"><button class="sc-check" type="submit">Check</button></div>')
            opening, closing = f'<form class="sc-form" novalidate aria-labelledby="{uid}-prompt">', "</form>"
        # Hints, another variant, the answer: buttons the script shows (they need it)
        more = (
            '<div class="sc-row sc-tools">'
            '<button class="sc-tool sc-hint" type="button" hidden>Hint</button>'
            + ('<button class="sc-tool sc-another" type="button" hidden>Try another</button>'
               if len(self.data.get("variants", ())) > 1 else "")
            + '<button class="sc-tool sc-reveal" type="button" hidden>Show the answer and why</button>'
            "</div>"
            f'<div class="sc-hints" id="{uid}-hints" aria-live="polite"></div>'
            f'<div class="sc-answer" id="{uid}-answer" aria-live="polite"></div>'
            '<p class="sc-progress" hidden></p>'
        )
        mount = (f'SelfCheck.mount(document.currentScript && document.currentScript.previousElementSibling '
                 f'&& document.currentScript.previousElementSibling.hasAttribute("data-selfcheck") '
                 f'? document.currentScript.previousElementSibling : document.getElementById("{uid}"));')
        return (
            f"<style>{_static('questions.css')}</style>\n"
            f'<div class="sc" id="{uid}" data-selfcheck="{self.kind}">'
            f"{opening}{body}"
            f'<div class="sc-feedback" id="{uid}-feedback" role="status" aria-live="polite" aria-atomic="true"></div>'
            f"{more}{closing}"
            f'<p class="sc-nojs">Checking an answer needs JavaScript. In JupyterLab, run the cell: '
            f"the output of a cell you ran is trusted, and its script runs.</p>"
            f'<script type="application/json" class="sc-data">{data}</script>'
            f"</div>\n<script>\n{_static('progress.js')}\n{_static('questions.js')}\n{mount}\n</script>"
        )

    def save(self, path, *more):
        """Write this question (and more) as a standalone HTML page (opens from ``file://``).

        Parameters
        ----------
        path : str or os.PathLike
            Where to write the page.
        *more : Question
            Further questions, shown after this one.

        Returns
        -------
        pathlib.Path
            The path written.
        """
        path = Path(path)
        body = "\n".join(q.to_html() for q in (self, *more))
        path.write_text(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>Check yourself</title>\n</head>\n<body>\n<main>\n<h1>Check yourself</h1>\n"
            f"{body}\n</main>\n</body>\n</html>\n",
            encoding="utf-8",
        )
        return path

    def __repr__(self):
        lines = [f"Check yourself: {self.prompt}"]
        if self.kind == "choice":
            lines += [f"  ( ) {o['text']}" for o in self.data["options"]]
        else:
            lines.append(f"  [answer{' in ' + self.data['unit'] if self.data['unit'] else ''}] {self.tolerance_text()}")
        return "\n".join(lines)

    def _repr_html_(self):
        return self.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self), "text/html": self.to_html()}
