/* Check-yourself questions (helpers.interactive.numeric_question / choice_question).
 *
 * No kernel, no network: the Python side inlines this file, questions.css and the question
 * (a JSON <script class="sc-data"> inside the root element) into one text/html output. It
 * works in the static book (also from file://) and as a JupyterLab cell output. A page with
 * several questions carries this file several times: it defines window.SelfCheck once.
 *
 * Markup (made by helpers/_questions.py): the root <div data-selfcheck="numeric|choice">
 * holds a <form> with the prompt, a labelled text input (numeric) or radio buttons in a
 * fieldset (choice), a Check button (type=submit, so Enter checks too) and a feedback
 * element with role=status and aria-live=polite, which screen readers announce.
 *
 * Verdicts match Question.check in Python:
 *   numeric: the typed text is read as a number ("1e-4", "1.2 x 10^-3", "0,5" or "0,003" with
 *     a decimal comma, a Unicode minus; "90%" is 0.9, or 90 when the question's unit is "%";
 *     a comma that could be a thousands separator, as in "1,000", is never read as one: the
 *     reader is told what to write instead); it is right when
 *     |x - answer| <= allowed (allowed is the tolerance, or tolerance * |answer| for a
 *     relative one), or, for a factor tolerance, when x / answer lies between 1 / tolerance
 *     and tolerance; else the nearest listed mistake within the same tolerance of it
 *     (relative to it, for a relative or factor one) gives its feedback; else "too high" /
 *     "too low" and the hint.
 *   choice: the chosen option's own feedback, or the explanation for the right one.
 * After a check the root gets data-result="correct" | "incorrect" | "invalid".
 *
 * Practice (issue 22): data.variants holds every variant the chapter's code made at build
 * time (helpers._questions.ask); "Try another" shows the next one in a shuffled order, so
 * the reader meets all of them before any comes back. "Hint" shows the variant's hints one
 * at a time; "Show the answer and why" appears after a first wrong answer. The first answer to
 * each variant is recorded with window.BookProgress (progress.js) under data.key, once per
 * variant in this browser. On a book page, a line under the chapter's title counts the page's
 * questions answered right.
 */
