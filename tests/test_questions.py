"""Check-yourself questions (helpers.interactive.numeric_question / choice_question).

Validation, markup and escaping in Python; then a standalone page of questions written by
``Question.save`` is opened from file:// in headless Chromium and answered with the keyboard
alone, right and wrong: the aria-live feedback says so, a wrong option shows its own
feedback, the page reads typed numbers as Python does, nothing is fetched, and axe-core
finds no serious or critical WCAG 2 A/AA violation.
"""

import json
import re

import numpy as np
import pytest

from book_pages import serious_axe_violations, watched_page
from helpers._questions import _parse_number, _read_number
from helpers.interactive import choice_question, numeric_question


def numeric(**overrides):
    arguments = dict(prompt="What relative error does the check print?", answer=3.2e-3, tolerance=0.1,
                     relative=True, explanation="float32 round-off divided by h.",
                     mistakes={0.0: "That is the float64 story.", 1e-9: "That is a float64 error."},
                     hints=["Think about float32's epsilon."])
    arguments.update(overrides)
    return numeric_question(**arguments)


def order_of_magnitude(**overrides):
    arguments = dict(prompt="Roughly what relative error does float32 give at h = 1e-4?", answer=1.4e-2,
                     tolerance=3.5, factor=True, explanation="float32 round-off over a small step.",
                     mistakes={1e-9: "That is the float64 curve.", 0.5: "That is the largest step's error."})
    arguments.update(overrides)
    return numeric_question(**arguments)


def choice(**overrides):
    arguments = dict(prompt="Why are the gradients zero?",
                     options={"A bug in softmax": "softmax is fine: the rows sum to 1.",
                              "The all-ones direction": "That is the derivative along the all-ones direction, "
                                                        "which is zero for every softmax.",
                              "Integer arrays": None},
                     explanation="x + h rounds back to x in an integer array.")
    arguments.update(overrides)
    return choice_question(**arguments)


def embedded(html):
    return json.loads(re.search(r'<script type="application/json" class="sc-data">(.*?)</script>', html, re.S)
                      .group(1))


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("overrides, error, words", [
    ({"prompt": 3}, TypeError, "prompt"),
    ({"prompt": "  "}, ValueError, "prompt"),
    ({"answer": "0.5"}, TypeError, "answer"),
    ({"answer": True}, TypeError, "answer"),
    ({"answer": float("nan")}, ValueError, "answer"),
    ({"answer": [1.0, 2.0]}, TypeError, "answer"),
    ({"tolerance": -0.1}, ValueError, "tolerance"),
    ({"tolerance": float("inf")}, ValueError, "tolerance"),
    ({"relative": "yes"}, TypeError, "relative"),
    ({"answer": 0.0, "mistakes": None}, ValueError, "relative"),
    ({"explanation": ""}, ValueError, "explanation"),
    ({"mistakes": {3.1e-3: "close"}}, ValueError, "within the tolerance"),
    ({"mistakes": {1.0: ""}}, ValueError, "mistake"),
    ({"unit": 5}, TypeError, "unit"),
    ({"factor": 1}, TypeError, "factor"),
    ({"factor": True}, ValueError, "relative and factor"),
    ({"factor": True, "relative": False, "tolerance": 0.5}, ValueError, "factor >= 1"),
    ({"factor": True, "relative": False, "answer": 0.0, "mistakes": None}, ValueError, "factor"),
    ({"factor": True, "relative": False, "tolerance": 3.5, "mistakes": {1e-3: "within a factor of 3.2"}},
     ValueError, "within the tolerance"),
])
def test_numeric_question_rejects_bad_arguments_by_name(overrides, error, words):
    with pytest.raises(error, match=words):
        numeric(**overrides)


@pytest.mark.parametrize("options, error, words", [
    (["a", "b"], TypeError, "dict"),
    ({"a": None}, ValueError, "at least two"),
    ({"a": "no", "b": "no"}, ValueError, "exactly one"),
    ({"a": None, "b": None}, ValueError, "exactly one"),
    ({"a": None, "b": "  "}, ValueError, "feedback"),
    ({"a": None, "": "empty"}, ValueError, "option"),
    ({"a": None, "a ": "same text once stripped"}, ValueError, "same text"),
    ({"a": None, 2: "not text"}, TypeError, "option"),
])
def test_choice_question_rejects_bad_options(options, error, words):
    with pytest.raises(error, match=words):
        choice(options=options)


