// One value as text, the same in Node and in the sandbox: the differential tests compare these.
function describe(v) {
  const seen = [];
  function d(x) {
    if (x === undefined) return "undefined";
    if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
    if (typeof x === "bigint") return x + "n";
    if (typeof x === "string") return JSON.stringify(x);
    if (typeof x === "boolean" || x === null) return String(x);
    if (typeof x === "symbol") return x.toString();
    if (typeof x === "function") return "function " + x.name;
    if (seen.includes(x)) return "[Circular]";
    seen.push(x);
    let out;
    if (Array.isArray(x)) out = "[" + x.map(d).join(", ") + "]";
    else if (x instanceof Map) out = "Map {" + [...x].map(([k, e]) => d(k) + " => " + d(e)).join(", ") + "}";
    else if (x instanceof Set) out = "Set {" + [...x].map(d).join(", ") + "}";
    else if (x instanceof Date) out = "Date(" + (isNaN(x) ? "Invalid" : x.toISOString()) + ")";
    else if (x instanceof RegExp) out = String(x);
    else if (x instanceof Error) out = x.name + ": " + x.message;
    else if (ArrayBuffer.isView(x)) out = Object.prototype.toString.call(x) + "[" + Array.from(x).join(", ") + "]";
    else {
      const tag = Object.prototype.toString.call(x);
      out = (tag === "[object Object]" ? "" : tag + " ") + "{" + Object.keys(x).map((k) => JSON.stringify(k) + ": " + d(x[k])).join(", ") + "}";
    }
    seen.pop();
    return out;
  }
  return d(v);
}
