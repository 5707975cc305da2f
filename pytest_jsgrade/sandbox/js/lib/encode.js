// The full encoder: any value as the wire text the grader decodes (grading/values.py, lib/decode.js).
// The core (harness.js) encodes common values itself and comes here for everything else.
//
// The wire is flat, so that no value, however deep, nests the JSON text more than a few levels:
//   wire  = [child, [node, ...]]
//   child = a JSON string, true, false, null, a finite number other than -0
//         | ["u"] | ["n", "NaN" | "Infinity" | "-Infinity" | "-0"] | ["b", digits] | ["y", description]
//         | ["f", name, isClass] | ["c", levelsUp] | ["d", iso | null] | ["r", source, flags]
//         | ["t", typedArrayName, [number or digits, ...]] | ["B", [byte, ...]]
//         | ["@", index]  (a container: node number `index`, always after its parent's, used once)
//   node  = ["a", [child, ...]] | ["s", length, [[index, child], ...]] | ["o", className | null, [[key, child], ...]]
//         | ["m", [[child, child], ...]] | ["S", [child, ...]] | ["e", name, message, className, [[key, child], ...]]
// Every count in the text is one this encoder computed (it writes the children it read, never a
// length it was told), every string goes through JSON.stringify, and every tag is a literal here.
(function (K, H) {
  "use strict";
  const { ownKeys, getProto, getDesc, hasOwn, is, isArray, stringify, isInteger, floor, Str, isEnumerable,
    fnToString, strSlice, mapSize, mapForEach, setSize, setForEach, dateTime, dateISO, reSource, reFlags, typedTag,
    typedLength, abLength, U8, symDesc, bigToString } = K;
  const { list, call } = H;
  const { tryCall, fnName, ctorName } = H.lib("shared");
  const MAX_NODES = 200000, MAX_DEPTH = 1000, MAX_CHARS = 4000000, MAX_ARRAY_LENGTH = 4294967295;
  class TooLarge { constructor(why) { this.why = why; } }
  class Unreadable { constructor(why) { this.why = why; } }

  function encode(root) {
    let nodes = 0, chars = 0;
    const ancestors = list(), table = list();
    function str(s) {
      chars += s.length;
      if (chars > MAX_CHARS) throw new TooLarge("it holds more than " + MAX_CHARS + " characters");
      return stringify(s);
    }
    // A container: its node number is taken before its children are encoded (they come after it).
    function node(build) {
      const at = table.length;
      table[at] = "";
      table[at] = build();
      return '["@",' + at + "]";
    }
    function props(o) {
      let out = "[", first = true;
      const keys = ownKeys(o);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (typeof k !== "string" || !call(isEnumerable, o, k)) continue;
        const d = getDesc(o, k);
        let v;
        if (d === undefined) continue;
        if (hasOwn(d, "value")) v = d.value;
        else if (d.get === undefined) v = undefined;
        else {
          try { v = call(d.get, o); }
          catch (e) { throw new Unreadable("reading property " + stringify(k) + " threw " + H.lib("errors").describeThrown(e)); }
        }
        out += (first ? "" : ",") + "[" + str(k) + "," + enc(v) + "]";
        first = false;
      }
      return out + "]";
    }
    function enc(v) {
      if (++nodes > MAX_NODES) throw new TooLarge("it has more than " + MAX_NODES + " parts");
      switch (typeof v) {
        case "string": return str(v);
        case "boolean": return v ? "true" : "false";
        case "number":
          if (v !== v) return '["n","NaN"]';
          if (v === Infinity) return '["n","Infinity"]';
          if (v === -Infinity) return '["n","-Infinity"]';
          if (is(v, -0)) return '["n","-0"]';
          return "" + v;
        case "undefined": return '["u"]';
        case "bigint": return '["b",' + str(call(bigToString, v)) + "]";
        case "symbol": return '["y",' + str(call(symDesc, v) ?? "") + "]";
        case "function": {
          let src = "";
          try { src = call(fnToString, v); } catch (e) { /* a revoked proxy */ }
          return '["f",' + str(fnName(v)) + "," + (call(strSlice, src, 0, 5) === "class" ? "true" : "false") + "]";
        }
      }
      if (v === null) return "null";
      for (let i = 0; i < ancestors.length; i++) if (ancestors[i] === v) return '["c",' + (ancestors.length - i) + "]";
      if (ancestors.length >= MAX_DEPTH) throw new TooLarge("it is nested deeper than " + MAX_DEPTH + " levels");
      ancestors[ancestors.length] = v;
      try { return encObject(v); } finally { ancestors.length--; }
    }
    function arrayLength(v) {
      const n = v.length;  // a Proxy of an array can answer anything here
      if (typeof n !== "number" || n !== floor(n) || n < 0 || n > MAX_ARRAY_LENGTH) {
        throw new Unreadable("it is an array whose length is not an array length");
      }
      return n;
    }
    function encObject(v) {
      if (isArray(v)) {
        const len = arrayLength(v);
        let dense = len <= MAX_NODES;
        if (dense) for (let i = 0; i < len; i++) if (!hasOwn(v, i)) { dense = false; break; }
        if (dense) {
          return node(() => {
            let out = '["a",[';
            for (let i = 0; i < len; i++) out += (i ? "," : "") + enc(v[i]);
            return out + "]]";
          });
        }
        return node(() => {
          let out = '["s",' + len + ",[", first = true;
          const keys = ownKeys(v);
          for (let i = 0; i < keys.length; i++) {
            const k = keys[i];
            if (typeof k !== "string" || k === "length") continue;
            const n = +k;
            if (!isInteger(n) || n < 0 || n >= len || Str(n) !== k) continue;
            const d = getDesc(v, k);
            out += (first ? "" : ",") + "[" + Str(n) + "," + enc(d && hasOwn(d, "value") ? d.value : undefined) + "]";
            first = false;
          }
          return out + "]]";
        });
      }
      if (tryCall(mapSize, v) !== undefined) {
        return node(() => {
          let out = '["m",[', first = true;
          call(mapForEach, v, (val, key) => { out += (first ? "" : ",") + "[" + enc(key) + "," + enc(val) + "]"; first = false; });
          return out + "]]";
        });
      }
      if (tryCall(setSize, v) !== undefined) {
        return node(() => {
          let out = '["S",[', first = true;
          call(setForEach, v, (val) => { out += (first ? "" : ",") + enc(val); first = false; });
          return out + "]]";
        });
      }
      const time = tryCall(dateTime, v);
      if (time !== undefined) return '["d",' + (time === time ? stringify(call(dateISO, v)) : "null") + "]";
      const source = tryCall(reSource, v);
      if (source !== undefined && v !== K.RegExpCtor.prototype) return '["r",' + str(source) + "," + str(call(reFlags, v)) + "]";
      const tag = tryCall(typedTag, v);
      if (tag !== undefined) {
        const n = call(typedLength, v);
        if (n > MAX_NODES) throw new TooLarge("it is a " + tag + " of " + n + " elements");
        let out = '["t",' + stringify(tag) + ",[";
        for (let i = 0; i < n; i++) { const x = v[i]; out += (i ? "," : "") + (typeof x === "bigint" ? str(call(bigToString, x)) : enc(x)); }
        return out + "]]";
      }
      const bytes = tryCall(abLength, v);
      if (bytes !== undefined) {
        if (bytes > MAX_NODES) throw new TooLarge("it is an ArrayBuffer of " + bytes + " bytes");
        const view = new U8(v);
        let out = '["B",[';
        for (let i = 0; i < bytes; i++) out += (i ? "," : "") + view[i];
        return out + "]]";
      }
      if (H.lib("errors").isError(v)) {
        return node(() => {
          const name = getDesc(v, "name") ?? getDesc(getProto(v), "name");
          const msg = getDesc(v, "message");
          return '["e",' + str(name && typeof name.value === "string" ? name.value : "Error") + "," +
            str(msg && typeof msg.value === "string" ? H.lib("errors").clip(msg.value, 4000) : "") + "," +
            str(ctorName(v) ?? "Error") + "," + props(v) + "]";
        });
      }
      const name = ctorName(v);
      return node(() => '["o",' + (name === null ? "null" : str(name)) + "," + props(v) + "]");
    }
    try {
      const rootText = enc(root);
      let text = "[" + rootText + ",[";
      for (let i = 0; i < table.length; i++) text += (i ? "," : "") + table[i];
      return { ok: true, text: text + "]]" };
    } catch (e) {
      if (e instanceof TooLarge) return { ok: false, kind: "too_large", why: e.why };
      if (e instanceof Unreadable) return { ok: false, kind: "unreadable", why: e.why };
      // A trap or accessor of the value threw: the value cannot be read. The engine's own limits
      // (out of memory, too much recursion) stay what they are.
      const info = H.lib("errors").thrownInfo(e);
      if (info.name === "InternalError" || (info.name === "RangeError" && call(K.strIndexOf, info.message, "call stack") !== -1)) throw e;
      return { ok: false, kind: "unreadable", why: "reading it threw " + (info.isError ? info.name + ": " + info.message : info.message) };
    }
  }

  return { encode };
})
