// structuredClone, as Node has it (the HTML structured clone algorithm): primitives, wrappers,
// Dates, RegExps, Maps, Sets, arrays, plain objects, ArrayBuffers, typed arrays, DataViews and
// errors, with shared references and cycles kept; functions and symbols cannot be cloned. A class
// instance comes back as a plain object, as in Node. Reads no global, only K.
(function (K, H) {
  "use strict";
  const { call } = H;
  const { ownKeys, getDesc, isArray, TypeErr } = K;
  const tag = (v) => call(K.objectProtoToString, v);
  const ERRORS = { __proto__: null, Error: K.Err, TypeError: K.TypeErr, RangeError: K.RangeErr, EvalError: K.EvalErr,
    ReferenceError: K.RefErr, SyntaxError: K.SyntaxErr, URIError: K.URIErr };
  const VALUE_OF = { __proto__: null, "[object Boolean]": K.boolValueOf, "[object Number]": K.numValueOf, "[object String]": K.strValueOf,
    "[object BigInt]": K.bigValueOf };
  class DataCloneError extends K.Err {}
  K.defProp(DataCloneError.prototype, "name", { value: "DataCloneError", writable: true, configurable: true });
  function uncloneable(v) {
    let text;
    try { text = typeof v === "symbol" ? call(K.symToString, v) : call(K.fnToString, v); } catch (e) { text = "value"; }
    return new DataCloneError(text + " could not be cloned.");
  }
  function structuredClone(value, options) {
    if (arguments.length === 0) throw new TypeErr("The value argument must be specified");
    const memory = new K.MapCtor();
    function clone(v) {
      if (typeof v === "symbol" || typeof v === "function") throw uncloneable(v);
      if (v === null || typeof v !== "object") return v;
      const seen = call(K.mapGet, memory, v);
      if (seen !== undefined) return seen;
      const t = tag(v);
      let out;
      switch (t) {
        case "[object Boolean]": case "[object Number]": case "[object String]": case "[object BigInt]":
          out = K.O(call(VALUE_OF[t], v)); break;
        case "[object Date]": out = new K.DateCtor(call(K.dateTime, v)); break;
        case "[object RegExp]": out = new K.RegExpCtor(call(K.reSource, v), call(K.reFlags, v)); break;
        case "[object ArrayBuffer]": out = call(K.abSlice, v, 0); break;
        case "[object Map]": {
          out = new K.MapCtor();
          call(K.mapSet, memory, v, out);
          const entries = [];
          call(K.mapForEach, v, (val, key) => { entries[entries.length] = [key, val]; });
          for (let i = 0; i < entries.length; i++) call(K.mapSet, out, clone(entries[i][0]), clone(entries[i][1]));
          return out;
        }
        case "[object Set]": {
          out = new K.SetCtor();
          call(K.mapSet, memory, v, out);
          const items = [];
          call(K.setForEach, v, (val) => { items[items.length] = val; });
          for (let i = 0; i < items.length; i++) call(K.setAdd, out, clone(items[i]));
          return out;
        }
        case "[object Error]": {
          const name = v.name, Ctor = ERRORS[name] || K.Err;
          out = new Ctor(v.message === undefined ? undefined : K.Str(v.message));
          call(K.mapSet, memory, v, out);
          const stack = getDesc(v, "stack");
          if (stack && "value" in stack) K.defProp(out, "stack", { value: stack.value, writable: true, configurable: true });
          if (K.hasOwn(v, "cause")) K.defProp(out, "cause", { value: clone(v.cause), writable: true, configurable: true });
          return out;
        }
        default:
          if (K.isView(v)) {
            if (t === "[object DataView]") out = new K.DataViewCtor(clone(v.buffer), v.byteOffset, v.byteLength);
            else { const C = K.typedCtors[call(K.typedTag, v)]; out = new C(clone(v.buffer), v.byteOffset, call(K.typedLength, v)); }
            break;
          }
          if (isArray(v)) out = new K.ArrayCtor(v.length);
          else if (t === "[object Object]" || t === "[object Arguments]") out = {};
          else throw uncloneable(v);
      }
      call(K.mapSet, memory, v, out);
      if (t === "[object Object]" || t === "[object Arguments]" || isArray(v)) {
        const keys = ownKeys(v);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          if (typeof k !== "string") continue;
          const d = getDesc(v, k);
          if (!d || !d.enumerable) continue;
          K.defProp(out, k, { value: clone(v[k]), writable: true, enumerable: true, configurable: true });
        }
      }
      return out;
    }
    if (options !== undefined && options !== null && typeof options !== "object") throw new TypeErr("The \"options\" argument must be of type object.");
    return clone(value);
  }
  return { structuredClone };
})
