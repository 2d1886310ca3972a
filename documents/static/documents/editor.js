/* The drafter's editor: heading buttons that insert the next number at the cursor, a live outline,
   a character count, and the need-to-know list shown only for restricted documents. No markup, no
   outside library: the body stays plain text, one paragraph per line. */
(function () {
  "use strict";
  var body = document.querySelector("textarea.doc-editor");
  if (!body) return;
  var CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
  function cn(n) {
    if (n <= 10) return CN[n];
    if (n < 20) return "十" + CN[n - 10];
    var tens = Math.floor(n / 10), units = n % 10;
    return CN[tens] + "十" + (units ? CN[units] : "");
  }
  var CNUM = "[一二三四五六七八九十]+";
  var FORMS = [
    new RegExp("^(" + CNUM + ")、"),
    new RegExp("^[（(](" + CNUM + ")[）)]"),
    /^(\d+)[.．]/,
    /^[（(](\d+)[）)]/
  ];
  function fromCn(text) {
    if (/^\d+$/.test(text)) return parseInt(text, 10);
    var i = text.indexOf("十");
    if (i < 0) return CN.indexOf(text);
    var tens = i === 0 ? 1 : CN.indexOf(text.slice(0, i));
    var rest = text.slice(i + 1);
    return tens * 10 + (rest ? CN.indexOf(rest) : 0);
  }
  function level(line) {
    for (var l = 0; l < FORMS.length; l++) {
      var m = FORMS[l].exec(line);
      if (m) return { level: l + 1, n: fromCn(m[1]) };
    }
    return null;
  }
  function label(lv, n) {
    return [cn(n) + "、", "（" + cn(n) + "）", n + ".", "（" + n + "）"][lv - 1];
  }
  /* The next number of a level at a position: one more than the last heading of that level since the
     last heading of a higher level. */
  function nextNumber(lines, lv) {
    var n = 0;
    for (var i = 0; i < lines.length; i++) {
      var h = level(lines[i].trim());
      if (!h) continue;
      if (h.level < lv) n = 0;
      else if (h.level === lv) n = h.n;
    }
    return n + 1;
  }
  function insertHeading(lv) {
    var value = body.value, start = body.selectionStart;
    var lineStart = value.lastIndexOf("\n", start - 1) + 1;
    var before = value.slice(0, lineStart).split("\n");
    var prefix = label(lv, nextNumber(before, lv));
    var current = value.slice(lineStart, value.indexOf("\n", start) < 0 ? value.length : value.indexOf("\n", start));
    var insert, caret;
    if (current.trim() === "") {
      insert = prefix; caret = lineStart + prefix.length;
      body.value = value.slice(0, lineStart) + insert + value.slice(lineStart + current.length);
    } else if (!level(current.trim())) {
      body.value = value.slice(0, lineStart) + prefix + value.slice(lineStart);
      caret = start + prefix.length;
    } else {
      insert = "\n" + prefix;
      var lineEnd = lineStart + current.length;
      body.value = value.slice(0, lineEnd) + insert + value.slice(lineEnd);
      caret = lineEnd + insert.length;
    }
    body.focus();
    body.setSelectionRange(caret, caret);
    refresh();
  }
  var outline = document.querySelector(".doc-outline");
  var empty = document.querySelector(".doc-outline-empty");
  var count = document.querySelector("[data-testid=char-count]");
  function refresh() {
    var lines = body.value.split("\n"), items = [];
    var chars = body.value.replace(/\s/g, "").length;
    if (count) count.textContent = chars + " 字";
    if (!outline) return;
    outline.textContent = "";
    lines.forEach(function (line) {
      var text = line.trim(), h = level(text);
      if (!h) return;
      var li = document.createElement("li");
      li.className = "doc-outline-" + h.level;
      li.style.paddingLeft = (h.level - 1) * 1.1 + "em";
      li.textContent = text.length > 40 ? text.slice(0, 40) + "…" : text;
      items.push(li);
      outline.appendChild(li);
    });
    if (empty) empty.style.display = items.length ? "none" : "";
  }
  document.querySelectorAll("[data-heading]").forEach(function (button) {
    button.addEventListener("click", function () { insertHeading(parseInt(button.dataset.heading, 10)); });
  });
  body.addEventListener("input", refresh);
  refresh();
  var need = document.getElementById("need-to-know");
  var radios = document.querySelectorAll("input[name=sensitivity]");
  function toggleNeed() {
    var checked = document.querySelector("input[name=sensitivity]:checked");
    if (need) need.style.display = checked && checked.value === "restricted" ? "" : "none";
  }
  radios.forEach(function (r) { r.addEventListener("change", toggleNeed); });
  toggleNeed();
})();
