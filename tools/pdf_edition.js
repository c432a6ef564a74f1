// The PDF edition: what cannot move on paper becomes something that reads well on paper.
// tools/build_pdf.py runs this in Sphinx's single-page HTML of the book (after MathJax has
// typeset it), then prints the page with _static/print.css. It returns a summary that the
// script checks (every question answered, every explorer captioned). Everything it adds
// carries the class pdf-added.
(() => {
  "use strict";
  const summary = { chapters: [], explorers: 0, playgrounds: 0, solutions: 0 };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = "pdf-added " + className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Text with `code` spans, as the questions write it (helpers/_questions.py: _rich).
  function rich(parent, text) {
    text.split("`").forEach((part, i) => {
      if (!part) return;
      if (i % 2) parent.appendChild(el("code", "", part));
      else parent.appendChild(document.createTextNode(part));
    });
    return parent;
  }

  // A number as a reader would write it: at most 4 significant digits, no trailing zeros.
  function number(value) {
    if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value).replace("-", "\u2212");
    const abs = Math.abs(value);
    let text = abs >= 1e-3 && abs < 1e6 ? String(Number(value.toPrecision(4))) : value.toExponential(3);
    text = text.replace(/\.?0+e/, "e").replace("e+", "e");
    return text.replace("-", "\u2212");
  }

  // 0. What only a browser can do is left out: the Practice page (questions asked again with
  // fresh numbers, progress kept in the browser) and the landing page's progress table.
  document.querySelectorAll("[data-practice], [data-book-progress]").forEach((box) => {
    box.closest("section").remove();
  });

  // 1. Chapters: the notation page and every chapter start on a new page.
  const chapters = [...document.querySelectorAll(".toctree-wrapper > section")];
  chapters.forEach((section) => section.classList.add("pdf-chapter"));

  // 2. About this edition, under the book's title.
  const article = document.querySelector("article.bd-article") || document.body;
  const title = article.querySelector("h1");
  const about = el("div", "pdf-about admonition note");
  about.appendChild(el("p", "admonition-title", "The PDF edition"));
  about.appendChild(el("p", "", "This is the book for print and offline reading, made from the same " +
    "sources and the same executed notebooks as the HTML book. What moves in the HTML book is printed " +
    "at its start: each explorer shows its starting figure (one with a single control, a strip of three " +
    "of its figures), and says which controls the HTML book gives; " +
    "the loss playground shows its starting state. Each check-yourself question is printed where it is " +
    "asked, numbered, and answered with its explanation in the answers section at the end of its " +
    "chapter (the HTML book also gives each question fresh numbers, hints and a Practice page). Exercise solutions, folded in the HTML book, are printed in place under their exercises. " +
    "The checks that the HTML book folds are listed by the one line that says what they check; their " +
    "code is in the notebooks. The PDF's bookmarks are its table of contents."));
  const firstParagraph = title && title.parentElement.querySelector(":scope > p");
  if (firstParagraph) firstParagraph.after(about);

  // 3. Explorers: the starting frame (the <img> already shows it), with one line naming the
  // sliders' starting values and what the HTML book lets the reader move.
  document.querySelectorAll(".nb-explorer").forEach((explorer) => {
    // {labels: each control's label in words, texts: each control's formatted values, ...}
    const data = JSON.parse(explorer.querySelector(".nb-explorer-data").textContent);
    // the value each control starts at: a slider's value, a checked radio button, a select's
    const startOf = (k) => {
      const control = explorer.querySelector('[data-control="' + k + '"]');
      if (control.tagName === "FIELDSET") {
        const checked = control.querySelector("input:checked");
        return checked ? Number(checked.value) : 0;
      }
      return Number(control.value);
    };
    const shown = [], ranges = [];
    data.texts.forEach((texts, k) => {
      const name = data.labels[k];
      shown.push(name + " " + texts[startOf(k)]);
      if (texts.length > 1) {
        ranges.push(texts.length > 4
          ? name + " (" + texts.length + " values, " + texts[0] + " to " + texts[texts.length - 1] + ")"
          : name + " (" + texts.join(", ") + ")");
      }
    });
    // The frames to print come drawn sharper (helpers/interactive.py, Explorer._printed): the
    // starting one, or, for one control with three values or more (its idea is the change
    // along it), a strip of three (the first, the starting one, the last).
    const printSrc = (j) => "data:image/png;base64," + data.print_frames[j];
    let printedAt = "its start", values = shown.join(", ");
    if (data.printed.length === 1) {
      // the sharper picture at the screen picture's size
      const frame = explorer.querySelector(".nb-explorer-frame");
      frame.width = frame.naturalWidth;
      frame.src = printSrc(0);
      summary.sharpened = (summary.sharpened || 0) + 1;
    } else {
      const texts = data.texts[0], name = data.labels[0], picks = data.printed;
      const start = startOf(0);
      const strip = el("div", "pdf-strip");
      picks.forEach((i, j) => {
        const figure = el("figure", "pdf-strip-frame");
        const img = el("img", "");
        img.src = printSrc(j);
        img.alt = data.alt + " (" + name + " " + texts[i] + ")";
        figure.appendChild(img);
        figure.appendChild(el("figcaption", "", name + " " + texts[i]));
        strip.appendChild(figure);
      });
      // the strip holds the starting frame: it replaces the single figure
      explorer.querySelector(".nb-explorer-frame").after(strip);
      explorer.classList.add("pdf-has-strip");
      printedAt = "three positions";
      values = name + " " + picks.map((i) => texts[i]).join(", ") + " (it starts at " + texts[start] + ")";
      summary.strips = (summary.strips || 0) + 1;
    }
    const note = el("p", "pdf-explorer-note");
    note.appendChild(el("strong", "", "Explorer, printed at " + printedAt + ": "));
    note.appendChild(document.createTextNode(values + "." + (ranges.length
      ? " In the HTML book, " + (ranges.length === 1 ? "a control sets " : "controls set ") + ranges.join("; ") +
        ", and the figure follows (" + data.frames.length + " figures in all)."
      : "")));
    explorer.appendChild(note);
    summary.explorers += 1;
  });

  // 4. The loss playground: its starting figure and one line on what the HTML book lets you do.
  document.querySelectorAll("[data-playground]").forEach((playground) => {
    const note = el("p", "pdf-playground-note");
    note.appendChild(el("strong", "", "Loss playground, printed at its start. "));
    note.appendChild(document.createTextNode("In the HTML book you turn, stretch and shift each " +
      "class's weight vector, choose the loss (Weston-Watkins hinge, Crammer-Singer hinge, softmax " +
      "cross-entropy), the margin \u0394, the L2 strength \u03bb and the step size \u03b7, and take " +
      "gradient steps, while the page recomputes the losses and redraws the regions."));
    playground.appendChild(note);
    summary.playgrounds += 1;
  });

  // 5. Folded exercise solutions (sphinx-togglebutton): printed open, in place.
  document.querySelectorAll(".solution.toggle-hidden, .toggle.toggle-hidden").forEach((node) => {
    node.classList.remove("toggle-hidden");
    summary.solutions += 1;
  });

  // 6. Check-yourself questions: numbered where they are asked, answered at the end of the chapter.
  chapters.forEach((section, c) => {
    const heading = section.querySelector("h2");
    const number_ = (heading.querySelector(".section-number") || { textContent: "" }).textContent.trim()
      .replace(/\.$/, "");
    const chapter = { title: heading.textContent.replace(/#$/, "").trim(), questions: [] };
    summary.chapters.push(chapter);
    const questions = [...section.querySelectorAll("[data-selfcheck]")];
    if (!questions.length) return;
    const prefix = number_ ? number_ + "." : (c + 1) + ".";
    const answers = el("section", "pdf-answers");
    answers.id = "pdf-answers-" + (number_ || c);
    const answersHeading = el("h3", "", "Answers to the check-yourself questions" +
      (number_ ? " of chapter " + number_ : ""));
    answers.appendChild(answersHeading);
    questions.forEach((question, q) => {
      const data = JSON.parse(question.querySelector(".sc-data").textContent);
      const label = prefix + (q + 1);
      const anchor = "pdf-question-" + label;
      question.id = question.id || anchor;
      const questionAnchor = question.id;
      // in place: the number, and a link to the answer
      const tag = question.querySelector(".sc-tag");
      tag.textContent = "Check yourself " + label + ":";
      const link = el("a", "pdf-to-answer", "Answer " + label + " at the end of the chapter");
      link.href = "#pdf-answer-" + label;
      const linkLine = el("p", "pdf-to-answer-line");
      linkLine.appendChild(link);
      question.querySelector("form").appendChild(linkLine);
      // choice options get letters, so that the answer can name one
      const letters = "ABCDEFGHIJ";
      if (data.kind === "choice") {
        question.querySelectorAll(".sc-option label").forEach((optionLabel, i) => {
          optionLabel.prepend(el("span", "pdf-letter", letters[i] + ". "));
        });
      }
      // at the end of the chapter: the question, the answer, the explanation, the wrong answers
      const item = el("div", "pdf-answer");
      item.id = "pdf-answer-" + label;
      const prompt = el("p", "pdf-answer-prompt");
      const back = el("a", "", label);
      back.href = "#" + questionAnchor;
      const strong = el("strong", "");
      strong.appendChild(back);
      prompt.appendChild(strong);
      prompt.appendChild(document.createTextNode(" "));
      rich(prompt, data.prompt);
      item.appendChild(prompt);
      const answer = el("p", "pdf-answer-value");
      answer.appendChild(el("strong", "", "Answer: "));
      if (data.kind === "choice") {
        const right = data.options.findIndex((o) => o.correct);
        answer.appendChild(document.createTextNode(letters[right] + ". "));
        rich(answer, data.options[right].text);
      } else {
        answer.appendChild(document.createTextNode(number(data.answer) + (data.unit ? " " + data.unit : "")));
        const tolerance = question.querySelector(".sc-tolerance");
        if (tolerance) answer.appendChild(document.createTextNode(" (" + tolerance.textContent.replace(/^Give a number; /, "") + ")"));
      }
      item.appendChild(answer);
      item.appendChild(rich(el("p", "pdf-answer-explanation"), data.explanation));
      const wrong = data.kind === "choice"
        ? data.options.map((o, i) => [letters[i] + ". " + o.text, o.feedback]).filter((pair, i) => !data.options[i].correct && pair[1])
        : (data.mistakes || []).map((m) => [number(m.value) + (data.unit ? " " + data.unit : ""), m.feedback]);
      if (wrong.length) {
        const list = el("ul", "pdf-answer-wrong");
        wrong.forEach(([what, why]) => {
          const li = el("li", "");
          li.appendChild(el("em", "", "Not "));
          rich(li, what);
          li.appendChild(document.createTextNode(" \u2014 "));
          rich(li, why);
          list.appendChild(li);
        });
        item.appendChild(el("p", "pdf-answer-wrong-title", "Why not the other answers:"));
        item.appendChild(list);
      }
      answers.appendChild(item);
      chapter.questions.push({ label: label, prompt: data.prompt, kind: data.kind });
    });
    section.appendChild(answers);
  });

  // 7. The headings' permalink signs (#) and the theme's chrome have no place on paper
  // (print.css hides them); the text of the PDF should not carry them either.
  document.querySelectorAll("a.headerlink").forEach((a) => a.remove());
  return summary;
})();