def test_numpy_numbers_are_accepted_and_stored_as_floats():
    q = numeric_question("How many?", np.int64(7), tolerance=np.float32(0), explanation="Counted.")
    assert q.answer == 7.0 and isinstance(q.answer, float)
    assert numeric_question("x?", np.array([0.5]), tolerance=0.1, explanation="e").answer == 0.5


# ---------------------------------------------------------------- verdicts in Python

def test_numeric_verdicts():
    q = numeric()
    assert q.check(3.2e-3) == (True, "float32 round-off divided by h.")
    assert q.check("3.4e-3")[0] and not q.check("3.6e-3")[0]   # within 10%, then not
    assert q.check("0") == (False, "That is the float64 story.")
    assert q.check("1e-9") == (False, "That is a float64 error.")
    assert q.check("1") == (False, "That is too high.")
    assert q.check("1e-5") == (False, "That is too low.")
    with pytest.raises(ValueError, match="not a number"):
        q.check("about a thousandth")


def test_absolute_and_exact_tolerances():
    q = numeric_question("Components for 90%?", 14, tolerance=0, unit="components", explanation="Counted.")
    assert q.check("14")[0] and not q.check("14.5")[0] and not q.check("13")[0]
    assert "only the exact value" in q.tolerance_text()
    q = numeric_question("Percent?", 91.3, tolerance=0.5, unit="%", explanation="Summed.")
    assert q.check("91%")[0] and not q.check("90.7")[0]   # the unit is %: 91% is 91
    assert "\u00b10.5 %" in q.tolerance_text()
    assert "10%" in numeric().tolerance_text()


def test_a_percentage_is_a_fraction_unless_the_unit_is_percent():
    q = numeric_question("What fraction?", 0.1, tolerance=0.01, explanation="One in ten.")
    assert q.check("10%")[0] and q.check("0.1")[0] and not q.check("10")[0]
    assert q.check("50%") == (False, "That is too high.")
    q = numeric_question("What fraction?", 0.1, tolerance=0.01, unit="%", explanation="One in ten.")
    assert not q.check("10%")[0] and q.check("0.1%")[0]


def test_a_factor_tolerance_accepts_the_order_of_magnitude():
    q = order_of_magnitude()
    assert all(q.check(text)[0] for text in ("1.4e-2", "4e-3", "4.9e-2", "1e-2", "2%"))
    assert q.check("3.9e-3") == (False, "That is too low.")
    assert q.check("5e-2") == (False, "That is too high.")
    assert q.check("-1.4e-2") == (False, "That is too low.")   # the wrong sign is no factor away
    assert q.check("0") == (False, "That is too low.")
    assert q.check("3e-9") == (False, "That is the float64 curve.")      # within a factor 3.5 of 1e-9
    assert q.check("0.3") == (False, "That is the largest step's error.")
    assert q.tolerance_text() == "Give a number; answers within a factor of 3.5 of the right one count."
    assert numeric_question("x?", 2.0, tolerance=1, factor=True, explanation="e").tolerance_text() == (
        "Give a number; only the exact value counts.")


def test_choice_verdicts():
    q = choice()
    assert q.answer == "Integer arrays"
    assert q.check("Integer arrays") == (True, "x + h rounds back to x in an integer array.")
    assert q.check("The all-ones direction")[1].startswith("That is the derivative along the all-ones")
    with pytest.raises(ValueError, match="not one of the options"):
        q.check("Something else")


@pytest.mark.parametrize("text, value", [
    ("0.25", 0.25), (" 1e-4 ", 1e-4), ("1E-4", 1e-4), ("+3", 3.0), ("-2.5", -2.5), ("\u22122.5", -2.5),
    ("90%", 0.9), ("10%", 0.1), ("2.5e-1%", 2.5e-3), ("0,5", 0.5), ("1.2 x 10^-3", 1.2e-3),
    ("0,003", 0.003), ("1,5", 1.5), ("-0,25", -0.25), (",5", 0.5), ("1234,5", 1234.5), ("1,5e-3", 1.5e-3),
    ("1,5 x 10^-3", 1.5e-3), ("0,5%", 0.005), ("12,34", 12.34),
    ("1,000", None), ("12,345.5", None), ("1.234,5", None), ("1,234", None), ("-1,234", None), ("1,000,000", None),
    ("1.2\u00d710-3", 1.2e-3), (".5", 0.5), ("5.", 5.0), ("1_000", 1000.0),
    ("", None), ("abc", None), ("1e", None), ("1..2", None), ("--1", None), ("1,2,3", None), ("e5", None),
])
def test_typed_numbers_are_read_leniently(text, value):
    assert _parse_number(text) == value


