// Publishing a file's exports by name, so a spec's call can use them.
(function (K, H) {
  "use strict";
  const { G, ownKeys, defProp, hasOwn, isEnumerable, indirectEval, reTest } = K;
  const { call } = H;
  const { fnName } = H.lib("shared");
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

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
  return { publish };
})
