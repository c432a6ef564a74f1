"""The built book's check-yourself questions in headless Chromium, and axe-core on every page.

The book comes from the html_dir fixture (tests/conftest.py): the build that BOOK_HTML names,
or a strict build from clean. Pages are opened from file://, as a reader opens them offline.

* On every chapter page: at least three questions, each in a ``[data-selfcheck]`` element
  holding its input(s), a Check button and an aria-live feedback element; one question
  answered right and one wrong with the keyboard, the feedback saying so (a wrong option of
  a multiple-choice question shows that option's own explanation; a numeric answer typed as
  a percentage, ``x%``, reads as x / 100); no request leaves the page's folder.
* Chapter 1's order-of-magnitude question accepts any answer within its factor and no other.
* On every page (landing, notation, the six chapters, search and index): axe-core, bundled by
  axe-playwright-python, finds no serious or critical violation of WCAG 2 A/AA, also with the
  questions answered (feedback shown).
"""

import json

import pytest
from book_pages import open_page, pages, serious_axe_violations, theme_of

pytestmark = pytest.mark.browser

MIN_QUESTIONS = 3
# Chapters whose notebooks were being rewritten by others when the questions were added
# (their /work/notes/chN-free marker was absent); strict, so the mark must go once they get theirs.
# None is left: chapter 4 got its questions last.
AWAITING_QUESTIONS = set()


def chapter_pages(html_dir):
    found = sorted((html_dir / "chapters").glob("0*.html"))
    assert len(found) == 6, [p.name for p in found]
    return found


def feedback_of(page, root):
    """The question's feedback text once the page has written it."""
    feedback = root.locator(".sc-feedback[aria-live]")
    page.wait_for_function("e => e.textContent.length > 0", arg=feedback.element_handle(), timeout=5_000)
    return feedback.inner_text()


def question_data(root):
    return root.evaluate("e => JSON.parse(e.querySelector('.sc-data').textContent)")


def answer_numeric(page, root, text):
    field = root.locator("input.sc-input")
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")               # submits the form: what the Check button does
    return feedback_of(page, root)


def choose_option(page, root, index):
    radio = root.locator("input[type=radio]").nth(index)
    radio.focus()
    page.keyboard.press("Space")               # selects the focused option
    assert radio.is_checked()
    root.locator("button.sc-check").focus()
    page.keyboard.press("Enter")
    return feedback_of(page, root)


def check_structure(root, where):
    assert root.locator("button.sc-check").count() == 1, where
    feedback = root.locator(".sc-feedback")
    assert feedback.count() == 1 and feedback.get_attribute("aria-live") == "polite", where
    for field in root.locator("input").all():             # every input has a label that names it
        field_id = field.get_attribute("id")
        assert field_id and root.locator(f'label[for="{field_id}"]').count() == 1, where


def exercise_numeric(page, root, where):
    data = question_data(root)
    if data["mistakes"]:                                   # a named mistake: its own feedback
        mistake = data["mistakes"][0]
        text = answer_numeric(page, root, repr(mistake["value"]))
        assert text.startswith("Not quite.") and mistake["feedback"].replace("`", "") in text, (where, text)
    else:
        wrong = data["answer"] + 10 * data["allowed"] + 1 + abs(data["answer"])
        text = answer_numeric(page, root, repr(wrong))
        assert text.startswith("Not quite.") and "too high" in text, (where, text)
    assert root.get_attribute("data-result") == "incorrect", where
    text = answer_numeric(page, root, repr(data["answer"]))
    assert text.startswith("Correct.") and data["explanation"].replace("`", "") in text, (where, text)
    assert root.get_attribute("data-result") == "correct", where
    percent = repr(100 * data["answer"])       # the answer typed as a percentage: x% is x / 100
    if data["unit"] != "%" and (data["allowed"] > 0 or float(percent) / 100 == data["answer"]):
        text = answer_numeric(page, root, percent + "%")
        assert text.startswith("Correct."), (where, percent, text)


