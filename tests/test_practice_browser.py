"""Practice in the built book, in headless Chromium from file://: variants, hints, progress.

* On every chapter, for every question: "Hint" shows a hint before any answer (and "Show the
  answer and why" only appears after one); "Try another" shows another variant, which is the
  variant the build computed for it; a named misconception of that variant gets its own
  feedback and its right answer is judged right; the answer shown after that is its answer.
* Progress: answers on chapter 1 survive a reload (the line under the title and each
  question's record), show on the landing page, and a question answered wrongly is on the
  Practice page, with a fresh variant, until "Forget all my progress" clears it.
* With the browser's storage refused, questions still work and the page says nothing is kept.
* axe-core finds no serious or critical violation on the Practice page with every question
  shown, in either theme.
"""

import json

import pytest
from book_pages import open_page, serious_axe_violations, theme_of

pytestmark = pytest.mark.browser

CHAPTERS = ["01_gradient_check", "02_sigmoid_or_softmax", "03_hinge_and_softmax", "04_multiclass_mnist",
            "05_pca_snapshot", "06_ragged_reductions"]


def plain(text):
    return text.replace("`", "")


def all_variants(root):
    return root.evaluate("e => JSON.parse(e.querySelector('.sc-data').textContent).variants")


def feedback_of(page, root):
    page.wait_for_function("e => e.querySelector('.sc-feedback').textContent.length > 0",
                           arg=root.element_handle(), timeout=5_000)
    return root.locator(".sc-feedback").inner_text()


def answer(page, root, variant, response):
    """Answer with a number (numeric) or an option's index (choice); return the feedback."""
    root.evaluate("e => { e.querySelector('.sc-feedback').textContent = ''; }")
    if variant["kind"] == "numeric":
        root.locator("input.sc-input").fill(response)
    else:
        root.locator("input[type=radio]").nth(response).check()
    root.locator("button.sc-check").click()
    page.wait_for_timeout(80)  # the feedback is emptied and refilled
    return feedback_of(page, root)


def wrong_and_right(variant):
    """(a named misconception, its feedback) and the right response, for this variant."""
    if variant["kind"] == "numeric":
        mistake = variant["mistakes"][0] if variant["mistakes"] else None
        wrong = (repr(mistake["value"]), mistake["feedback"]) if mistake else None
        return wrong, variant["answer_text"].split(" ")[0]  # the number, without its unit
    options = variant["options"]
    wrong = next((i, o["feedback"]) for i, o in enumerate(options) if not o["correct"])
    return wrong, next(i for i, o in enumerate(options) if o["correct"])


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_hints_try_another_and_the_answer_on_every_question(browser, html_dir, chapter):
    page, log = open_page(browser, html_dir / "chapters" / f"{chapter}.html")
    roots = page.locator("[data-selfcheck]").all()
    assert len(roots) >= 3
    for n, root in enumerate(roots):
        where = f"{chapter} question {n}"
        variants = all_variants(root)
        # a hint before any answer, and no answer yet
        assert root.locator(".sc-reveal").is_hidden(), where
        root.locator(".sc-hint").click()
        for _ in variants[0]["hints"][1:]:
            root.locator(".sc-hint").click()
        # the last hint: the button goes, and the keyboard continues from the hint
        assert root.locator(".sc-hint").is_hidden(), where
        assert root.evaluate("e => e.querySelector('.sc-hints').contains(document.activeElement)"), where
        hints = root.locator(".sc-hints").inner_text()
        assert plain(variants[0]["hints"][0]) in hints and root.locator(".sc-answer").inner_text() == "", where
        if len(variants) > 1:
            before = root.locator("form").inner_text()
            root.locator(".sc-another").click()
            index = int(root.get_attribute("data-variant"))
            assert index != 0, where
            shown = root.locator("form").inner_text()
            assert shown != before and plain(variants[index]["prompt"]) in shown, (where, shown)
            assert root.locator(".sc-hints").inner_text() == "", where   # folded again
        else:
            index = 0
        variant = variants[index]
        wrong, right = wrong_and_right(variant)
        if wrong is not None:
            text = answer(page, root, variant, wrong[0])
            assert text.startswith("Not quite.") and plain(wrong[1]) in text, (where, text)
        text = answer(page, root, variant, right)
        assert text.startswith("Correct.") and plain(variant["explanation"]) in text, (where, text)
        assert root.locator(".sc-reveal").is_hidden(), where     # right: the explanation is shown
        answer(page, root, variant, wrong[0] if wrong is not None else repr(1000 * abs(variant["answer"]) + 12345))
        root.locator(".sc-reveal").click()
        assert root.evaluate("e => e.querySelector('.sc-answer') === document.activeElement"), where
        revealed = root.locator(".sc-answer").inner_text()
        shown_answer = plain(variant["answer_text"])
        if variant["kind"] == "numeric" and shown_answer.startswith("-"):  # a real minus sign
            shown_answer = "\u2212" + shown_answer[1:]
        assert shown_answer in revealed and plain(variant["explanation"]) in revealed, (where, revealed)
    assert not any(log.values()), log
    page.close()


def chapter_line(page):
    return page.locator(".sc-chapter-progress").inner_text()


