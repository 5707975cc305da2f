// Node's (V8's) wording for the engine's common errors, set on the error where it is made (the
// harness's Error.prepareStackTrace hook), so that student code reading `e.message`, the failure a
// student sees and a spec's `throws:` all read what Node would print. A message that names code
// ("acct.getBalance is not a function") is rebuilt from the student's source at the error's line
// and column, which the harness knows for every chunk it loads (CONFIG.chunks).
(function (K, H) {
  "use strict";
  const { call } = H;
  const { strSlice, strIndexOf, defProp, getDesc, hasOwn } = K;
  const slice = (s, a, b) => call(strSlice, s, a, b);
  const indexOf = (s, t, from) => call(strIndexOf, s, t, from || 0);
  const CONFIG = H.config;

  // The text of `<input>` line `line`, from the chunk that owns it.
  function sourceLine(line) {
    const chunks = CONFIG.chunks || [];
    let found = null;
    for (let i = 0; i < chunks.length; i++) if (chunks[i][0] <= line) found = chunks[i];
    if (found === null) return null;
    let text = found[2] !== null ? found[2] : (CONFIG.files[found[1]] || {}).text;
    if (typeof text !== "string") return null;
    if (found[3]) text = call(K.strRepeat, " ", found[3]) + text;  // a required file's first line follows the CommonJS wrapper
    let at = 0;
    for (let n = found[0]; n < line; n++) {
      at = indexOf(text, "\n", at);
      if (at < 0) return null;
      at++;
    }
    const end = indexOf(text, "\n", at);
    return end < 0 ? slice(text, at) : slice(text, at, end);
  }
  const isWord = (c) => c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "_" || c === "$" || c > "\u007f");
  const isSpace = (c) => c === " " || c === "\t";
  // The callee of the call at `i` (where QuickJS points: the called name), written as V8 writes it:
  // `a.b`, `getFoo(...).bar`, `o.a.b` for `o.a['b']`, `list[0]`.
  function callee(src, i) {
    let end = i;
    while (isWord(src[end])) end++;
    for (;;) {  // member accesses after the name, up to the call's "("
      let j = end;
      while (isSpace(src[j])) j++;
      if (src[j] === "[") { const close = matching(src, j, "[", "]"); if (close < 0) break; end = close + 1; continue; }
      if (src[j] === "." && src[j + 1] !== ".") { j++; while (isSpace(src[j])) j++; if (!isWord(src[j])) break; while (isWord(src[j])) j++; end = j; continue; }
      break;
    }
    let start = i;
    for (;;) {  // the object the name is read from, back to where the expression starts
      let j = start - 1;
      while (j >= 0 && isSpace(src[j])) j--;
      if (src[j] === "." && src[j - 1] !== ".") {
        j--;
        if (src[j] === "?") j--;
        while (j >= 0 && isSpace(src[j])) j--;
        if (src[j] === ")" || src[j] === "]") { const open = matchingBack(src, j); if (open < 0) break; j = open - 1; }
        while (j >= 0 && isWord(src[j])) j--;
        start = j + 1;
        while (src[start - 1] === "]" || src[start - 1] === ")") { const open = matchingBack(src, start - 1); if (open < 0) break; start = open; while (isWord(src[start - 1])) start--; }
        continue;
      }
      break;
    }
    if (start >= end) return null;
    return tidy(slice(src, start, end));
  }
  function matching(src, at, open, close) {
    let depth = 0;
    for (let j = at; j < src.length; j++) {
      if (src[j] === open) depth++;
      else if (src[j] === close && --depth === 0) return j;
    }
    return -1;
  }
  function matchingBack(src, at) {
    const close = src[at], open = close === ")" ? "(" : "[";
    let depth = 0;
    for (let j = at; j >= 0; j--) {
      if (src[j] === close) depth++;
      else if (src[j] === open && --depth === 0) return j;
    }
    return -1;
  }
  // Calls print as (...), string keys as dotted names, and spaces go.
  function tidy(text) {
    let out = "";
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === "(") { const close = matching(text, i, "(", ")"); out += "(...)"; i = close < 0 ? text.length : close; continue; }
      if (c === "[") {
        const close = matching(text, i, "[", "]");
        const inner = slice(text, i + 1, close < 0 ? text.length : close);
        const q = inner[0];
        if ((q === "'" || q === '"') && inner[inner.length - 1] === q && inner.length >= 2) out += "." + slice(inner, 1, inner.length - 1);
        else out += "[" + inner + "]";
        i = close < 0 ? text.length : close;
        continue;
      }
      if (!isSpace(c)) out += c;
    }
    return out;
  }
  function before(src, i) {
    let j = i - 1;
    while (j >= 0 && isSpace(src[j])) j--;
    return j;
  }
  function wordBefore(src, i) {
    let j = before(src, i), start = j;
    while (start >= 0 && isWord(src[start])) start--;
    return slice(src, start + 1, j + 1);
  }
  // QuickJS counts a column in UTF-8 bytes; a string is indexed in UTF-16 units. The index in
  // `src` of the character that starts `bytes` bytes in (string comparison, no overridable method).
  function unitIndex(src, bytes) {
    if (src === null) return bytes;
    let i = 0, b = 0;
    while (i < src.length && b < bytes) {
      const c = src[i];
      if (c < "\u0080") b += 1;
      else if (c < "\u0800") b += 2;
      else if (c >= "\ud800" && c < "\udc00" && i + 1 < src.length) { b += 4; i++; }
      else b += 3;
      i++;
    }
    return i;
  }
  function identifierAt(src, i) { let j = i; while (isWord(src[j])) j++; return slice(src, i, j); }
  function quoted(message, prefix) {
    const rest = slice(message, prefix.length);
    const q = indexOf(rest, "'");
    return q < 0 ? null : { key: slice(rest, 0, q), tail: slice(rest, q + 1) };
  }
  const starts = (s, prefix) => slice(s, 0, prefix.length) === prefix;
  const ends = (s, suffix) => s.length >= suffix.length && slice(s, s.length - suffix.length) === suffix;
  function keyText(key) { return key.length > 7 && slice(key, 0, 7) === "Symbol." ? "Symbol(" + key + ")" : key; }

  function rewrite(error, sites, name, message) {
    const top = sites[0];
    const native = top ? top.isNative() : true;
    const line = !native && top.getFileName() === "<input>" ? top.getLineNumber() : 0;
    const src = line ? sourceLine(line) : null;
    const col = !native ? unitIndex(src, top.getColumnNumber() - 1) : -1;
    // An error the student made with `new TypeError("not a function")` keeps its words.
    if (src !== null && col >= 0 && wordBefore(src, col) === "new" && ends(identifierAt(src, col), "Error")) return null;
    if (name === "TypeError" && message === "cannot convert BigInt to number") {
      return native ? "Cannot convert a BigInt value to a number" : "Cannot mix BigInt and other types, use explicit conversions";
    }
    if (name !== "TypeError" && name !== "ReferenceError" && name !== "RangeError" && name !== "SyntaxError") return null;
    if (message === "not a function" || message === "not a constructor") {
      if (src === null || col < 0) return null;
      if (!isWord(src[col]) && src[col] !== "(" && src[col] !== "[") return null;
      const asNew = wordBefore(src, col) === "new";
      const what = callee(src, col);
      if (what === null) return null;
      return what + (asNew || message === "not a constructor" ? " is not a constructor" : " is not a function");
    }
    if (starts(message, "cannot read property '")) {
      const q = quoted(message, "cannot read property '");
      if (q && slice(q.tail, 0, 4) === " of ") return "Cannot read properties of " + slice(q.tail, 4) + " (reading '" + keyText(q.key) + "')";
    }
    if (starts(message, "cannot set property '")) {
      const q = quoted(message, "cannot set property '");
      if (q && slice(q.tail, 0, 4) === " of ") return "Cannot set properties of " + slice(q.tail, 4) + " (setting '" + keyText(q.key) + "')";
    }
    if (message[0] === "'" && ends(message, "' is read-only")) {
      const key = slice(message, 1, message.length - "' is read-only".length);
      const j = before(src || "", col);
      const member = src !== null && col >= 0 && (src[j] === "." || src[j] === "[");
      if (src !== null && col >= 0 && !member && slice(src, col, col + key.length) === key) return "Assignment to constant variable.";
      const index = key !== "" && key === K.Str(key >>> 0);
      return "Cannot assign to read only property '" + key + "' of object '" + (index ? "[object Array]" : "#<Object>") + "'";
    }
    if (name === "ReferenceError" && ends(message, " is not initialized")) {
      return "Cannot access '" + slice(message, 0, message.length - " is not initialized".length) + "' before initialization";
    }
    if (message === "class constructors must be invoked with 'new'") {
      return "Class constructor " + (top ? top.getFunctionName() : "") + " cannot be invoked without 'new'";
    }
    const fixed = FIXED[message];
    if (fixed !== undefined) return fixed;
    if (name === "SyntaxError") {  // JSON.parse: V8 in Node 20 does not add QuickJS's "(line 1 column 2)"
      const at = indexOf(message, " (line ");
      if (at > 0 && message[message.length - 1] === ")" && indexOf(message, " in JSON at position ") > 0) return slice(message, 0, at);
    }
    return null;
  }
  const FIXED = { __proto__: null,
    "empty array": "Reduce of empty array with no initial value",
    "invalid array length": "Invalid array length",
    "cannot convert symbol to string": "Cannot convert a Symbol value to a string",
    "cannot mix BigInt and other types, use explicit conversions": "Cannot mix BigInt and other types, use explicit conversions",
    "circular reference": "Converting circular structure to JSON",
    "division by zero": "Division by zero",
    "BigInt division by zero": "Division by zero",
  };
  const memo = K.create(null);
  let memoSize = 0;
  function apply(error, sites) {
    const d = getDesc(error, "message");
    if (!d || !hasOwn(d, "value") || typeof d.value !== "string") return;
    let name = "";
    for (let p = error, i = 0; p !== null && i < 10; p = K.getProto(p), i++) {
      const n = getDesc(p, "name");
      if (n) { name = n.value; break; }
    }
    // The same mistake in a loop is reworded once: by name, message and where it was made.
    const top = sites[0];
    const key = top && !top.isNative() ? name + "\u0000" + d.value + "\u0000" + top.getLineNumber() + ":" + top.getColumnNumber() : null;
    let message;
    if (key !== null && hasOwn(memo, key)) message = memo[key];
    else {
      message = rewrite(error, sites, name, d.value);
      if (key !== null && memoSize < 1000) { memo[key] = message; memoSize++; }
    }
    if (message !== null) defProp(error, "message", { value: message, writable: true, enumerable: false, configurable: true });
  }
  return { apply };
})