@pytest.mark.parametrize("text, words", [
    ("1,234", "1,234 could mean 1.234 or 1234"),
    ("1,000", "write 1.000 with a point for a decimal, or 1000 without a comma"),
    ("12,345.5", "Write 12345.5 without commas"),
    ("1.234,5", "Write 1234.5 with a point"),
    ("1,2,3", "with a point for decimals and no commas"),
    ("1,234%", "1,234% could mean 1.234% or 1234%"),
])
def test_a_comma_that_could_be_a_thousands_separator_gets_a_message_not_a_guess(text, words):
    value, message = _read_number(text)
    assert value is None and words in message
    with pytest.raises(ValueError, match=re.escape(words)):
        numeric().check(text)


def test_a_decimal_comma_is_judged_as_the_decimal_it_is():
    # issue 24: chapter 3's lambda question read "0,003" as 3 and answered "too high"
    q = numeric_question("Which lambda?", 0.003, tolerance=0.1, explanation="Measured.")
    assert q.check("0,003")[0] and q.check("0.003")[0] and q.check("3e-3")[0]
    assert q.check("0,3")[1].startswith("That is too high")


def test_a_percentage_typed_for_a_question_in_percent_is_not_divided():
    assert _parse_number("91%", "%") == 91.0 and _parse_number("91", "%") == 91.0
    assert _parse_number("91%", "components") == 0.91


# ---------------------------------------------------------------- markup and escaping

def test_numeric_markup_has_a_labelled_input_a_check_button_and_a_live_feedback():
    html = numeric(unit="per cent").to_html()
    root = re.search(r'<div class="sc" id="([^"]+)" data-selfcheck="numeric">', html)
    assert root
    uid = root.group(1)
    assert f'<label class="sc-label" for="{uid}-input">Your answer (in per cent)</label>' in html
    assert f'id="{uid}-input"' in html and 'type="text"' in html and 'inputmode="decimal"' in html
    assert '<button class="sc-check" type="submit">Check</button>' in html
    assert re.search(r'class="sc-feedback"[^>]*role="status" aria-live="polite"', html)
    assert "answers within 10% of the right one count" in html
    assert "<style>" in html and "SelfCheck.mount(" in html
    data = embedded(html)
    assert data["answer"] == 3.2e-3 and data["allowed"] == pytest.approx(3.2e-4)


def test_choice_markup_has_one_labelled_radio_per_option_in_a_fieldset():
    q = choice()
    html = q.to_html()
    uid = re.search(r'data-selfcheck="choice"', html) and re.search(r'id="(selfcheck-[^"]+)"', html).group(1)
    radios = re.findall(rf'<input type="radio" name="{uid}" id="({uid}-\d)" value="\d">\s*<label for="(\1)">', html)
    assert len(radios) == 3
    assert re.search(r'<fieldset class="sc-options"><legend class="sc-prompt"', html)
    assert [o["correct"] for o in embedded(html)["options"]] == [False, False, True]


def test_text_is_escaped_and_backticks_become_code():
    nasty = 'Is <b>this</b> "bold"? </script><script>alert(1)</script> `x & y`'
    q = choice_question(nasty, {"<i>a</i>": None, "b </script>": "it is `b`"}, explanation="</script> ok")
    html = q.to_html()
    body = html.split("<script>")[0]  # the markup before the inlined script
    assert "<b>this</b>" not in body and "&lt;b&gt;this&lt;/b&gt;" in body
    assert "<code>x &amp; y</code>" in body and "&lt;i&gt;a&lt;/i&gt;" in body
    # the data cannot end its <script> early, and still reads back as the original text
    data_text = re.search(r'class="sc-data">(.*?)</script>', html, re.S).group(1)
    assert "</script" not in data_text
    data = embedded(html)
    assert data["prompt"] == nasty.strip() and data["options"][1]["feedback"] == "it is `b`"


