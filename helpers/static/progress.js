/* The reader's progress with the check-yourself questions, kept in this browser only.
 *
 * helpers/static/questions.js records each question's outcome here; the landing page and
 * the Practice page read it. It lives in the browser's local storage (from file:// as well
 * as over HTTP), under one entry per question, "mlnp-question:" + the question's key, and is
 * never sent anywhere. Where storage is unavailable (switched off, or a private window that
 * refuses it) every function still works: nothing is kept, and available() says so.
 *
 * A question's outcome is the reader's first answer to the latest variant they tried:
 * {result: "right" | "wrong", at: time, tried: [the variants answered so far]}. A later answer
 * to a variant already answered changes nothing (a second guess at a multiple choice, or the
 * answer typed after "Show the answer and why" and a reload, is not knowing it); a new variant
 * ("Try another") gives a new first answer, which does.
 */
(function (global) {
  "use strict";
  if (global.BookProgress) return;

  var PREFIX = "mlnp-question:";
  var store = null;
  try {
    store = global.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (error) {
    store = null;  // storage switched off, or refused for this page
  }
  var listeners = [];

  function get(key) {
    if (!store) return null;
    try {
      return JSON.parse(store.getItem(PREFIX + key));
    } catch (error) {
      return null;  // an entry this page cannot read counts as none
    }
  }

  /* Whether this variant of the question was answered before (in this browser). */
  function tried(key, variant) {
    var outcome = get(key);
    return Boolean(outcome && outcome.tried && outcome.tried.indexOf(variant) >= 0);
  }

  /* Record the first answer to a variant; false (and nothing kept) if it had one already. */
  function record(key, result, variant) {
    if (tried(key, variant)) return false;
    var before = get(key);
    var outcome = {result: result, at: new Date().toISOString(),
                   tried: ((before && before.tried) || []).concat([variant])};
    if (store) {
      try { store.setItem(PREFIX + key, JSON.stringify(outcome)); } catch (error) { /* full: not kept */ }
    }
    listeners.forEach(function (listener) { listener(key, outcome); });
    return true;
  }

  function keys() {
    var found = [];
    if (!store) return found;
    for (var i = 0; i < store.length; i++) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX) === 0) found.push(name.slice(PREFIX.length));
    }
    return found;
  }

  function reset() {
    keys().forEach(function (key) { store.removeItem(PREFIX + key); });
    listeners.forEach(function (listener) { listener(null, null); });
  }

  /* How many of these keys were answered right (first answer to their latest variant). */
  function countRight(questionKeys) {
    return questionKeys.filter(function (key) {
      var outcome = get(key);
      return outcome && outcome.result === "right";
    }).length;
  }

  global.BookProgress = {
    available: function () { return store !== null; },
    get: get, record: record, tried: tried, keys: keys, reset: reset, countRight: countRight,
    onChange: function (listener) { listeners.push(listener); }
  };
})(window);
