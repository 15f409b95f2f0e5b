// The report entry screen, made nicer: the same rules as the server's (#entry-rules, from
// wardstats/reports/rules.py) checked as the secretary types, the cells' running total beside
// the ward's declared total, a warning before leaving with unsaved edits, and spreadsheet
// moves (Enter: the same figure of the next cell). Without it the form still works.
(function () {
  "use strict";
  const form = document.querySelector("form[data-entry]");
  if (!form) return;
  const config = JSON.parse(document.getElementById("entry-rules").textContent);
  const COUNTS = config.counts;  // {short name: field}, from the server (entry.forms)
  const OPTIONAL = ["members", "opening"];  // blank stays blank (the others count 0)
  const locale = document.documentElement.lang === "vi" ? "vi-VN" : "en-GB";
  const format = new Intl.NumberFormat(locale);
  let dirty = form.hasAttribute("data-unsaved");

  // A count as the server reads it: blank → null; 1.493 → 1493; else an error message.
  function readCount(raw) {
    const text = raw.trim().replace(/[.\s\u00a0]/g, "");
    if (text === "") return { value: null };
    if (/^-\d+$/.test(text)) return { error: config.negative };
    if (!/^\d{1,9}$/.test(text)) return { error: config.not_a_number };
    const value = parseInt(text, 10);
    if (value > config.max) return { error: config.too_large };
    return { value: value };
  }

  function showError(input, message) {
    const id = "e" + input.name;
    let span = document.getElementById(id);
    if (message) {
      if (!span) {
        span = document.createElement("span");
        span.className = "e";
        span.id = id;
        input.insertAdjacentElement("afterend", span);
      }
      span.textContent = message;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id);
    } else {
      if (span) span.remove();
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  // Every rule of the row: each count readable, then the rules between counts.
  function checkRow(row) {
    const inputs = {}, values = {}, errors = {};
    row.querySelectorAll("input[name]").forEach(function (input) {
      const code = input.name.replace(/^\d+/, "");
      if (!COUNTS[code]) return;
      inputs[COUNTS[code]] = input;
      const read = readCount(input.value);
      if (read.error) errors[COUNTS[code]] = read.error;
      values[COUNTS[code]] = read.value;
    });
    // The stored counts of another part of the screen that a rule reads (data-m=37).
    const known = {};
    Object.entries(row.dataset).forEach(function ([code, raw]) {
      if (COUNTS[code] && !(COUNTS[code] in values)) known[COUNTS[code]] = parseInt(raw, 10);
    });
    // The opening stock alone is carried in, not typed: it does not make a row filled.
    const blank = Object.entries(values).every(([name, v]) => v === null || name === "opening");
    if (!blank) {
      if (values.members === null && !errors.members) errors.members = config.members_required;
      for (const name of Object.keys(values)) {
        if (values[name] === null && !errors[name] && !OPTIONAL.includes(name)) values[name] = 0;
      }
      config.rules.forEach(function (rule) {
        if (errors[rule.field]) return;
        const all = Object.assign({}, known, values);
        if (!(rule.field in values)) return;  // not on this part: checked where it is typed
        const first = all[rule.limit[0]];
        if (values[rule.field] === null || first === null || first === undefined) return;
        const limit = rule.limit.reduce((sum, f) => sum + (all[f] || 0), 0);
        if (values[rule.field] > limit) errors[rule.field] = rule.message;
      });
    }
    Object.entries(inputs).forEach(([name, input]) => showError(input, errors[name]));
  }

  function updateTotal() {
    if (!document.getElementById("sum-members")) return;  // a part without the members
    let sum = 0;
    form.querySelectorAll("table.grid input[name$='m']").forEach(function (input) {
      if (!/^\d+m$/.test(input.name)) return;
      const read = readCount(input.value);
      if (read.value) sum += read.value;
    });
    const declared = readCount((form.elements.declared_members || { value: "" }).value).value;
    document.getElementById("sum-members").textContent = format.format(sum);
    document.getElementById("declared-shown").textContent =
      declared === null ? "–" : format.format(declared);
    document.getElementById("sum-check").hidden = declared === null || declared === sum;
  }

  form.addEventListener("input", function (event) {
    dirty = true;
    const row = event.target.closest("tr");
    if (row && row.parentElement.tagName === "TBODY") checkRow(row);
    updateTotal();
  });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Enter: the same figure of the next cell (Shift+Enter: of the one before), as in a
  // spreadsheet, instead of sending the form.
  form.addEventListener("keydown", function (event) {
    const input = event.target;
    if (event.key !== "Enter" || input.tagName !== "INPUT" || input.type === "checkbox") return;
    event.preventDefault();
    const cell = input.closest("td");
    const row = input.closest("tr");
    let target = null;
    if (cell && row) {
      const next = event.shiftKey ? row.previousElementSibling : row.nextElementSibling;
      const same = next && next.cells[cell.cellIndex];
      target = same && same.querySelector("input, select");
    }
    if (!target) {
      const fields = Array.from(form.querySelectorAll("input:not([type=hidden]), select, textarea"));
      target = fields[fields.indexOf(input) + (event.shiftKey ? -1 : 1)];
    }
    if (target) target.focus();
  });

  // The server's own messages stay until the person edits the row.
  updateTotal();
})();
