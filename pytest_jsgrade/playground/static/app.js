// The playground page: a small editor, Run (POST /eval), Grade (POST /grade), Save (POST /save).
"use strict";
const $ = (id) => document.getElementById(id);
const state = { specs: [], readOnly: true, files: {}, current: null };
const KEYWORDS = new Set(("break case catch class const continue debugger default delete do else export extends false finally for " +
  "function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void " +
  "while yield async await").split(" "));

function escapeHtml(text) {
  return text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]);
}

// Syntax highlighting: comments, strings, numbers and keywords, drawn under a transparent textarea.
function highlight(code) {
  const token = /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|("(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?|`(?:\\.|[^`\\])*`?)|(\b\d[\d_.eExXa-fA-F]*n?\b)|([A-Za-z_$][\w$]*)/g;
  let out = "", last = 0, m;
  while ((m = token.exec(code))) {
    out += escapeHtml(code.slice(last, m.index));
    const [text, comment, string, number, word] = m;
    const cls = comment ? "c" : string ? "s" : number ? "n" : word && KEYWORDS.has(word) ? "k" : "";
    out += cls ? `<span class="tok-${cls}">${escapeHtml(text)}</span>` : escapeHtml(text);
    last = m.index + text.length;
  }
  return out + escapeHtml(code.slice(last)) + "\n";
}

function refreshEditor() {
  const code = $("code").value;
  $("highlight").innerHTML = highlight(code);
  const lines = code.split("\n").length;
  $("gutter").textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
  $("code").style.height = `${lines * 1.5 + 1.2}em`;
  if (state.current) state.files[state.current] = code;
}

function status(text) { $("status").textContent = text; }

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ? data.error.message : `HTTP ${response.status}`);
  return data;
}

function selectedSpec() { return state.specs.find((s) => s.name === $("spec").value); }

function figures(time, memory) {
  const kb = memory >= 1024 ? `${(memory / 1024).toFixed(1)} KB` : `${memory} B`;
  return `<div class="figures">CPU ${time < 1 ? (time * 1000).toFixed(0) + " µs" : time.toFixed(1) + " ms"} · heap ${kb}</div>`;
}

async function loadSpec() {
  const spec = selectedSpec();
  if (!spec) return;
  const { files } = await api(`/source?spec=${encodeURIComponent(spec.name)}`);
  state.files = files;
  $("file").innerHTML = spec.files.map((f) => `<option>${escapeHtml(f)}</option>`).join("");
  $("file-picker").hidden = spec.files.length < 2;
  state.current = spec.files[0];
  $("code").value = files[state.current] || "";
  if (spec.cases.length && !$("call").value) $("call").placeholder = spec.cases[0].call;
  refreshEditor();
}

async function run(event) {
  event.preventDefault();
  const call = $("call").value.trim() || $("call").placeholder;
  $("call").value = call;
  status("running…");
  try {
    const r = await api("/eval", { code: $("code").value, call, file: state.current || "main.js" });
    let html = r.error
      ? `<p class="error"><b>${escapeHtml(r.error.kind.replace(/_/g, " "))}</b>: ${escapeHtml(r.error.message)}` +
        (r.error.line ? ` (line ${r.error.line})` : "") + "</p>"
      : `<pre class="value">${escapeHtml(r.result)}</pre>`;
    if (r.console) html += `<div class="muted">console</div><pre class="console">${escapeHtml(r.console)}</pre>`;
    $("result").innerHTML = html + figures(r.time, r.memory);
    status("");
  } catch (e) {
    $("result").innerHTML = `<p class="error">${escapeHtml(e.message)}</p>`;
    status("");
  }
}

async function grade() {
  const spec = selectedSpec();
  status("grading…");
  try {
    const g = await api("/grade", { spec: spec.name, code: state.files });
    $("total").textContent = `${g.score} / ${g.max_score} points`;
    $("cases").innerHTML = g.cases.map((c) =>
      `<div class="case ${c.passed ? "passed" : "failed"}"><span class="mark">${c.passed ? "✓" : "✗"}</span>` +
      `<b>${escapeHtml(c.name)}</b> <span class="muted">${c.score} / ${c.max_score} pt</span>` +
      (c.passed ? "" : `<pre>${escapeHtml(c.message.split("\n").slice(1).join("\n"))}</pre>`) +
      figures(c.time_ms, c.memory_bytes) + "</div>").join("");
    status("");
  } catch (e) {
    $("cases").innerHTML = `<p class="error">${escapeHtml(e.message)}</p>`;
    status("");
  }
}

async function save() {
  try {
    const r = await api("/save", { spec: selectedSpec().name, code: state.files });
    status(`saved ${r.saved.join(", ")}`);
  } catch (e) { status(e.message); }
}

$("code").addEventListener("input", refreshEditor);
$("code").addEventListener("keydown", (event) => {
  if (event.key !== "Tab") return;
  event.preventDefault();
  const area = $("code"), start = area.selectionStart;
  area.setRangeText("  ", start, area.selectionEnd, "end");
  refreshEditor();
});
$("run-form").addEventListener("submit", run);
$("grade").addEventListener("click", grade);
$("save").addEventListener("click", save);
$("spec").addEventListener("change", loadSpec);
$("file").addEventListener("change", () => {
  state.current = $("file").value;
  $("code").value = state.files[state.current] || "";
  refreshEditor();
});

(async () => {
  const data = await api("/specs");
  state.specs = data.specs;
  state.readOnly = data.read_only;
  $("save").disabled = state.readOnly;
  $("spec").innerHTML = state.specs.map((s) => `<option value="${escapeHtml(s.name)}">${escapeHtml(s.title)}</option>`).join("");
  await loadSpec();
  status("ready");
})();
