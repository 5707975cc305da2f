// Rebuilds a value from the wire (the format is described in lib/encode.js), for `check`
// predicates that run on a copy of a result in a clean sandbox. The wire is data written by the
// student's sandbox, so nothing in it is ever executed or looked up by name: constructors come
// from fixed allowlists chosen by tag, properties are defined (never assigned, so no setter and
// no `__proto__` runs), and anything malformed becomes undefined.
(function (K, H) {
  "use strict";
  const { G, isArray, Num, create, defProp, hasOwn, freeze, BigIntFn, SymbolFn, DateCtor, RegExpCtor, MapCtor, SetCtor,
    mapSet, U8, isInteger, Str } = K;
  const { call } = H;
  const setAdd = SetCtor.prototype.add;
  // Read once, when this library is compiled: only clean sandboxes use it.
  const ERRORS = create(null), TYPED = create(null);
  const errorNames = ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"];
  for (let i = 0; i < errorNames.length; i++) ERRORS[errorNames[i]] = G[errorNames[i]];
  const typedNames = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
    "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"];
  for (let i = 0; i < typedNames.length; i++) if (typeof G[typedNames[i]] === "function") TYPED[typedNames[i]] = G[typedNames[i]];
  freeze(ERRORS);
  freeze(TYPED);

  function put(o, key, value) {
    defProp(o, Str(key), { value, writable: true, enumerable: true, configurable: true });
  }
  const str = (x) => (typeof x === "string" ? x : "");
  const arr = (x) => (isArray(x) ? x : []);

  function decode(wire) {
    const nodes = arr(arr(wire)[1]);
    const used = create(null);
    const ancestors = [];
    function child(w) {
      if (!isArray(w)) return typeof w === "object" && w !== null ? undefined : w;
      switch (w[0]) {
        case "u": return undefined;
        case "n": return w[1] === "-0" ? -0 : w[1] === "NaN" ? NaN : w[1] === "Infinity" ? Infinity : w[1] === "-Infinity" ? -Infinity : undefined;
        case "b": try { return BigIntFn(str(w[1])); } catch (e) { return undefined; }
        case "y": return SymbolFn(str(w[1]));
        case "f": { const f = function () {}; defProp(f, "name", { value: str(w[1]) }); return f; }
        case "c": return isInteger(w[1]) && w[1] >= 1 && w[1] <= ancestors.length ? ancestors[ancestors.length - w[1]] : undefined;
        case "d": return new DateCtor(typeof w[1] === "string" ? w[1] : NaN);
        case "r": try { return new RegExpCtor(str(w[1]), str(w[2])); } catch (e) { return undefined; }
        case "t": {
          const C = hasOwn(TYPED, w[1]) ? TYPED[w[1]] : null;
          if (C === null) return undefined;
          const items = arr(w[2]);
          const out = new C(items.length);
          for (let i = 0; i < items.length; i++) {
            try { out[i] = typeof items[i] === "string" ? BigIntFn(items[i]) : Num(items[i]); } catch (e) { /* wrong kind */ }
          }
          return out;
        }
        case "B": {
          const bytes = arr(w[1]);
          const view = new U8(bytes.length);
          for (let i = 0; i < bytes.length; i++) view[i] = Num(bytes[i]);
          return view.buffer;
        }
        case "@": return container(w[1]);
      }
      return undefined;
    }
    function container(at) {
      if (!isInteger(at) || at < 0 || at >= nodes.length || used[at]) return undefined;
      used[at] = true;
      const n = arr(nodes[at]);
      let made;
      switch (n[0]) {
        case "a": made = []; break;
        case "s": made = []; break;
        case "o": made = n[1] === null ? create(null) : {}; break;
        case "m": made = new MapCtor(); break;
        case "S": made = new SetCtor(); break;
        case "e": {
          const name = str(n[1]);
          const C = hasOwn(ERRORS, name) ? ERRORS[name] : ERRORS.Error;
          made = new C(str(n[2]));
          if (made.name !== name) defProp(made, "name", { value: name, writable: true, enumerable: false, configurable: true });
          break;
        }
        default: return undefined;
      }
      ancestors.push(made);
      try {
        if (n[0] === "a") { const items = arr(n[1]); for (let i = 0; i < items.length; i++) put(made, i, child(items[i])); }
        else if (n[0] === "s") {
          const length = n[1];
          if (isInteger(length) && length >= 0 && length <= 4294967295) made.length = length;
          const items = arr(n[2]);
          for (let i = 0; i < items.length; i++) { const p = arr(items[i]); if (isInteger(p[0]) && p[0] < made.length) put(made, p[0], child(p[1])); }
        } else if (n[0] === "m") { const items = arr(n[1]); for (let i = 0; i < items.length; i++) { const p = arr(items[i]); call(mapSet, made, child(p[0]), child(p[1])); } }
        else if (n[0] === "S") { const items = arr(n[1]); for (let i = 0; i < items.length; i++) call(setAdd, made, child(items[i])); }
        else {
          const items = arr(n[0] === "e" ? n[4] : n[2]);
          for (let i = 0; i < items.length; i++) { const p = arr(items[i]); if (typeof p[0] === "string") put(made, p[0], child(p[1])); }
        }
      } finally { ancestors.pop(); }
      return made;
    }
    return child(arr(wire)[0]);
  }
  return { decode };
})
