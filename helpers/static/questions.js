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
      String(text).split("`").forEach(function (part, i) {
        if (!part) return;
        if (i % 2) {
          var code = document.createElement("code");
          code.textContent = part;
          feedback.appendChild(code);
        } else {
          feedback.appendChild(document.createTextNode(part));
        }
      });
      feedback.className = "sc-feedback sc-" + result;
    }, 50);
  }

  function mount(root) {
    if (!root || root.selfcheck) return;
    var data = JSON.parse(root.querySelector(".sc-data").textContent);
    var form = root.querySelector("form");
    var feedback = root.querySelector(".sc-feedback");
    var input = root.querySelector("input.sc-input");
    var nojs = root.querySelector(".sc-nojs");
    if (nojs) nojs.parentNode.removeChild(nojs);

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
        return v[0];
      }
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) {
        show(root, feedback, "invalid", "No option chosen. ", "Choose one, then check.");
        return null;
      }
      var w = verdict(data, Number(chosen.value));
      show(root, feedback, w[0] ? "correct" : "incorrect", w[0] ? "Correct. " : "Not quite. ", w[1]);
      return w[0];
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check();
    });
    root.selfcheck = { data: data, check: check, parseNumber: parseNumber, readNumber: readNumber, verdict: verdict };
    root.classList.add("sc-ready");
  }

  global.SelfCheck = { mount: mount, parseNumber: parseNumber, readNumber: readNumber, verdict: verdict };
})(window);
