// What was thrown, as plain data: name, message, stack. Every read is guarded: only data
// properties are read, except the engine's own `stack` accessor, so a hostile getter stays unread.
(function (K, H) {
  "use strict";
  const { getDesc, getProto, hasOwn, errorProto, strSlice, stackGetter } = K;
  const { call } = H;
  const MAX_MESSAGE = 4000;
  function clip(s, n) { return s.length > n ? call(strSlice, s, 0, n) + "\u2026" : s; }
  function isError(o) {
    for (let p = getProto(o), i = 0; p !== null && i < 100; p = getProto(p), i++) if (p === errorProto) return true;
    return false;
  }
  function thrownInfo(e) {
    if (e === null || (typeof e !== "object" && typeof e !== "function")) {
      return { name: null, message: typeof e === "string" ? clip(e, MAX_MESSAGE) : H.lib("inspect").inspect(e, 0), stack: "", isError: false };
    }
    const read = (key) => {
      for (let p = e, i = 0; p !== null && i < 100; p = getProto(p), i++) {
        const d = getDesc(p, key);
        if (d) return hasOwn(d, "value") ? d.value : (d.get === stackGetter ? call(stackGetter, e) : undefined);
      }
      return undefined;
    };
    let name = null, message = "", stack = "";
    try { const n = read("name"); if (typeof n === "string") name = n; } catch (x) { /* a proxy trap threw */ }
    try { const m = read("message"); if (typeof m === "string") message = clip(m, MAX_MESSAGE); } catch (x) { /* idem */ }
    try { const s = read("stack"); if (typeof s === "string") stack = clip(s, 20000); } catch (x) { /* idem */ }
    const error = isError(e);
    if (!error) message = message || H.lib("inspect").inspect(e, 0);
    return { name: error ? (name ?? "Error") : name, message, stack, isError: error };
  }
  function describeThrown(e) {
    const t = thrownInfo(e);
    return t.isError ? t.name + ": " + t.message : t.message;
  }
  return { thrownInfo, describeThrown, isError, clip };
})