def exercise_choice(page, root, where):
    data = question_data(root)
    wrong = next(i for i, option in enumerate(data["options"]) if not option["correct"])
    text = choose_option(page, root, wrong)
    assert text.startswith("Not quite.") and data["options"][wrong]["feedback"].replace("`", "") in text, (where, text)
    right = next(i for i, option in enumerate(data["options"]) if option["correct"])
    text = choose_option(page, root, right)
    assert text.startswith("Correct.") and data["explanation"].replace("`", "") in text, (where, text)


def chapter_params():
    names = ["01_gradient_check", "02_sigmoid_or_softmax", "03_hinge_and_softmax", "04_multiclass_mnist",
             "05_pca_snapshot", "06_ragged_reductions"]
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="questions not added yet"))
            if n in AWAITING_QUESTIONS else n for n in names]


@pytest.mark.parametrize("chapter", chapter_params())
def test_chapter_questions_answer_right_and_wrong(browser, html_dir, chapter):
    path = html_dir / "chapters" / f"{chapter}.html"
    assert path.is_file(), f"no page {path}"
    page, log = open_page(browser, path)
    roots = page.locator("[data-selfcheck]").all()
    assert len(roots) >= MIN_QUESTIONS, f"{chapter}: {len(roots)} questions, fewer than {MIN_QUESTIONS}"
    assert page.locator("[data-selfcheck].sc-ready").count() == len(roots), f"{chapter}: a question's script did not run"
    kinds = [root.get_attribute("data-selfcheck") for root in roots]
    for i, root in enumerate(roots):
        check_structure(root, f"{chapter} question {i}")
    # one question of each kind the page has, right and wrong (at least two questions in all)
    exercised = 0
    for kind, exercise in (("numeric", exercise_numeric), ("choice", exercise_choice)):
        if kind in kinds:
            index = kinds.index(kind)
            exercise(page, roots[index], f"{chapter} question {index} ({kind})")
            exercised += 1
    if exercised == 1:                                     # a page with one kind: a second one of it
        second = roots[1]
        (exercise_numeric if kinds[1] == "numeric" else exercise_choice)(page, second, f"{chapter} question 1")
    assert not any(log.values()), log
    page.close()


def test_chapter_1_order_of_magnitude_question_accepts_a_factor(browser, html_dir):
    page, log = open_page(browser, html_dir / "chapters" / "01_gradient_check.html")
    roots = [root for root in page.locator("[data-selfcheck]").all()
             if root.get_attribute("data-selfcheck") == "numeric" and question_data(root).get("factor")]
    assert len(roots) == 1, len(roots)
    root, data = roots[0], question_data(roots[0])
    answer, factor = data["answer"], data["tolerance"]
    for value, right in ((answer / factor * 1.01, True), (answer * factor / 1.01, True),
                         (answer / factor / 1.01, False), (answer * factor * 1.01, False)):
        text = answer_numeric(page, root, repr(value))
        assert text.startswith("Correct." if right else "Not quite."), (value, text)
    assert not any(log.values()), log
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe(browser, html_dir, scheme):
    # In either theme (it follows the system's colour scheme in its default "auto" mode).
    problems = {}
    checked = []
    for path in pages(html_dir):
        page, _ = open_page(browser, path, color_scheme=scheme)
        assert theme_of(page) == scheme, f"{path.name}: the theme did not switch to {scheme} mode"
        # Show some feedback first, so that its markup is checked too.
        for root in page.locator("[data-selfcheck]").all()[:2]:
            if root.get_attribute("data-selfcheck") == "numeric":
                root.locator("input.sc-input").fill("12345")
            else:
                root.locator("input[type=radio]").first.check()
            root.locator("button.sc-check").click()
            feedback_of(page, root)
        name = str(path.relative_to(html_dir))
        checked.append(name)
        found = serious_axe_violations(page)
        print(f"{name} ({scheme}): {len(found)} serious or critical violations")
        if found:
            problems[name] = found
        page.close()
    assert {"intro.html", "notation.html"} <= set(checked) and sum(n.startswith("chapters/") for n in checked) == 6
    assert not problems, json.dumps(problems, indent=1)
