/* The loss playground of chapter 3: a linear classifier on 2-D points of three classes,
 * its weights under the reader's control, every point's loss recomputed in the page.
 *
 * No kernel, no network: helpers.interactive.loss_playground inlines this file, the CSS
 * beside it and the data (a JSON <script> inside the root element) into one text/html
 * output. It works in the static book (also from file://) and as a JupyterLab cell output.
 *
 * The numbers follow the book's NumPy code exactly (tests/test_playground_browser.py checks
 * them against helpers.losses to 1e-9):
 *   scores Z = X W^T + b                          W is (3, 2), b is (3,)
 *   Weston-Watkins  L_i = sum_{j != y} max(0, z_j - z_y + delta)
 *   Crammer-Singer  L_i = max(0, max_{j != y} (z_j - z_y + delta))
 *   softmax cross-entropy  L_i = -log softmax(z)_y   (max-shifted, as helpers.activations)
 *   data loss = mean_i L_i;  objective = data loss + l2 / 2 * ||W||^2 (the bias is not penalised)
 *   subgradients as helpers.losses.multiclass_hinge_grad: a term exactly at its kink (= 0)
 *   counts as inactive, and Crammer-Singer takes the first of tied rivals;
 *   grad_W = (G / n)^T X + l2 W,  grad_b = column sums of G / n  (G: per-point score gradients)
 *   one step: W -= learning_rate * grad_W,  b -= learning_rate * grad_b
 *
 * Entry point (documented; the browser test and the benchmark use it). The root element,
 * which carries the data-playground attribute, gets a `playground` property:
 *   root.playground.compute({W, b, loss, delta, l2, learning_rate})  -> plain object with
 *       scores (n x 3), losses (n), score_grads (n x 3), data_loss, reg_loss, objective,
 *       grad_W (3 x 2), grad_b (3), step_W (3 x 2), step_b (3): the state after one step.
 *       Any field left out is taken from the current state. Pure: changes nothing.
 *   root.playground.getState()    -> {W, b, loss, delta, l2, learning_rate, steps}
 *   root.playground.setState(s)   sets any of those fields, redraws (clears the loss history)
 *   root.playground.step()        one gradient step, as the Step button
 *   root.playground.reset()       back to the initial state, as the Reset button
 *   root.playground.update()      recompute and redraw; returns its duration in ms
 *   root.playground.losses        the loss names: "weston-watkins", "crammer-singer", "softmax"
 */