def test_progress_survives_a_reload_shows_on_the_landing_page_and_feeds_practice(browser, html_dir):
    page, log = open_page(browser, html_dir / "chapters" / "01_gradient_check.html")
    roots = page.locator("[data-selfcheck]").all()
    total = len(roots)
    assert chapter_line(page).startswith(f"Your progress: 0 of {total} check-yourself questions")
    first, second = all_variants(roots[0])[0], all_variants(roots[1])[0]
    answer(page, roots[0], first, wrong_and_right(first)[1])          # right
    wrong = wrong_and_right(second)[0]
    answer(page, roots[1], second, wrong[0] if wrong else "123456789")   # wrong
    assert chapter_line(page).startswith(f"Your progress: 1 of {total} check-yourself questions")
    roots[1].locator(".sc-reveal").click()                             # shown the answer...
    page.reload()
    page.wait_for_selector(".sc-chapter-progress")
    assert chapter_line(page).startswith(f"Your progress: 1 of {total} check-yourself questions")
    roots = page.locator("[data-selfcheck]").all()
    answer(page, roots[1], second, wrong_and_right(second)[1])        # ...typed after a reload: not counted
    assert chapter_line(page).startswith(f"Your progress: 1 of {total} check-yourself questions")
    assert "answered right" in roots[0].locator(".sc-progress").inner_text()
    assert "not yet right" in roots[1].locator(".sc-progress").inner_text()
    wrong_key = all_variants_key(roots[1])
    # the landing page
    page.goto((html_dir / "intro.html").as_uri())
    row = page.locator("[data-book-progress] tbody tr").first
    assert row.locator("td").inner_text() == f"1 of {total}", row.inner_text()
    assert page.locator("[data-book-progress] tbody tr").count() == 6
    # the Practice page: the wrong one, with a fresh variant, until reset
    page.goto((html_dir / "practice.html").as_uri())
    listed = page.locator(".practice-question")
    assert listed.count() == 1, page.locator(".practice-status").inner_text()
    assert "Checking a softmax" in listed.locator("h2").inner_text()
    asked = listed.locator("[data-selfcheck]")
    answered = json.loads(page.evaluate(f"localStorage.getItem('mlnp-question:{wrong_key}')"))["tried"]
    assert int(asked.get_attribute("data-variant")) not in answered and "sc-ready" in asked.get_attribute("class")
    assert json.loads(asked.locator(".sc-data").text_content())["key"] == wrong_key
    assert page.locator(".practice-tally").inner_text() == "Answered right so far: 0 of the 1 here."
    asked_variant = all_variants(asked)[int(asked.get_attribute("data-variant"))]
    answer(page, asked, asked_variant, wrong_and_right(asked_variant)[1])
    assert page.locator(".practice-tally").inner_text() == "Answered right so far: 1 of the 1 here."
    page.once("dialog", lambda dialog: dialog.dismiss())               # asked first: "no" keeps it
    page.locator("button.practice-reset").click()
    assert page.locator(".practice-question").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button.practice-reset").click()
    assert "forgotten" in page.locator(".practice-status").inner_text()
    assert page.locator(".practice-question").count() == total_questions(html_dir)   # nothing wrong: all of them
    page.goto((html_dir / "intro.html").as_uri())
    assert page.locator("[data-book-progress] tbody tr td").first.inner_text() == f"0 of {total}"
    assert not any(log.values()), log
    page.close()


def total_questions(html_dir):
    script = (html_dir / "_static" / "questions-index.js").read_text(encoding="utf-8")
    chapters = json.loads(script.split("window.BOOK_QUESTIONS = ", 1)[1].rstrip().rstrip(";"))
    return sum(len(chapter["questions"]) for chapter in chapters)


def all_variants_key(root):
    return root.evaluate("e => JSON.parse(e.querySelector('.sc-data').textContent).key")


def test_without_storage_the_questions_work_and_say_nothing_is_kept(browser, html_dir):
    page = browser.new_page()
    page.add_init_script("Object.defineProperty(window, 'localStorage', "
                         "{get() { throw new DOMException('denied', 'SecurityError'); }});")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((html_dir / "chapters" / "02_sigmoid_or_softmax.html").as_uri())
    page.wait_for_selector(".sc-chapter-progress")
    assert "not kept" in chapter_line(page)
    root = page.locator("[data-selfcheck]").first
    variant = all_variants(root)[0]
    assert answer(page, root, variant, wrong_and_right(variant)[1]).startswith("Correct.")
    page.goto((html_dir / "practice.html").as_uri())
    assert "not kept" in page.locator(".practice-note").inner_text()
    assert page.locator(".practice-question").count() >= 18   # all of them, since none can be marked wrong
    # The theme's own scripts meet the refused storage too (uncaught "denied"); ours catch it.
    assert [error for error in errors if "denied" not in error] == [], errors
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_practice_page_with_every_question_passes_axe(browser, html_dir, scheme):
    page, log = open_page(browser, html_dir / "practice.html", color_scheme=scheme)
    assert theme_of(page) == scheme
    page.locator("button.practice-all").click()
    assert page.locator(".practice-question").count() >= 18
    root = page.locator("[data-selfcheck]").first
    root.locator(".sc-hint").click()
    assert not any(log.values()), log
    assert serious_axe_violations(page) == []
    page.close()
