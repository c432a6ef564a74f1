/* The landing page's progress table and the Practice page.
 *
 * Both read window.BOOK_QUESTIONS (_static/questions-data.js, written while the book is built
 * by _ext/practice_questions.py: every chapter's questions, each with all its variants; the
 * landing page loads questions-index.js, the same list with only each question's key) and
 * the reader's outcomes from window.BookProgress (progress.js, the browser's local storage).
 * Nothing is fetched and nothing leaves the machine.
 *
 * <div data-book-progress>: a table, one row per chapter, "n of m answered right".
 * <div data-practice>: the questions the reader got wrong (or all of them, shuffled), each
 * mounted by questions.js with a fresh variant, and a button that forgets all progress.
 */
(function (global) {
  "use strict";

  var chapters = global.BOOK_QUESTIONS || [];
  var progress = global.BookProgress;

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function chapterName(chapter) {
    return (chapter.number ? chapter.number + ". " : "") + chapter.title;
  }

  function keysOf(chapter) {
    return chapter.questions.map(function (question) { return question.key; });
  }

  function storageNote() {
    return progress.available() ? "A question counts as answered right when your first answer to the latest " +
      "variant you tried was right. Kept in this browser only: nothing leaves your machine." :
      "This browser's storage is off for this page, so your answers are not kept.";
  }

  function wrongKeys() {
    var keys = [];
    chapters.forEach(function (chapter) {
      keysOf(chapter).forEach(function (key) {
        var outcome = progress.get(key);
        if (outcome && outcome.result === "wrong") keys.push(key);
      });
    });
    return keys;
  }

  /* The landing page: each chapter's questions answered right. */
  function progressTable(box) {
    box.textContent = "";
    var table = element("table", "book-progress");
    table.appendChild(element("caption", "", "Check-yourself questions answered right, by chapter"));
    var head = element("tr");
    ["Chapter", "Answered right"].forEach(function (name) {
      var cell = element("th", "", name);
      cell.scope = "col";
      head.appendChild(cell);
    });
    table.appendChild(element("thead")).appendChild(head);
    var body = table.appendChild(element("tbody")), right = 0, total = 0;
    chapters.forEach(function (chapter) {
      var keys = keysOf(chapter), row = element("tr"), name = element("th"), link = element("a", "", chapterName(chapter));
      var count = progress.countRight(keys);
      right += count;
      total += keys.length;
      link.href = chapter.href;
      name.scope = "row";
      name.appendChild(link);
      row.appendChild(name);
      row.appendChild(element("td", "", count + " of " + keys.length));
      body.appendChild(row);
    });
    box.appendChild(table);
    var wrong = wrongKeys().length;
    var line = element("p", "book-progress-total", right + " of " + total + " questions answered right in all" +
      (wrong ? ", " + wrong + " not yet. " : ". "));
    var practise = element("a", "", wrong ? "Practise those" : "Practise with fresh numbers");
    practise.href = "practice.html";
    line.appendChild(practise);
    box.appendChild(line);
    box.appendChild(element("p", "book-progress-note", storageNote()));
  }

  /* The Practice page. */
  function practicePage(box) {
    var mode = progress.available() && wrongKeys().length ? "wrong" : "all";
    box.textContent = "";
    var controls = box.appendChild(element("div", "practice-controls"));
    var status = element("p", "practice-status");
    status.setAttribute("role", "status");
    var list = element("div", "practice-list");
    var wrongButton = controls.appendChild(element("button", "practice-wrong", "The questions I got wrong"));
    var allButton = controls.appendChild(element("button", "practice-all", "All questions, shuffled"));
    var resetButton = controls.appendChild(element("button", "practice-reset", "Forget all my progress"));
    [wrongButton, allButton, resetButton].forEach(function (button) { button.type = "button"; });
    box.appendChild(element("p", "practice-note", storageNote()));
    var tally = element("p", "practice-tally");
    box.appendChild(status);
    box.appendChild(tally);
    box.appendChild(list);
    var pickedKeys = [];

    /* How many of the questions on the page are now answered right (updated as you answer). */
    function showTally() {
      var right = progress.available() ? progress.countRight(pickedKeys) : 0;
      tally.textContent = pickedKeys.length && progress.available()
        ? "Answered right so far: " + right + " of the " + pickedKeys.length + " here." : "";
      tally.hidden = !tally.textContent;
    }
    progress.onChange(function (key) { if (key) showTally(); });

    function render(message) {
      wrongButton.setAttribute("aria-pressed", String(mode === "wrong"));
      allButton.setAttribute("aria-pressed", String(mode === "all"));
      wrongButton.disabled = resetButton.disabled = !progress.available();
      list.textContent = "";
      var picked = [];
      chapters.forEach(function (chapter) {
        chapter.questions.forEach(function (question) {
          var outcome = progress.get(question.key);
          if (mode === "all" || (outcome && outcome.result === "wrong")) picked.push([chapter, question]);
        });
      });
      if (mode === "all") picked = global.SelfCheck.shuffled(picked);
      var what = mode === "all" ? picked.length + " questions, shuffled, each with fresh numbers." +
          (progress.available() && !wrongKeys().length ? " (None is marked wrong in this browser.)" : "") :
        picked.length ? picked.length + " question" + (picked.length > 1 ? "s" : "") +
          " you got wrong, each with fresh numbers." :
          "No question is marked wrong in this browser: choose All questions to practise them all.";
      status.textContent = (message ? message + " " : "") + what;
      pickedKeys = picked.map(function (pair) { return pair[1].key; });
      showTally();
      picked.forEach(function (pair, i) {
        var section = list.appendChild(element("section", "practice-question"));
        var heading = section.appendChild(element("h2", "", "Question " + (i + 1) + ", from "));
        var link = heading.appendChild(element("a", "", chapterName(pair[0])));
        link.href = pair[0].href;
        var holder = section.appendChild(element("div"));
        holder.innerHTML = pair[1].html;  // the question as the chapter's build made it
        global.SelfCheck.mount(holder.firstElementChild, {variant: "fresh"});
      });
    }

    wrongButton.addEventListener("click", function () { mode = "wrong"; render(); });
    allButton.addEventListener("click", function () { mode = "all"; render(); });
    resetButton.addEventListener("click", function () {
      if (!global.confirm("Forget every answer this browser has kept for this book?")) return;
      progress.reset();
      mode = "all";
      render("Your progress is forgotten.");
    });
    render();
  }

  document.querySelectorAll("[data-book-progress]").forEach(function (box) {
    progressTable(box);
    progress.onChange(function () { progressTable(box); });
  });
  document.querySelectorAll("[data-practice]").forEach(practicePage);
})(window);
