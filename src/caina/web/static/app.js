/* caina 审议平台: selecting text on the printed page fills the opinion form (quote + locator + position). */
(function () {
  "use strict";

  function spans(sheet) { return Array.prototype.slice.call(sheet.querySelectorAll("[data-start]")); }

  function spanOf(node) {
    var el = node && (node.nodeType === 3 ? node.parentElement : node);
    return el && el.closest ? el.closest("[data-start]") : null;
  }

  function offsetIn(span, container, offset) {
    if (container.nodeType === 3 && span.contains(container)) { return offset; }
    return null;
  }

  function onSelect() {
    var sheet = document.querySelector(".sheet");
    var form = document.getElementById("opinion-form");
    if (!sheet || !form) { return; }
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { return; }
    var range = sel.getRangeAt(0);
    if (!sheet.contains(range.commonAncestorContainer)) { return; }
    var all = spans(sheet).filter(function (s) { return range.intersectsNode(s); });
    if (!all.length) { return; }
    var a = spanOf(range.startContainer) || all[0];
    var b = spanOf(range.endContainer) || all[all.length - 1];
    var part = a.dataset.part, block = a.dataset.block;
    var startOff = offsetIn(a, range.startContainer, range.startOffset);
    var start = +a.dataset.start + (startOff === null ? 0 : startOff);
    var chars = {};
    var last = 0;
    spans(sheet).forEach(function (s) {
      if (s.dataset.part !== part || s.dataset.block !== block) { return; }
      var st = +s.dataset.start, t = s.textContent;
      for (var i = 0; i < t.length; i++) { chars[st + i] = t[i]; }
      last = Math.max(last, st + t.length);
    });
    var end;
    if (b.dataset.part === part && b.dataset.block === block) {
      var endOff = offsetIn(b, range.endContainer, range.endOffset);
      end = +b.dataset.start + (endOff === null ? b.textContent.length : endOff);
    } else {
      end = last; // a quote stays inside one paragraph
    }
    var quote = "";
    for (var k = start; k < end; k++) { quote += (k in chars) ? chars[k] : "\t"; }
    while (quote && /\s/.test(quote[0])) { quote = quote.slice(1); start++; }
    quote = quote.replace(/\s+$/, "");
    if (!quote) { return; }
    var line = a.closest("tr[data-locator]");
    document.getElementById("f-quote").value = quote;
    document.getElementById("f-locator").value = line ? line.dataset.locator : "";
    document.getElementById("f-part").value = part;
    document.getElementById("f-block").value = block;
    document.getElementById("f-start").value = String(start);
    document.getElementById("f-target").value = "";
    form.classList.add("filled");
    document.getElementById("f-text").focus({ preventScroll: true });
  }

  document.addEventListener("mouseup", function () { window.setTimeout(onSelect, 0); });
  document.addEventListener("keyup", function (e) { if (e.shiftKey) { onSelect(); } });

  // the quote box edited by hand: the position no longer holds (the server anchors the typed quote)
  document.addEventListener("input", function (e) {
    if (e.target && e.target.id === "f-quote") {
      ["f-part", "f-block", "f-start", "f-locator"].forEach(function (id) { document.getElementById(id).value = ""; });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var hl = document.querySelector("tr.hl");
    if (hl) { hl.scrollIntoView({ block: "center" }); }
  });
})();
