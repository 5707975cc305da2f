// Helpers several libraries need: guarded reads of names, through own data properties only
// (no getters, no proxies of ours).
(function (K, H) {
  "use strict";
  const { getDesc, getProto, objectProto } = K;
  const { call } = H;
  function fnName(f) {
    const d = getDesc(f, "name");
    return d && typeof d.value === "string" ? d.value : "";
  }
  function tryCall(fn, self) { try { return call(fn, self); } catch (e) { return undefined; } }
  // A class name: "Object" for plain objects, null for a null prototype.
  function ctorName(o) {
    const p = getProto(o);
    if (p === null) return null;
    if (p === objectProto) return "Object";
    const d = getDesc(p, "constructor");
    if (d && typeof d.value === "function") {
      const n = getDesc(d.value, "name");
      if (n && typeof n.value === "string" && n.value) return n.value;
    }
    return "Object";
  }
  return { fnName, tryCall, ctorName };
})
