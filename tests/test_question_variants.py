"""Questions with variants (helpers.interactive.ask): made while the book is built, checked here.

Python: variants are deterministic for a seed and differ between seeds; each is what the
chapter's ``make`` gives for its parameters, and ``verify`` finds a variant whose shown answer
the page would call wrong; bad calls get errors that say what to fix. Then the built book's
``_static/questions-data.js`` (every chapter's questions): each question has at least 20
variants or says why it cannot vary, one or two hints per variant that never give the answer,
and every variant's shown answer is judged right (and each named mistake gets its own
feedback) by the same rules as the page.
"""

import json
import re

import pytest

from helpers._questions import MIN_VARIANTS, Question
from helpers.interactive import ask, choice_question, numeric_question


def add(a=2, b=2):
    return numeric_question(f"What is {a} + {b}?", a + b, tolerance=0, explanation=f"{a} and {b} make {a + b}.",
                            mistakes={10 * a + b: "That writes the digits side by side."},
                            hints=["Count on from the larger number."])


def two_numbers(rng):
    return {"a": int(rng.integers(1, 10)), "b": int(rng.integers(1, 10))}


def test_variants_are_deterministic_for_a_seed_and_change_with_it():
    one, again, other = (ask(add, key="add", draw=two_numbers, seed=seed) for seed in (3, 3, 4))
    assert one.data == again.data
    assert [v.params for v in one.variants] != [v.params for v in other.variants]
    assert len(one.variants) == MIN_VARIANTS and one.variants[0].params == {}
    assert len({v.prompt for v in one.variants}) == MIN_VARIANTS  # all different
    assert one.data["variants"][5]["params"] == one.variants[5].params


def test_each_variant_is_make_of_its_params_and_verify_checks_it():
    question = ask(add, key="add", first={"a": 1, "b": 1}, draw=two_numbers)
    assert question.verify() == MIN_VARIANTS
    for variant in question.variants:
        assert variant.answer == sum(variant.params.values())
        assert variant.check(str(variant.answer))[0]


def test_verify_finds_a_shown_answer_the_page_would_call_wrong():
    def third(n=3):  # shown as 6 digits: within the tolerance only if it is loose enough
        return numeric_question(f"1/{n}?", 1 / n, tolerance=1e-9, explanation="e", hints=["h"])

    question = ask(third, key="third", draw=lambda rng: {"n": int(rng.integers(3, 1000))})
    with pytest.raises(AssertionError, match="judged wrong"):
        question.verify()


def test_verify_finds_a_make_that_is_not_deterministic():
    calls = []

    def drifting(k=1):
        calls.append(k)
        return numeric_question(f"k = {k}, call {len(calls)}?", k, tolerance=0, explanation="e", hints=["h"])

    question = ask(drifting, key="drift", draw=lambda rng: {"k": int(rng.integers(0, 10**6))})
    with pytest.raises(AssertionError, match="another question"):
        question.verify()


def test_the_page_gets_every_variant_and_the_try_another_button():
    question = ask(add, key="add", draw=two_numbers)
    html = question.to_html()
    data = json.loads(re.search(r'class="sc-data">(.*?)</script>', html, re.DOTALL).group(1))
    assert data["key"] == "add" and len(data["variants"]) == MIN_VARIANTS
    assert all(v["hints"] and v["answer_text"] and v["tolerance_text"] for v in data["variants"])
    assert "sc-tool sc-another" in html and "sc-tool sc-hint" in html and "sc-tool sc-reveal" in html
    fixed = ask(add, key="add-fixed", fixed="There is only one sum worth asking.")
    assert "sc-tool sc-another" not in fixed.to_html() and fixed.data["fixed"]


@pytest.mark.parametrize("arguments, error, words", [
    ({"key": "Add Numbers"}, ValueError, "lowercase words"),
    ({"key": 3}, TypeError, "key"),
    ({"draw": None}, ValueError, "draw is missing"),
    ({"n": 5}, ValueError, "n must be an integer >= 20"),
    ({"fixed": "why"}, ValueError, "either fixed"),
    ({"draw": lambda rng: {"a": 1, "b": 1}}, ValueError, "only 2 different variants"),
    ({"draw": lambda rng: [1, 2]}, TypeError, "parameters must be a dict"),
])
def test_bad_calls_say_what_to_fix(arguments, error, words):
    call = {"key": "add", "draw": two_numbers, **arguments}
    with pytest.raises(error, match=words):
        ask(add, **call)


