// CommonJS require() for the submission: it resolves submission files only.
(function (K, H) {
  "use strict";
  const { apply, defProp, hasOwn, Str, Err, MapCtor, mapGet, mapSet, strSlice, strRepeat, indirectEval, parseJSON } = K;
  const { list, call } = H;
  const sources = H.config.files, entries = H.entries, modules = new MapCtor();

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
  return { require };
})