(function (global) {
  "use strict";

  var K = 2; // features
  var C = 3; // classes
  var LOSSES = ["weston-watkins", "crammer-singer", "softmax"];
  var LOSS_NAMES = {
    "weston-watkins": "Weston-Watkins hinge",
    "crammer-singer": "Crammer-Singer hinge",
    "softmax": "Softmax cross-entropy"
  };
  var SHAPES = ["circles", "squares", "triangles"];
  var SVGNS = "http://www.w3.org/2000/svg";
  var MAX_HISTORY = 2000;
  var STEPS_PER_FRAME = 2;
  var MAX_RUN_STEPS = 5000;

  function copyW(W) { return W.map(function (row) { return row.slice(); }); }

  /* The numbers: pure, from the data (typed arrays) and a state. */
  function compute(X, y, n, st) {
    var W = st.W, b = st.b, delta = st.delta, l2 = st.l2, lr = st.learning_rate, loss = st.loss;
    if (LOSSES.indexOf(loss) < 0) throw new Error("loss must be one of " + LOSSES.join(", ") + ", got " + loss);
    var scores = new Float64Array(n * C), losses = new Float64Array(n), G = new Float64Array(n * C);
    var gW = [[0, 0], [0, 0], [0, 0]], gb = [0, 0, 0];
    var i, j, yi, zy, m, sum, best, rival, count, mx, e0, e1, e2;
    for (i = 0; i < n; i++) {
      var x0 = X[2 * i], x1 = X[2 * i + 1], o = C * i;
      for (j = 0; j < C; j++) scores[o + j] = (x0 * W[j][0] + x1 * W[j][1]) + b[j];
      yi = y[i];
      zy = scores[o + yi];
      if (loss === "weston-watkins") {
        sum = 0; count = 0;
        for (j = 0; j < C; j++) {
          if (j === yi) continue;
          m = (scores[o + j] - zy) + delta;
          if (m > 0) { sum += m; G[o + j] = 1; count++; }
        }
        losses[i] = sum;
        G[o + yi] = count === 0 ? 0 : -count;
      } else if (loss === "crammer-singer") {
        best = -Infinity; rival = -1;
        for (j = 0; j < C; j++) {
          if (j === yi) continue;
          m = (scores[o + j] - zy) + delta;
          if (m > best) { best = m; rival = j; } // strict: the first of tied rivals wins
        }
        losses[i] = best > 0 ? best : 0;
        if (best > 0) { G[o + rival] = 1; G[o + yi] = -1; }
      } else {
        mx = Math.max(scores[o], scores[o + 1], scores[o + 2]);
        e0 = Math.exp(scores[o] - mx); e1 = Math.exp(scores[o + 1] - mx); e2 = Math.exp(scores[o + 2] - mx);
        sum = (e0 + e1) + e2;
        losses[i] = -((zy - mx) - Math.log(sum)) + 0;
        G[o] = e0 / sum; G[o + 1] = e1 / sum; G[o + 2] = e2 / sum;
        G[o + yi] -= 1;
      }
      for (j = 0; j < C; j++) {
        var g = G[o + j] / n;
        gW[j][0] += g * x0; gW[j][1] += g * x1; gb[j] += g;
      }
    }
    var total = 0;
    for (i = 0; i < n; i++) total += losses[i];
    var dataLoss = total / n, norm2 = 0;
    for (j = 0; j < C; j++) {
      norm2 += W[j][0] * W[j][0] + W[j][1] * W[j][1];
      gW[j][0] += l2 * W[j][0]; gW[j][1] += l2 * W[j][1];
    }
    var regLoss = l2 / 2 * norm2;
    return {
      scores: scores, losses: losses, G: G, data_loss: dataLoss, reg_loss: regLoss,
      objective: dataLoss + regLoss, grad_W: gW, grad_b: gb,
      step_W: W.map(function (row, j) { return [row[0] - lr * gW[j][0], row[1] - lr * gW[j][1]]; }),
      step_b: b.map(function (v, j) { return v - lr * gb[j]; })
    };
  }

  function rows(flat, width) {
    var out = [];
    for (var i = 0; i < flat.length; i += width) out.push(Array.prototype.slice.call(flat, i, i + width));
    return out;
  }

  /* Decision regions: the viewport rectangle clipped by the half-planes z_j >= z_l. */
  function clip(poly, a, c, d) { // keep a * x + c * y + d >= 0
    var out = [];
    for (var i = 0; i < poly.length; i++) {
      var p = poly[i], q = poly[(i + 1) % poly.length];
      var fp = a * p[0] + c * p[1] + d, fq = a * q[0] + c * q[1] + d;
      if (fp >= 0) out.push(p);
      if ((fp >= 0) !== (fq >= 0)) {
        var t = fp / (fp - fq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
    return out;
  }

  function el(tag, attrs, parent, text) {
    var node = document.createElement(tag);
    for (var key in attrs) if (attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function svgEl(tag, attrs, parent) {
    var node = document.createElementNS(SVGNS, tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function fmt(v, digits) {
    if (!isFinite(v)) return String(v);
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
    return fixed(v, digits === undefined ? 3 : digits);
  }

  function sig(v) { return Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : String(Number(v.toPrecision(4))); }

  function fixed(v, digits) { // toFixed without "-0.00"
    var s = v.toFixed(digits);
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
  }

  function nearestIndex(values, v) {
    var best = 0;
    for (var i = 1; i < values.length; i++) if (Math.abs(values[i] - v) < Math.abs(values[best] - v)) best = i;
    return best;
  }

  function mount(root) {
    if (!root || root.playground) return root && root.playground;
    var data = JSON.parse(root.querySelector("script.lp-data").textContent);
    var uid = root.id || ("lp-" + Math.random().toString(36).slice(2));
    var n = data.y.length;
    var X = new Float64Array(2 * n), y = new Int32Array(n);
    for (var i = 0; i < n; i++) { X[2 * i] = data.X[i][0]; X[2 * i + 1] = data.X[i][1]; y[i] = data.y[i]; }
    var initial = {
      W: copyW(data.W), b: data.b.slice(), loss: data.loss, delta: data.delta, l2: data.l2,
      learning_rate: data.learning_rate
    };
    var state = JSON.parse(JSON.stringify(initial));
    var steps = 0, history = [], running = false, lastResult = null;

    /* Geometry: an equal-aspect view of the data, padded. */
    var xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    for (i = 0; i < n; i++) {
      xmin = Math.min(xmin, X[2 * i]); xmax = Math.max(xmax, X[2 * i]);
      ymin = Math.min(ymin, X[2 * i + 1]); ymax = Math.max(ymax, X[2 * i + 1]);
    }
    xmin = Math.min(xmin, 0); xmax = Math.max(xmax, 0); ymin = Math.min(ymin, 0); ymax = Math.max(ymax, 0);
    var span = Math.max(xmax - xmin, ymax - ymin, 1e-9) * 1.12;
    var cx = (xmin + xmax) / 2, cy = (ymin + ymax) / 2;
    var view = { x0: cx - span / 2, x1: cx + span / 2, y0: cy - span / 2, y1: cy + span / 2 };
    var PX = 400;
    function sx(v) { return (v - view.x0) / span * PX; }
    function sy(v) { return PX - (v - view.y0) / span * PX; }
    var maxNorm = 0;
    for (var j = 0; j < C; j++) maxNorm = Math.max(maxNorm, Math.hypot(state.W[j][0], state.W[j][1]));
    // Arrows are drawn at a fixed multiple of their length, chosen once, so that they fit.
    var arrowScale = 1;
    if (maxNorm > 0) {
      var target = 0.35 * span / maxNorm, nice = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 50, 100];
      arrowScale = nice[0];
      for (i = 0; i < nice.length; i++) if (nice[i] <= target) arrowScale = nice[i];
    }
    var lengthMax = Math.max(5, Math.ceil(1.5 * maxNorm));
    var biasMax = Math.max(5, Math.ceil(1.5 * Math.max.apply(null, state.b.map(Math.abs))));

    /* The page: plot, side panel, one fieldset of sliders per class. */
    root.textContent = "";
    root.appendChild(el("script", { type: "application/json", "class": "lp-data" }, null, JSON.stringify(data)));
    var top = el("div", { "class": "lp-top" }, root);
    var figure = el("div", { "class": "lp-figure" }, top);
    var summaryId = uid + "-summary";
    var svg = svgEl("svg", {
      viewBox: "0 0 " + PX + " " + PX, "class": "lp-plot", role: "img", "aria-labelledby": summaryId
    }, figure);
    var gRegions = svgEl("g", {}, svg), gAxes = svgEl("g", { "class": "lp-axes" }, svg);
    var regions = [], marks = [], arrows = [];
    for (j = 0; j < C; j++) regions.push(svgEl("polygon", { "class": "lp-region lp-c" + j }, gRegions));
    svgEl("line", { x1: sx(view.x0), x2: sx(view.x1), y1: sy(0), y2: sy(0) }, gAxes);
    svgEl("line", { x1: sx(0), x2: sx(0), y1: sy(view.y0), y2: sy(view.y1) }, gAxes);
    var xl = svgEl("text", { x: PX - 6, y: sy(0) - 5, "text-anchor": "end" }, gAxes); xl.textContent = "x\u2081";
    var yl = svgEl("text", { x: sx(0) + 5, y: 14 }, gAxes); yl.textContent = "x\u2082";
    var gPoints = svgEl("g", {}, svg);
    for (j = 0; j < C; j++) marks.push(svgEl("path", { "class": "lp-mark lp-c" + j }, gPoints));
    var gArrows = svgEl("g", {}, svg);
    for (j = 0; j < C; j++) {
      var g = svgEl("g", { "class": "lp-arrow lp-c" + j }, gArrows);
      arrows.push({
        line: svgEl("line", { x1: sx(0), y1: sy(0) }, g),
        head: svgEl("polygon", {}, g),
        handle: svgEl("circle", { r: 9, "class": "lp-handle" }, g),
        label: svgEl("text", { "class": "lp-arrow-label" }, g)
      });
      arrows[j].label.textContent = "W" + "\u2080\u2081\u2082"[j];
    }
    var caption = el("p", { "class": "lp-caption", id: summaryId }, figure);

    var side = el("div", { "class": "lp-side" }, top);
    var lossRow = el("div", { "class": "lp-loss" }, side);
    el("label", { "for": uid + "-loss" }, lossRow, "Loss");
    var select = el("select", { id: uid + "-loss" }, lossRow);
    LOSSES.forEach(function (name) { el("option", { value: name }, select, LOSS_NAMES[name]); });

    function slider(parent, key, label, min, max, stepSize, values, format) {
      var id = uid + "-" + key;
      var row = el("div", { "class": "lp-slider" }, parent);
      el("label", { "for": id }, row, label);
      var input = el("input", { type: "range", id: id, min: values ? 0 : min, max: values ? values.length - 1 : max,
                                step: values ? 1 : stepSize }, row);
      var out = el("output", { "for": id }, row);
      return { input: input, out: out, values: values, format: format, label: label };
    }
    var hyper = el("div", { "class": "lp-hyper" }, side);
    var deltaValues = [], lrValues = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
    for (i = 0; i <= 40; i++) deltaValues.push(i / 10);
    var l2Values = [0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1];
    function addValue(values, v) { if (values.indexOf(v) < 0) { values.push(v); values.sort(function (a, b) { return a - b; }); } }
    addValue(deltaValues, initial.delta); addValue(l2Values, initial.l2); addValue(lrValues, initial.learning_rate);
    var sDelta = slider(hyper, "delta", "Margin \u0394", 0, 0, 1, deltaValues, function (v) { return fmt(v, 2); });
    var sL2 = slider(hyper, "l2", "L2 strength \u03bb", 0, 0, 1, l2Values, function (v) { return v === 0 ? "0" : String(v); });
    var sLr = slider(hyper, "lr", "Step size \u03b7", 0, 0, 1, lrValues, function (v) { return String(v); });

    var buttons = el("div", { "class": "lp-buttons" }, side);
    var bStep = el("button", { type: "button" }, buttons, "Step");
    var bRun = el("button", { type: "button", "aria-pressed": "false" }, buttons, "Run");
    var bReset = el("button", { type: "button" }, buttons, "Reset");

    var totals = el("dl", { "class": "lp-totals" }, side);
    function total(name) { el("dt", {}, totals, name); return el("dd", {}, totals); }
    var tData = total("Data loss (mean over points)"), tReg = total("Regularisation \u03bb/2 \u2016W\u2016\u00b2"),
        tObj = total("Objective"), tZero = total("Points with zero loss"), tAcc = total("Accuracy"), tSteps = total("Steps taken");
    var histFigure = el("div", { "class": "lp-history" }, side);
    var HW = 240, HH = 90;
    var hsvg = svgEl("svg", { viewBox: "0 0 " + HW + " " + HH, role: "img", "aria-labelledby": uid + "-hist" }, histFigure);
    svgEl("rect", { x: 46, y: 4, width: HW - 50, height: HH - 22, "class": "lp-hist-frame" }, hsvg);
    var hLine = svgEl("polyline", { "class": "lp-hist-line", points: "" }, hsvg);
    var hTop = svgEl("text", { x: 43, y: 12, "text-anchor": "end" }, hsvg);
    var hBottom = svgEl("text", { x: 43, y: HH - 18, "text-anchor": "end" }, hsvg);
    var hAxis = svgEl("text", { x: HW / 2 + 23, y: HH - 4, "text-anchor": "middle" }, hsvg);
    var hCaption = el("p", { "class": "lp-caption", id: uid + "-hist" }, histFigure);
    var status = el("p", { "class": "lp-status", role: "status", "aria-live": "polite" }, side);

    var classes = el("div", { "class": "lp-classes" }, root);
    var classSliders = [];
    for (j = 0; j < C; j++) {
      var fs = el("fieldset", { "class": "lp-class lp-c" + j }, classes);
      var legend = el("legend", {}, fs);
      var key = svgEl("svg", { viewBox: "0 0 16 16", width: 14, height: 14, "aria-hidden": "true" }, legend);
      svgEl("path", { d: markerPath(j, 8, 8, 6), "class": "lp-mark lp-c" + j }, key);
      legend.appendChild(document.createTextNode(" Class " + j + " (" + SHAPES[j] + ")"));
      classSliders.push({
        angle: slider(fs, "angle" + j, "Class " + j + " weight angle (\u00b0)", -180, 180, 1, null, function (v) { return fixed(v, 0) + "\u00b0"; }),
        length: slider(fs, "length" + j, "Class " + j + " weight length", 0, lengthMax, 0.01, null, function (v) { return fixed(v, 2); }),
        bias: slider(fs, "bias" + j, "Class " + j + " bias", -biasMax, biasMax, 0.01, null, function (v) { return fixed(v, 2); })
      });
    }
    var note = el("p", { "class": "lp-note" }, root);
    note.textContent = "Each point is drawn larger the larger its own loss; points with zero loss are dots. " +
      "Arrows show the weight vectors W\u2080, W\u2081, W\u2082 (drawn at " + arrowScale + "\u00d7 their length): " +
      "drag an arrow's tip, or use the sliders (arrow keys move a focused slider).";

    function markerPath(cls, px, py, r) {
      if (cls === 0) return "M" + (px - r).toFixed(1) + " " + py.toFixed(1) + "a" + r.toFixed(1) + " " + r.toFixed(1) +
        " 0 1 0 " + (2 * r).toFixed(1) + " 0a" + r.toFixed(1) + " " + r.toFixed(1) + " 0 1 0 " + (-2 * r).toFixed(1) + " 0z";
      if (cls === 1) { var h = 0.886 * r; return "M" + (px - h).toFixed(1) + " " + (py - h).toFixed(1) + "h" + (2 * h).toFixed(1) + "v" + (2 * h).toFixed(1) + "h" + (-2 * h).toFixed(1) + "z"; }
      var t = 1.3 * r;
      return "M" + px.toFixed(1) + " " + (py - t).toFixed(1) + "l" + (0.866 * t).toFixed(1) + " " + (1.5 * t).toFixed(1) + "h" + (-1.732 * t).toFixed(1) + "z";
    }

    function syncControls() {
      select.value = state.loss;
      [[sDelta, state.delta], [sL2, state.l2], [sLr, state.learning_rate]].forEach(function (pair) {
        var s = pair[0], idx = nearestIndex(s.values, pair[1]);
        s.input.value = idx;
        s.out.textContent = s.format(pair[1]);
        s.input.setAttribute("aria-valuetext", s.format(pair[1]));
      });
      for (var j = 0; j < C; j++) {
        var w = state.W[j], angle = Math.atan2(w[1], w[0]) * 180 / Math.PI, len = Math.hypot(w[0], w[1]);
        var cs = classSliders[j];
        [[cs.angle, angle], [cs.length, len], [cs.bias, state.b[j]]].forEach(function (pair) {
          pair[0].input.value = pair[1];
          pair[0].out.textContent = pair[0].format(pair[1]);
          pair[0].input.setAttribute("aria-valuetext", pair[0].format(pair[1]));
        });
      }
    }

    function draw(r) {
      var j, i;
      for (j = 0; j < C; j++) { // region of class j: z_j - z_l >= 0 for every other l
        var poly = [[view.x0, view.y0], [view.x1, view.y0], [view.x1, view.y1], [view.x0, view.y1]];
        for (var l = 0; l < C && poly.length; l++) {
          if (l === j) continue;
          poly = clip(poly, state.W[j][0] - state.W[l][0], state.W[j][1] - state.W[l][1], state.b[j] - state.b[l]);
        }
        regions[j].setAttribute("points", poly.map(function (p) { return sx(p[0]).toFixed(1) + "," + sy(p[1]).toFixed(1); }).join(" "));
      }
      var paths = [[], [], []], zero = 0, correct = 0;
      for (i = 0; i < n; i++) {
        var Li = r.losses[i], radius = Li > 0 ? Math.min(2.6 + 2.6 * Math.sqrt(Li), 10) : 2.2, o = C * i;
        if (Li === 0) zero++;
        var s = r.scores, pred = s[o] >= s[o + 1] ? (s[o] >= s[o + 2] ? 0 : 2) : (s[o + 1] >= s[o + 2] ? 1 : 2);
        if (pred === y[i]) correct++;
        paths[y[i]].push(markerPath(y[i], sx(X[2 * i]), sy(X[2 * i + 1]), radius));
      }
      for (j = 0; j < C; j++) marks[j].setAttribute("d", paths[j].join(""));
      for (j = 0; j < C; j++) {
        var w = state.W[j], tx = sx(arrowScale * w[0]), ty = sy(arrowScale * w[1]), a = arrows[j];
        var dx = tx - sx(0), dy = ty - sy(0), len = Math.hypot(dx, dy) || 1, ux = dx / len, uy = dy / len;
        var back = Math.min(12, len);
        a.line.setAttribute("x2", (tx - ux * back).toFixed(1)); a.line.setAttribute("y2", (ty - uy * back).toFixed(1));
        a.head.setAttribute("points", [tx, ty, tx - ux * back - uy * 5, ty - uy * back + ux * 5, tx - ux * back + uy * 5, ty - uy * back - ux * 5]
          .map(function (v) { return v.toFixed(1); }).join(" "));
        a.handle.setAttribute("cx", tx.toFixed(1)); a.handle.setAttribute("cy", ty.toFixed(1));
        a.label.setAttribute("x", (tx + ux * 16 - 6).toFixed(1)); a.label.setAttribute("y", (ty + uy * 16 + 5).toFixed(1));
      }
      tData.textContent = fmt(r.data_loss, 4);
      tReg.textContent = fmt(r.reg_loss, 4);
      tObj.textContent = fmt(r.objective, 4);
      tZero.textContent = zero + " of " + n + " (" + Math.round(100 * zero / n) + "%)";
      tAcc.textContent = (100 * correct / n).toFixed(1) + "%";
      tSteps.textContent = String(steps);
      caption.textContent = n + " points of three classes (" + SHAPES.join(", ") + ") on the plane, the regions where each " +
        "class scores highest, and the weight vectors as arrows. " + LOSS_NAMES[state.loss] + ", \u0394 = " + fmt(state.delta, 2) +
        ": data loss " + fmt(r.data_loss, 4) + ", objective " + fmt(r.objective, 4) + "; " + zero +
        (zero === 1 ? " point has" : " points have") + " zero loss; " +
        "accuracy " + (100 * correct / n).toFixed(1) + "%.";
      drawHistory();
    }

    function drawHistory() {
      var logScale = false;
      if (history.length === 0) { hLine.setAttribute("points", ""); hTop.textContent = ""; hBottom.textContent = ""; }
      else {
        var lo = Math.min.apply(null, history), hi = Math.max.apply(null, history);
        // a log scale once the objective has fallen tenfold (the first steps dwarf the rest otherwise)
        logScale = lo > 0 && hi / lo > 10;
        var f = logScale ? Math.log : function (v) { return v; }, top = f(hi), bottom = f(lo);
        if (top - bottom < 1e-12) top = bottom + 1e-12;
        var m = Math.max(history.length - 1, 1), pts = [];
        for (var i = 0; i < history.length; i++) {
          pts.push((46 + i / m * (HW - 50)).toFixed(1) + "," + (4 + (top - f(history[i])) / (top - bottom) * (HH - 22)).toFixed(1));
        }
        hLine.setAttribute("points", pts.join(" "));
        hTop.textContent = sig(hi); hBottom.textContent = sig(lo);
      }
      hAxis.textContent = history.length > 1 ? "steps (" + (history.length - 1) + " shown)" + (logScale ? ", log scale" : "") : "take a step to start the curve";
      hCaption.textContent = "The objective over the gradient steps taken since the last change by hand" +
        (history.length ? ": from " + fmt(history[0], 4) + " to " + fmt(history[history.length - 1], 4) + "." : ".");
    }

    function update() {
      var t0 = performance.now();
      lastResult = compute(X, y, n, state);
      draw(lastResult);
      return performance.now() - t0;
    }

    // A change by hand (a slider, the loss, a dragged arrow): the status line reports the
    // objective now, so it never shows a run's number next to a table that has moved on.
    // While a run goes on (only the step size can change then) it keeps saying so.
    function changed(what) {
      update();
      if (running) return;
      status.textContent = what + ": objective " + fmt(lastResult.objective, 4) + ".";
    }

    function byHand() { // a change by hand starts a new loss curve
      history = [];
      stop();
    }

    function takeStep() {
      var r = lastResult || compute(X, y, n, state);
      if (history.length === 0) history.push(r.objective);
      state.W = r.step_W; state.b = r.step_b; steps++;
      lastResult = compute(X, y, n, state);
      history.push(lastResult.objective);
      if (history.length > MAX_HISTORY) history.splice(0, history.length - MAX_HISTORY);
    }

    function step() {
      takeStep();
      syncControls();
      draw(lastResult);
      status.textContent = "Step " + steps + ": objective " + fmt(lastResult.objective, 4) + ".";
    }

    var runStart = 0;
    function frame() {
      if (!running) return;
      for (var s = 0; s < STEPS_PER_FRAME; s++) takeStep();
      syncControls();
      draw(lastResult);
      if (steps - runStart >= MAX_RUN_STEPS || !isFinite(lastResult.objective)) { stop(); return; }
      global.requestAnimationFrame(frame);
    }
    function run() {
      if (running) return;
      running = true; runStart = steps;
      bRun.setAttribute("aria-pressed", "true");
      status.textContent = "Running: press Run again to stop.";
      global.requestAnimationFrame(frame);
    }
    function stop() {
      if (!running) return;
      running = false;
      bRun.setAttribute("aria-pressed", "false");
      status.textContent = "Stopped after " + steps + " steps: objective " + fmt(lastResult.objective, 4) + ".";
    }
    function reset() {
      stop();
      state = JSON.parse(JSON.stringify(initial));
      steps = 0; history = [];
      syncControls(); update();
      status.textContent = "Reset to the initial weights.";
    }

    function setState(s) {
      s = s || {};
      if (s.W) state.W = copyW(s.W);
      if (s.b) state.b = s.b.slice();
      ["loss", "delta", "l2", "learning_rate"].forEach(function (key) { if (s[key] !== undefined) state[key] = s[key]; });
      if (LOSSES.indexOf(state.loss) < 0) throw new Error("loss must be one of " + LOSSES.join(", "));
      byHand(); syncControls();
      var ms = update();
      status.textContent = "Weights and settings set: objective " + fmt(lastResult.objective, 4) + ".";
      return ms;
    }

    /* Controls */
    select.addEventListener("change", function () { byHand(); state.loss = select.value; changed("Loss set to " + LOSS_NAMES[state.loss]); });
    [[sDelta, "delta"], [sL2, "l2"], [sLr, "learning_rate"]].forEach(function (pair) {
      pair[0].input.addEventListener("input", function () {
        var v = pair[0].values[Number(pair[0].input.value)];
        state[pair[1]] = v;
        pair[0].out.textContent = pair[0].format(v);
        pair[0].input.setAttribute("aria-valuetext", pair[0].format(v));
        if (pair[1] !== "learning_rate") byHand();
        changed(pair[0].label + " set to " + pair[0].format(v));
      });
    });
    classSliders.forEach(function (cs, j) {
      function polar() {
        var theta = Number(cs.angle.input.value) * Math.PI / 180, len = Math.hypot(state.W[j][0], state.W[j][1]);
        return [theta, len];
      }
      cs.angle.input.addEventListener("input", function () {
        var p = polar();
        state.W[j] = [p[1] * Math.cos(p[0]), p[1] * Math.sin(p[0])];
        byHand(); syncControls(); changed(cs.angle.label + " set to " + cs.angle.out.textContent);
      });
      cs.length.input.addEventListener("input", function () {
        var w = state.W[j], len = Number(cs.length.input.value), theta = Math.atan2(w[1], w[0]);
        state.W[j] = [len * Math.cos(theta), len * Math.sin(theta)];
        byHand(); syncControls(); changed(cs.length.label + " set to " + cs.length.out.textContent);
      });
      cs.bias.input.addEventListener("input", function () {
        state.b[j] = Number(cs.bias.input.value);
        byHand(); syncControls(); changed(cs.bias.label + " set to " + cs.bias.out.textContent);
      });
    });
    bStep.addEventListener("click", function () { stop(); step(); });
    bRun.addEventListener("click", function () { if (running) stop(); else run(); });
    bReset.addEventListener("click", reset);

    /* Dragging an arrow's tip sets that class's weight vector. */
    arrows.forEach(function (a, j) {
      var dragging = false;
      function toData(ev) {
        var pt = svg.createSVGPoint(); pt.x = ev.clientX; pt.y = ev.clientY;
        var p = pt.matrixTransform(svg.getScreenCTM().inverse());
        return [(view.x0 + p.x / PX * span) / arrowScale, (view.y0 + (PX - p.y) / PX * span) / arrowScale];
      }
      a.handle.addEventListener("pointerdown", function (ev) {
        dragging = true; a.handle.setPointerCapture(ev.pointerId); byHand(); ev.preventDefault();
      });
      a.handle.addEventListener("pointermove", function (ev) {
        if (!dragging) return;
        state.W[j] = toData(ev);
        syncControls(); changed("Class " + j + " weight vector dragged");
      });
      function end(ev) { if (dragging) { dragging = false; try { a.handle.releasePointerCapture(ev.pointerId); } catch (e) { /* released */ } } }
      a.handle.addEventListener("pointerup", end);
      a.handle.addEventListener("pointercancel", end);
    });

    var api = {
      losses: LOSSES.slice(),
      n: n,
      compute: function (s) {
        s = s || {};
        var st = {};
        ["W", "b", "loss", "delta", "l2", "learning_rate"].forEach(function (key) { st[key] = s[key] !== undefined ? s[key] : state[key]; });
        var r = compute(X, y, n, st);
        return {
          scores: rows(r.scores, C), losses: Array.prototype.slice.call(r.losses), score_grads: rows(r.G, C),
          data_loss: r.data_loss, reg_loss: r.reg_loss, objective: r.objective,
          grad_W: r.grad_W, grad_b: r.grad_b, step_W: r.step_W, step_b: r.step_b
        };
      },
      getState: function () {
        return { W: copyW(state.W), b: state.b.slice(), loss: state.loss, delta: state.delta, l2: state.l2,
                 learning_rate: state.learning_rate, steps: steps, history: history.slice() };
      },
      setState: setState,
      step: function () { stop(); step(); return api.getState(); },
      reset: reset,
      update: update,
      isRunning: function () { return running; }
    };
    root.playground = api;
    root.classList.add("lp-ready");
    syncControls();
    update();
    return api;
  }

  global.LossPlayground = { mount: mount, compute: compute, losses: LOSSES.slice() };
})(window);