(function (global) {
  "use strict";
  if (global.SelfCheck) return;

  var POINT_PLEASE = "Write it with a point for decimals and no commas, such as 0.003 or 1500.";

  /* The typed text as {value: number or null, message: what to write instead, or null}.
   * Step by step as _read_number in helpers/_questions.py. A comma is a decimal comma only
   * where it cannot be a thousands separator ("0,003" is 0.003, "1,5" is 1.5); "1,234" could
   * be either, and several commas or a comma and a point are never guessed at. */
  function readNumber(text, unit) {
    var s = String(text).trim().replace(/\u2212/g, "-").replace(/[ _]/g, "");
    s = s.replace(/^\+/, "");
    var percent = /%$/.test(s);
    if (percent) s = s.slice(0, -1);
    s = s.replace(/(?:[x\u00d7*])10\^?/i, "e");
    var message = null, suffix = percent ? "%" : "";
    if (s.indexOf(",") >= 0) {
      var mantissa = s.split(/e/i)[0];
      if ((s.match(/,/g) || []).length === 1 && s.indexOf(".") < 0 && mantissa.indexOf(",") >= 0) {
        if (/^-?[1-9]\d{0,2},\d{3}$/.test(s)) {
          var parts = s.split(","), whole = parts[0], fraction = parts[1];
          return {value: null, message: s + suffix + " could mean " + whole + "." + fraction + suffix + " or " +
                  whole + fraction + suffix + ": write " + whole + "." + fraction + suffix +
                  " with a point for a decimal, or " + whole + fraction + suffix + " without a comma."};
        }
        s = s.replace(",", ".");
      } else if (/^-?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) {
        message = "Write " + s.replace(/,/g, "") + suffix +
                  " without commas: a point for decimals, no separator for thousands.";
      } else if (/^-?\d{1,3}(\.\d{3})+,\d*$/.test(s)) {
        message = "Write " + s.replace(/\./g, "").replace(",", ".") + suffix +
                  " with a point for decimals and no separator for thousands.";
      } else {
        message = POINT_PLEASE;
      }
    }
    if (message === null && /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) {
      return {value: percent && unit !== "%" ? parseFloat(s) / 100 : parseFloat(s), message: null};
    }
    return {value: null, message: message};
  }

  function parseNumber(text, unit) {
    return readNumber(text, unit).value;
  }

  /* How far x is from a target: |x - target|, or for a factor tolerance the ratio (>= 1). */
  function distance(data, x, target) {
    if (!data.factor) return Math.abs(x - target);
    var ratio = target !== 0 ? x / target : Infinity;
    return ratio > 0 ? Math.max(ratio, 1 / ratio) : Infinity;
  }

  function within(data, x, target) {
    var win = data.factor ? data.tolerance : data.relative ? data.tolerance * Math.abs(target) : data.tolerance;
    return distance(data, x, target) <= win;
  }

  function verdict(data, response) {
    if (data.kind === "choice") {
      var option = data.options[response];
      return option.correct ? [true, data.explanation] : [false, option.feedback];
    }
    if (within(data, response, data.answer)) return [true, data.explanation];
    var best = -1, bestDistance = Infinity;
    for (var i = 0; i < data.mistakes.length; i++) {
      var m = data.mistakes[i].value, d = distance(data, response, m);
      if (within(data, response, m) && d < bestDistance) { best = i; bestDistance = d; }
    }
    if (best >= 0) return [false, data.mistakes[best].feedback];
    var side = response > data.answer ? "too high" : "too low";
    return [false, "That is " + side + "." + (data.hint ? " " + data.hint : "")];
  }

  /* Write the feedback: "Correct." or "Not quite." in bold, then the text (`code` as code). */
  function show(root, feedback, result, head, text) {
    root.setAttribute("data-result", result);
    feedback.textContent = "";
    // Emptied first and filled a moment later, so a screen reader announces the same
    // message again when the reader checks the same wrong answer twice.
    global.setTimeout(function () {
      var strong = document.createElement("strong");
      strong.textContent = head;
      feedback.appendChild(strong);
      feedback.appendChild(richText(document.createElement("span"), text));
      feedback.className = "sc-feedback sc-" + result;
    }, 50);
  }

  /* Fill an element with text in which `backticks` mark code. */
  function richText(element, text) {
    element.textContent = "";
    String(text).split("`").forEach(function (part, i) {
      if (!part) return;
      if (i % 2) {
        var code = document.createElement("code");
        code.textContent = part;
        element.appendChild(code);
      } else {
        element.appendChild(document.createTextNode(part));
      }
    });
    return element;
  }

  /* A shuffled copy of a list (Fisher-Yates); the Practice page uses it too. */
  function shuffled(items) {
    var copy = items.slice();
    for (var j = copy.length - 1; j > 0; j--) {
      var k = Math.floor(Math.random() * (j + 1)), swap = copy[j];
      copy[j] = copy[k];
      copy[k] = swap;
    }
    return copy;
  }

  /* The variants in a random order, the one on show first. */
  function shuffledOrder(count, current) {
    var others = [];
    for (var i = 0; i < count; i++) if (i !== current) others.push(i);
    return [current].concat(shuffled(others));
  }

  function mount(root, options) {
    if (!root || root.selfcheck) return;
    options = options || {};
    var all = JSON.parse(root.querySelector(".sc-data").textContent);
    var variants = all.variants || [all];
    var order = shuffledOrder(variants.length, 0), position = 0;
    var data = variants[0];
    var form = root.querySelector("form");
    var feedback = root.querySelector(".sc-feedback");
    var input = root.querySelector("input.sc-input");
    var hintButton = root.querySelector(".sc-hint"), anotherButton = root.querySelector(".sc-another");
    var revealButton = root.querySelector(".sc-reveal");
    var hintsBox = root.querySelector(".sc-hints"), answerBox = root.querySelector(".sc-answer");
    var progressLine = root.querySelector(".sc-progress");
    var hintsShown = 0, answered = false;
    var nojs = root.querySelector(".sc-nojs");
    if (nojs) nojs.parentNode.removeChild(nojs);

    /* Show variant `index`: its prompt, tolerance or options; the hints and answer folded. */
    function showVariant(index) {
      data = variants[index];
      root.setAttribute("data-variant", String(index));
      richText(root.querySelector(".sc-text"), data.prompt);
      if (data.kind === "numeric") {
        input.value = "";
        input.removeAttribute("aria-invalid");
        root.querySelector(".sc-tolerance").textContent = data.tolerance_text;
      } else {
        var choices = root.querySelector(".sc-choices"), name = root.id;
        choices.textContent = "";
        data.options.forEach(function (option, i) {
          var row = document.createElement("div"), radio = document.createElement("input");
          var label = document.createElement("label");
          row.className = "sc-option";
          radio.type = "radio";
          radio.name = name;
          radio.id = name + "-" + i;
          radio.value = String(i);
          label.htmlFor = radio.id;
          richText(label, option.text);
          row.appendChild(radio);
          row.appendChild(label);
          choices.appendChild(row);
        });
      }
      hintsShown = 0;
      // answered before, in this browser (then only the first answer counted)
      answered = Boolean(global.BookProgress && all.key && global.BookProgress.tried(all.key, index));
      hintsBox.textContent = "";
      answerBox.textContent = "";
      root.removeAttribute("data-result");
      feedback.className = "sc-feedback";
      feedback.textContent = "";
      hintButton.textContent = "Hint";
      hintButton.hidden = !data.hints || !data.hints.length;
      hintButton.disabled = false;
      revealButton.hidden = true;
    }

    function showHint() {
      if (hintsShown >= data.hints.length) return;
      var line = document.createElement("p");
      var head = document.createElement("strong");
      head.textContent = "Hint " + (hintsShown + 1) + " of " + data.hints.length + ": ";
      line.appendChild(head);
      line.appendChild(richText(document.createElement("span"), data.hints[hintsShown]));
      hintsBox.appendChild(line);
      hintsShown += 1;
      if (hintsShown < data.hints.length) {
        hintButton.textContent = "Another hint";
      } else {
        // The button goes; focus goes to the last hint, so the keyboard keeps its place.
        line.tabIndex = -1;
        hintButton.hidden = true;
        line.focus();
      }
    }

    function reveal() {
      answerBox.textContent = "";
      var line = document.createElement("p"), head = document.createElement("strong");
      head.textContent = "The answer: ";
      line.appendChild(head);
      line.appendChild(richText(document.createElement("span"), data.answer_text.replace(/^-/, "\u2212")));
      if (data.tolerance_text) {
        line.appendChild(document.createTextNode(" (" + data.tolerance_text.replace(/^Give a number; /, "")
          .replace(/\.$/, "") + ")"));
      }
      if (!/[.!?]$/.test(line.textContent)) line.appendChild(document.createTextNode("."));
      answerBox.appendChild(line);
      var why = document.createElement("p"), whyHead = document.createElement("strong");
      whyHead.textContent = "Why: ";
      why.appendChild(whyHead);
      why.appendChild(richText(document.createElement("span"), data.explanation));
      answerBox.appendChild(why);
      answerBox.tabIndex = -1;
      revealButton.hidden = true;
      answerBox.focus();  // the button is gone: the keyboard continues from the answer
    }

    function another() {
      position = (position + 1) % order.length;
      if (position === 0) order = shuffledOrder(variants.length, order[0]);  // all seen: a new round
      showVariant(order[position]);
      show(root, feedback, "new", "New numbers. ",
           "This is variant " + (position + 1) + " of " + variants.length + " in this round: read the question again.");
      (data.kind === "numeric" ? input : root.querySelector(".sc-choices input")).focus();
    }

    /* The stored outcome of this question, in words (or why none is kept). */
    function showProgress() {
      var progress = global.BookProgress;
      if (!progressLine || !progress || !all.key) return;
      if (!progress.available()) {
        progressLine.textContent = "Your answers are not kept: this browser's storage is off for this page.";
      } else {
        var outcome = progress.get(all.key);
        progressLine.textContent = !outcome ? "" : outcome.result === "right"
          ? "Your record in this browser: answered right (first answer to the latest variant you tried)."
          : "Your record in this browser: not yet right. Try another variant: its first answer counts.";
      }
      progressLine.hidden = !progressLine.textContent;
    }

    function record(right) {
      revealButton.hidden = right;  // after a wrong answer, the worked answer is one click away
      if (answered) return;  // only the first answer to a variant counts
      answered = true;
      if (global.BookProgress && all.key) {
        global.BookProgress.record(all.key, right ? "right" : "wrong", Number(root.getAttribute("data-variant")));
      }
      showProgress();
    }

    function check() {
      if (data.kind === "numeric") {
        var read = readNumber(input.value, data.unit), value = read.value;
        if (value === null) {
          input.setAttribute("aria-invalid", "true");
          show(root, feedback, "invalid", "Not a number I can read. ",
               !input.value.trim() ? "Type your answer first." :
               read.message || "Type a number such as 0.25, 1e-4 or 90.");
          input.focus();
          return null;
        }
        input.removeAttribute("aria-invalid");
        var v = verdict(data, value);
        show(root, feedback, v[0] ? "correct" : "incorrect", v[0] ? "Correct. " : "Not quite. ", v[1]);
        record(v[0]);
        return v[0];
      }
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) {
        show(root, feedback, "invalid", "No option chosen. ", "Choose one, then check.");
        return null;
      }
      var w = verdict(data, Number(chosen.value));
      show(root, feedback, w[0] ? "correct" : "incorrect", w[0] ? "Correct. " : "Not quite. ", w[1]);
      record(w[0]);
      return w[0];
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check();
    });
    hintButton.addEventListener("click", showHint);
    revealButton.addEventListener("click", reveal);
    if (anotherButton) anotherButton.addEventListener("click", another);
    showVariant(0);
    if (anotherButton) anotherButton.hidden = false;
    if (options.variant === "fresh" && variants.length > 1) {  // the Practice page: one not yet answered
      var outcome = global.BookProgress && all.key ? global.BookProgress.get(all.key) : null;
      var tried = (outcome && outcome.tried) || [], fresh = [];
      for (var v = 1; v < variants.length; v++) if (tried.indexOf(v) < 0) fresh.push(v);
      if (!fresh.length) {  // every variant answered: any but the latest
        for (v = 0; v < variants.length; v++) if (v !== tried[tried.length - 1]) fresh.push(v);
      }
      order = shuffledOrder(variants.length, fresh[Math.floor(Math.random() * fresh.length)]);
      showVariant(order[0]);
    }
    showProgress();
    if (global.BookProgress) global.BookProgress.onChange(showProgress);
    root.selfcheck = {
      data: function () { return data; }, variants: variants, key: all.key, check: check,
      another: another, parseNumber: parseNumber, readNumber: readNumber, verdict: verdict
    };
    root.classList.add("sc-ready");
    chapterProgress();
  }

  /* On a book page: "n of m questions in this chapter answered right", under the title. */
  function chapterProgress() {
    var progress = global.BookProgress, title = document.querySelector("article.bd-article h1");
    if (!progress || !title || document.querySelector("[data-practice]")) return;
    var line = document.querySelector(".sc-chapter-progress");
    if (!line) {
      line = document.createElement("p");
      line.className = "sc-chapter-progress";
      title.parentNode.insertBefore(line, title.nextSibling);
      progress.onChange(chapterProgress);
    }
    var keys = [];
    document.querySelectorAll("[data-selfcheck].sc-ready").forEach(function (root) {
      if (root.selfcheck.key) keys.push(root.selfcheck.key);
    });
    var root = document.documentElement.getAttribute("data-content_root") || "";
    line.textContent = "";
    if (!progress.available()) {
      line.textContent = "Your progress: this chapter has " + keys.length +
        " check-yourself questions. This browser's storage is off for this page, so your answers are not kept.";
      return;
    }
    line.appendChild(document.createTextNode("Your progress: " + progress.countRight(keys) + " of " + keys.length +
      " check-yourself questions in this chapter answered right (kept in this browser only). "));
    var link = document.createElement("a");
    link.href = root + "practice.html";
    link.textContent = "Practice page";
    line.appendChild(link);
  }

  global.SelfCheck = {
    mount: mount, parseNumber: parseNumber, readNumber: readNumber, verdict: verdict, shuffled: shuffled
  };
})(window);
