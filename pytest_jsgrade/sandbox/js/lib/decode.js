// Rebuilds a value from the wire format, for `check` predicates that run on a copy of a result
// in a clean sandbox (no student code ever runs where this is used).
(function (K, H) {
  "use strict";
  const { G, isArray, Num, create } = K;
  function decode(w) {
    if (!isArray(w)) return w;
    switch (w[0]) {
      case "u": return undefined;
      case "n": return w[1] === "-0" ? -0 : Num(w[1]);
      case "b": return BigInt(w[1]);
      case "y": return Symbol(w[1]);
      case "f": { const f = function () {}; Object.defineProperty(f, "name", { value: w[1] }); return f; }
      case "c": return undefined;
      case "a": return w[2].map(decode);
      case "s": { const a = []; a.length = w[1]; for (const [i, v] of w[2]) a[i] = decode(v); return a; }
      case "m": return new Map(w[1].map(([k, v]) => [decode(k), decode(v)]));
      case "S": return new Set(w[1].map(decode));
      case "d": return new Date(w[1] === null ? NaN : w[1]);
      case "r": return new RegExp(w[1], w[2]);
      case "t": return new G[w[1]](w[2].map((x) => (typeof x === "string" ? BigInt(x) : decode(x))));
      case "B": return new Uint8Array(w[1]).buffer;
      case "e": {
        const C = typeof G[w[1]] === "function" ? G[w[1]] : Error;
        const e = new C(w[2]);
        for (const [k, v] of w[4]) e[k] = decode(v);
        return e;
      }
      case "o": {
        const o = w[1] === null ? create(null) : {};
        for (const [k, v] of w[2]) o[k] = decode(v);
        return o;
      }
    }
    return undefined;
  }
  return { decode };
})
