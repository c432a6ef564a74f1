/* Slider explorers in the static book (helpers.interactive.explore): no kernel, no network.
 *
 * The Python side draws one frame for every combination of the controls' values and inlines
 * them, with this file and explorer.css, into one text/html output. A page with several
 * explorers carries this file several times: it defines window.NbExplorer once.
 *
 * Markup (made by helpers/interactive.py): the root <div class="nb-explorer"> holds one
 * control per parameter, in order, each with data-control="k":
 *   a slider:  <input type="range" data-control="k"> (value: the index of the value), with
 *              its <label for=...> and an <output> after it that shows the formatted value;
 *   buttons:   <fieldset data-control="k"> with a <legend> and one radio button per value
 *              (value: the index);
 *   a select:  <select data-control="k"> (value: the index), with its <label for=...>;
 * then a "Full size" toggle button (hidden unless the page scales the picture down, as on a
 * phone: pressed, the picture shows at its own size in a box that scrolls sideways), the
 * picture, <img class="nb-explorer-frame"> in <div class="nb-explorer-figure">, and the data
 * as a JSON
 * <script class="nb-explorer-data">: {labels: the controls' labels in words, texts: each
 * control's formatted values, alt: the picture's text alternative, frames: base64 PNGs in
 * row-major order (the last control fastest), and, for the PDF edition only
 * (tools/pdf_edition.js), printed, print_frames, print_scale: the indices of the frames it
 * prints and those frames drawn at print_scale times the resolution}.
 */
(function (global) {
  "use strict";
  if (global.NbExplorer) return;

  /* The index of the value control k shows now. */
  function position(root, k) {
    var control = root.querySelector('[data-control="' + k + '"]');
    if (control.tagName === "FIELDSET") {
      var checked = control.querySelector("input:checked");
      return checked ? Number(checked.value) : 0;
    }
    return Number(control.value);
  }

  function mount(root) {
    if (!root || root.hasAttribute("data-mounted")) return;
    root.setAttribute("data-mounted", "");
    var data = JSON.parse(root.querySelector(".nb-explorer-data").textContent);
    var img = root.querySelector(".nb-explorer-frame");

    function show() {
      var index = 0, parts = [];
      data.texts.forEach(function (texts, k) {
        var i = position(root, k), text = texts[i];
        index = index * texts.length + i;
        var slider = root.querySelector('input[type=range][data-control="' + k + '"]');
        if (slider) {
          // screen readers say the formatted value ("1e-05"), not the index
          slider.setAttribute("aria-valuetext", text);
          slider.nextElementSibling.textContent = text;
        }
        parts.push(data.labels[k] + " " + text);
      });
      img.src = "data:image/png;base64," + data.frames[index];
      img.alt = data.alt + " (" + parts.join(", ") + ")";
    }

    var zoom = root.querySelector(".nb-explorer-zoom");
    var figure = root.querySelector(".nb-explorer-figure");
    // The button is offered only while the picture is shown smaller than it was drawn.
    function offerZoom() {
      if (root.classList.contains("nb-explorer-zoomed")) return;
      zoom.hidden = !(img.naturalWidth > img.clientWidth + 1);
    }
    zoom.addEventListener("click", function () {
      var zoomed = root.classList.toggle("nb-explorer-zoomed");
      zoom.setAttribute("aria-pressed", zoomed ? "true" : "false");
      if (zoomed) {
        // a box that scrolls sideways: reachable from the keyboard (arrow keys scroll it)
        figure.setAttribute("tabindex", "0");
        figure.setAttribute("role", "region");
        figure.setAttribute("aria-label", "the figure at full size; scroll sideways");
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) { figure.removeAttribute(name); });
      }
      offerZoom();
    });
    img.addEventListener("load", offerZoom);
    global.addEventListener("resize", offerZoom);
    offerZoom();

    root.querySelectorAll("[data-control]").forEach(function (control) {
      control.addEventListener(control.tagName === "SELECT" ? "change" : "input", show);
      if (control.tagName === "FIELDSET") control.addEventListener("change", show);
    });
  }

  global.NbExplorer = { mount: mount };
})(window);