def test_a_variant_without_hints_or_of_another_kind_is_refused():
    def bare(a=1):
        return numeric_question(f"{a}?", a, tolerance=0, explanation="e")

    with pytest.raises(ValueError, match="no hints"):
        ask(bare, key="bare", draw=lambda rng: {"a": int(rng.integers(100))})

    def mixed(a=1):
        if a % 2:
            return numeric_question(f"{a}?", a, tolerance=0, explanation="e", hints=["h"])
        return choice_question(f"{a}?", {"x": None, "y": "no"}, explanation="e", hints=["h"])

    with pytest.raises(ValueError, match="same kind"):
        ask(mixed, key="mixed", draw=lambda rng: {"a": int(rng.integers(100))})


def test_hints_are_one_or_two_texts():
    with pytest.raises(TypeError, match="hints must be a list"):
        numeric_question("q?", 1, tolerance=0, explanation="e", hints="one hint")
    with pytest.raises(ValueError, match="one or two"):
        numeric_question("q?", 1, tolerance=0, explanation="e", hints=["a", "b", "c"])


# ---------------------------------------------------------------- the built book's questions

def book_questions(html_dir):
    script = (html_dir / "_static" / "questions-data.js").read_text(encoding="utf-8")
    return json.loads(script.split("window.BOOK_QUESTIONS = ", 1)[1].rstrip().rstrip(";"))


def embedded(root_html):
    return json.loads(re.search(r'class="sc-data">(.*?)</script>', root_html, re.DOTALL).group(1))


def test_every_chapter_question_varies_or_says_why_and_has_hints(html_dir):
    chapters = book_questions(html_dir)
    assert [c["href"] for c in chapters] == [f"chapters/{n}.html" for n in (
        "01_gradient_check", "02_sigmoid_or_softmax", "03_hinge_and_softmax", "04_multiclass_mnist",
        "05_pca_snapshot", "06_ragged_reductions")]
    keys, problems = [], []
    for chapter in chapters:
        assert len(chapter["questions"]) >= 3, chapter["href"]
        for question in chapter["questions"]:
            data = embedded(question["html"])
            keys.append(data["key"])
            variants = data["variants"]
            if len(variants) < MIN_VARIANTS and not data.get("fixed"):
                problems.append(f"{data['key']}: {len(variants)} variants and no reason why not more")
            for i, variant in enumerate(variants):
                if not 1 <= len(variant["hints"]) <= 2:
                    problems.append(f"{data['key']} variant {i}: {len(variant['hints'])} hints")
                shown = variant["answer_text"]
                if any(shown in hint for hint in variant["hints"]) and variant["kind"] == "numeric":
                    problems.append(f"{data['key']} variant {i}: a hint gives the answer {shown}")
    assert len(keys) == len(set(keys)), keys
    assert not problems, "\n".join(problems)


def test_every_variant_in_the_book_is_judged_as_its_answer_says(html_dir):
    checked = 0
    for chapter in book_questions(html_dir):
        for question in chapter["questions"]:
            for variant in embedded(question["html"])["variants"]:
                checked += Question(variant).verify()
    assert checked >= 20 * 18, checked  # most of the 23 questions vary


def test_verify_finds_a_generated_sentence_that_reads_a_8():
    def digit(d=3):
        return numeric_question(f"Is this a {d}? Type {d}.", d, tolerance=0, explanation="e", hints=["h"])

    question = ask(digit, key="digit", draw=lambda rng: {"d": int(rng.integers(0, 100))})
    with pytest.raises(AssertionError, match="a 8|a 11|a 18|a 8[0-9]"):
        question.verify()


def test_verify_finds_a_hint_that_states_the_answer_but_not_a_number_that_contains_it():
    def negated(a=7):
        return numeric_question(f"What is -(-{a})?", a, tolerance=0, explanation="e",
                                hints=[f"Two minus signs cancel: the result is {a}."])

    with pytest.raises(AssertionError, match="a hint states the answer"):
        ask(negated, key="negated", draw=lambda rng: {"a": int(rng.integers(2, 99))}).verify()

    def halves(a=7):  # "17" and "7.5" in a hint do not state the answer 7
        return numeric_question(f"{a}.5 - 0.5?", a, tolerance=0, explanation="e",
                                hints=[f"Subtract the halves of 1{a} and {a}.5."])

    assert ask(halves, key="halves", draw=lambda rng: {"a": int(rng.integers(2, 99))}).verify() == 20


def test_verify_reads_a_shown_answer_whose_unit_turned_singular():
    def count(k=1):  # "1 component", "2 components"
        return numeric_question(f"{k} of them?", k, tolerance=0, unit="components", explanation="e",
                                hints=["Count them."])

    assert ask(count, key="count", draw=lambda rng: {"k": int(rng.integers(2, 99))}).verify() == 20