def test_ids_are_unique_even_for_the_same_question_twice():
    ids = [re.search(r'<div class="sc" id="([^"]+)"', numeric().to_html()).group(1) for _ in range(2)]
    assert ids[0] != ids[1]


def test_mime_bundle_and_plain_text():
    bundle = choice()._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"].splitlines()[0] == "Check yourself: Why are the gradients zero?"
    assert "( ) Integer arrays" in bundle["text/plain"]


def test_the_script_fetches_nothing():
    from helpers._questions import _static

    script = _static("questions.js")
    for marker in ("fetch(", "XMLHttpRequest", "import(", "http:", "https:", "src="):
        assert marker not in script


# ---------------------------------------------------------------- in a browser

@pytest.fixture
def question_page(browser, tmp_path):
    questions = [numeric(), choice(),
                 numeric_question("Components for 90%?", 14, tolerance=0, unit="components", explanation="Counted."),
                 order_of_magnitude(),
                 numeric_question("Percent?", 91.3, tolerance=0.5, unit="%", explanation="Summed.")]
    path = questions[0].save(tmp_path / "questions.html", *questions[1:])
    page, log = watched_page(browser)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector(f"[data-selfcheck].sc-ready >> nth={len(questions) - 1}", timeout=10_000)
    yield page, questions
    assert not log["foreign"] and not log["errors"], log
    page.close()


def feedback_after(page, root):
    """The root's feedback once the page has written it (it is emptied first, then filled)."""
    feedback = root.locator(".sc-feedback[aria-live]")
    page.wait_for_function("e => e.textContent.length > 0", arg=feedback.element_handle(), timeout=5_000)
    return feedback.inner_text()


@pytest.mark.browser
def test_numeric_question_by_keyboard(question_page):
    page, questions = question_page
    root = page.locator("[data-selfcheck]").nth(0)
    assert root.get_attribute("data-selfcheck") == "numeric"
    assert root.locator(".sc-nojs").count() == 0  # the script replaced the no-JavaScript note
    feedback = root.locator(".sc-feedback")
    assert feedback.get_attribute("aria-live") == "polite" and feedback.get_attribute("role") == "status"
    page.keyboard.press("Tab")  # the first focusable element of the page is the first question's input
    assert page.evaluate("document.activeElement.id") == root.locator("input").get_attribute("id")
    page.keyboard.press("Enter")
    assert "Type your answer first" in feedback_after(page, root)
    assert root.locator("input").get_attribute("aria-invalid") == "true"
    page.keyboard.type("0")
    page.keyboard.press("Enter")  # Enter submits the form: the Check button's action
    text = feedback_after(page, root)
    assert text.startswith("Not quite.") and "That is the float64 story." in text
    assert root.get_attribute("data-result") == "incorrect"
    page.keyboard.press("Control+A")
    page.keyboard.type("3.1e-3")
    page.keyboard.press("Tab")  # to the Check button
    page.keyboard.press("Enter")
    text = feedback_after(page, root)
    assert text.startswith("Correct.") and questions[0].data["explanation"] in text
    assert root.get_attribute("data-result") == "correct"


@pytest.mark.browser
def test_choice_question_by_keyboard(question_page):
    page, questions = question_page
    root = page.locator("[data-selfcheck]").nth(1)
    radios = root.locator("input[type=radio]")
    radios.nth(0).focus()
    page.keyboard.press("Space")         # choose the first option
    page.keyboard.press("ArrowDown")     # arrows move the choice within the group: the second option
    assert radios.nth(1).is_checked()
    page.keyboard.press("Tab")           # out of the radio group, to the Check button
    page.keyboard.press("Enter")
    text = feedback_after(page, root)
    assert text.startswith("Not quite.")
    assert questions[1].check("The all-ones direction")[1] in text  # that option's own feedback
    radios.nth(1).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    text = feedback_after(page, root)
    assert text.startswith("Correct.") and "rounds back to x" in text


