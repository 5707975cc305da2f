// CommonJS for the submission (require() resolves submission files only), and publishing a
// file's exports by name so a spec's call can use them.
(function (K, H) {
  "use strict";
  const { G, apply, ownKeys, defProp, hasOwn, Str, Err, MapCtor, mapGet, mapSet, strSlice, strRepeat, reTest,
    isEnumerable, indirectEval, parseJSON } = K;
  const { list, call, fnName } = H;
  const sources = H.config.files, entries = H.entries, modules = new MapCtor();
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

  function normalize(path) {
    const parts = list();
    let seg = "";
    for (let i = 0; i <= path.length; i++) {
      const c = i < path.length ? path[i] : "/";
      if (c !== "/") { seg += c; continue; }
      if (seg === "..") { if (!parts.length) return null; parts.length--; }
      else if (seg !== "" && seg !== ".") parts[parts.length] = seg;
      seg = "";
    }
    let joined = "";
    for (let i = 0; i < parts.length; i++) joined += (i ? "/" : "") + parts[i];
    return joined;
  }
  function resolve(request, from) {
    if (typeof request !== "string" || !(call(strSlice, request, 0, 2) === "./" || call(strSlice, request, 0, 3) === "../")) return null;
    let cut = from.length;
    while (cut > 0 && from[cut - 1] !== "/") cut--;
    const base = normalize(call(strSlice, from, 0, cut) + request);
    if (base === null) return null;
    const tries = [base, base + ".js", base + ".cjs", base + ".json", base + "/index.js"];
    for (let i = 0; i < tries.length; i++) if (hasOwn(sources, tries[i])) return tries[i];
    return null;
  }
  function require(request, from) {
    const path = resolve(request, from);
    if (path === null) {
      const e = new Err("Cannot find module '" + Str(request) + "': only files of the submission can be required; " +
        "Node's built-in and npm modules are not available in the grader");
      defProp(e, "code", { value: "MODULE_NOT_FOUND", writable: true, configurable: true });
      throw e;
    }
    const entry = entries[path];
    if (entry) return entry.exports;
    const hit = call(mapGet, modules, path);
    if (hit) return hit.exports;
    const file = sources[path];
    const module = { exports: {}, id: path, filename: path, loaded: false };
    call(mapSet, modules, path, module);
    if (call(strSlice, path, -5) === ".json") { module.exports = parseJSON(file.text); return module.exports; }
    const wrapped = call(strRepeat, "\n", file.offset) + H.config.wrapper + file.text + "\n})";
    apply(indirectEval(wrapped), module.exports, [module.exports, (r) => require(r, path), module, path, ""]);
    module.loaded = true;
    return module.exports;
  }
  function declaredGlobally(name) {
    if (!call(reTest, IDENTIFIER, name)) return true;
    try { indirectEval(name); return true; } catch (e) { return false; }
  }
  // Exports become globals by name unless the file declared that name itself; all of them are
  // also members of the `submission` object.
  function publish(path, ex) {
    const target = H.submission;
    const put = (name, value) => {
      defProp(target, name, { value, writable: true, enumerable: true, configurable: true });
      if (!hasOwn(G, name) && !declaredGlobally(name)) defProp(G, name, { value, writable: true, enumerable: false, configurable: true });
    };
    if (typeof ex === "function") {
      put("default", ex);
      if (fnName(ex)) put(fnName(ex), ex);
    }
    if (ex === null || (typeof ex !== "object" && typeof ex !== "function")) return;
    const keys = ownKeys(ex);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (typeof k !== "string" || !call(isEnumerable, ex, k)) continue;
      const v = ex[k];
      if (k === "default" && typeof v === "function" && fnName(v) && fnName(v) !== "default") put(fnName(v), v);
      put(k, v);
    }
  }
  return { require, publish };
})