@pytest.mark.browser
def test_page_reads_numbers_and_judges_as_python_does(question_page):
    page, questions = question_page
    cases = ["0.25", " 1e-4 ", "+3", "\u22122.5", "90%", "10%", "0.3%", "2.5e-1%", "1,000", "12,345.5", "0,5",
             "1.2 x 10^-3", "1.2\u00d710-3", ".5", "5.", "1_000", "", "abc", "1e", "1..2", "--1", "1,2,3", "e5", "%",
             "0,003", "1,5", "-0,25", ",5", "1234,5", "1,5e-3", "1,5 x 10^-3", "0,5%", "12,34", "1.234,5", "1,234",
             "-1,234", "1,000,000", "1,234%", "1,", ",", "1,000.5%"]
    for unit in (None, "components", "%"):
        read = page.evaluate("([cases, unit]) => cases.map(c => SelfCheck.parseNumber(c, unit))", [cases, unit])
        assert read == [_parse_number(c, unit) for c in cases], unit
        both = page.evaluate("([cases, unit]) => cases.map(c => SelfCheck.readNumber(c, unit))", [cases, unit])
        assert [(r["value"], r["message"]) for r in both] == [_read_number(c, unit) for c in cases], unit
    values = {0: [0.0, 1e-9, 2.8e-3, 2.88e-3, 3.2e-3, 3.52e-3, 3.53e-3, 1.0, -1.0],
              3: [0.0, -1.4e-2, 1e-9, 3e-9, 4e-3, 1.4e-2 / 3.5, 1.4e-2, 1.4e-2 * 3.5, 4.9e-2, 5e-2, 0.3, 1.0]}
    for index, vs in values.items():
        data = questions[index].data
        page_verdicts = page.evaluate("([d, vs]) => vs.map(v => SelfCheck.verdict(d, v))", [data, vs])
        assert [tuple(v) for v in page_verdicts] == [questions[index].check(v) for v in vs], index


@pytest.mark.browser
def test_a_typed_percentage_is_judged_as_in_python(question_page):
    page, questions = question_page
    for index, text in ((3, "2%"), (3, "5%"), (4, "91%"), (4, "89%")):
        root = page.locator("[data-selfcheck]").nth(index)
        field = root.locator("input.sc-input")
        field.fill(text)
        root.locator("button.sc-check").click()
        shown = feedback_after(page, root)
        right, feedback = questions[index].check(text)
        assert shown.startswith("Correct." if right else "Not quite.") and feedback in shown, (text, shown)
        page.wait_for_timeout(100)   # the feedback is emptied and refilled: let it settle


@pytest.mark.browser
def test_a_decimal_comma_typed_in_the_page_is_read_or_explained_as_in_python(question_page):
    page, questions = question_page
    root = page.locator("[data-selfcheck]").nth(0)
    field = root.locator("input.sc-input")
    field.fill("0,0032")  # the answer, 3.2e-3, with a decimal comma
    root.locator("button.sc-check").click()
    assert feedback_after(page, root).startswith("Correct.")
    page.wait_for_timeout(100)
    field.fill("1,000")  # 1.000 or 1000? never guessed
    root.locator("button.sc-check").click()
    shown = feedback_after(page, root)
    assert root.get_attribute("data-result") == "invalid" and field.get_attribute("aria-invalid") == "true"
    assert shown.startswith("Not a number I can read.") and _read_number("1,000")[1] in shown, shown


@pytest.mark.browser
def test_question_page_has_no_serious_accessibility_violation(question_page):
    page, _ = question_page
    root = page.locator("[data-selfcheck]").nth(0)
    root.locator("input").fill("7")
    root.locator("button.sc-check").click()
    feedback_after(page, root)
    assert serious_axe_violations(page) == []


def test_a_plural_unit_reads_singular_after_one():
    q = numeric_question("How many components?", 16, tolerance=1, unit="components", explanation="e")
    assert q.tolerance_text() == "Give a number; answers within ±1 component of the right one count."
    assert numeric_question("k?", 1, tolerance=2, unit="components", explanation="e").data["answer_text"] == "1 component"
    assert numeric_question("k?", 3, tolerance=2, unit="components", explanation="e").data["answer_text"] == "3 components"
    assert "±2 components" in numeric_question("k?", 3, tolerance=2, unit="components", explanation="e").tolerance_text()
    assert "±1 %" in numeric_question("p?", 30, tolerance=1, unit="%", explanation="e").tolerance_text()
