// console formatting, like Node's util.format / util.inspect for the values students print.
(function (K, H) {
  "use strict";
  const { ownKeys, getProto, getDesc, hasOwn, is, isArray, stringify, Str, Num, floor, min: mathMin,
    isEnumerable, fnToString, strSlice, strIndexOf, strReplace, reTest, mapSize, mapForEach, setSize, setForEach,
    dateTime, dateISO, symDesc, bigToString } = K;
  const { list, call } = H;
  const { tryCall, fnName, ctorName } = H.lib("shared");
  function quote(s) {
    const q = call(strIndexOf, s, "'") === -1 ? "'" : (call(strIndexOf, s, '"') === -1 ? '"' : "`");
    const body = call(strSlice, stringify(s), 1, -1);
    return q + (q === '"' ? body : call(strReplace, call(strReplace, body, /\\"/g, '"'), q === "'" ? /'/g : /`/g, "\\" + q)) + q;
  }
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  function keyText(k) { return call(reTest, IDENTIFIER, k) ? k : quote(k); }
  function inspect(v, depth, seen) {
    switch (typeof v) {
      case "string": return depth === 0 ? v : quote(v);
      case "number": return is(v, -0) ? "-0" : Str(v);
      case "bigint": return call(bigToString, v) + "n";
      case "symbol": return "Symbol(" + (call(symDesc, v) ?? "") + ")";
      case "undefined": return "undefined";
      case "boolean": return v ? "true" : "false";
      case "function": {
        let src = "";
        try { src = call(fnToString, v); } catch (e) { /* ignore */ }
        const n = fnName(v);
        return call(strSlice, src, 0, 5) === "class" ? "[class " + (n || "(anonymous)") + "]" : "[Function: " + (n || "(anonymous)") + "]";
      }
    }
    if (v === null) return "null";
    seen = seen || list();
    for (let i = 0; i < seen.length; i++) if (seen[i] === v) return "[Circular]";
    const nested = depth >= 3;
    try {
      seen[seen.length] = v;
      if (isArray(v)) {
        if (nested) return "[Array]";
        if (v.length === 0) return "[]";
        const parts = list();
        const n = mathMin(v.length, 100);
        for (let i = 0; i < n; i++) parts[parts.length] = hasOwn(v, i) ? inspect(v[i], depth + 1, seen) : "<1 empty item>";
        if (v.length > n) parts[parts.length] = "... " + (v.length - n) + " more items";
        return "[ " + join(parts) + " ]";
      }
      const size = tryCall(mapSize, v);
      if (size !== undefined) {
        if (nested) return "[Map]";
        const parts = list();
        call(mapForEach, v, (val, key) => { parts[parts.length] = inspect(key, depth + 1, seen) + " => " + inspect(val, depth + 1, seen); });
        return "Map(" + size + ") " + (size ? "{ " + join(parts) + " }" : "{}");
      }
      const ssize = tryCall(setSize, v);
      if (ssize !== undefined) {
        if (nested) return "[Set]";
        const parts = list();
        call(setForEach, v, (val) => { parts[parts.length] = inspect(val, depth + 1, seen); });
        return "Set(" + ssize + ") " + (ssize ? "{ " + join(parts) + " }" : "{}");
      }
      const time = tryCall(dateTime, v);
      if (time !== undefined) return time === time ? call(dateISO, v) : "Invalid Date";
      if (H.lib("errors").isError(v)) {
        const t = H.lib("errors").thrownInfo(v);
        return t.stack && call(strIndexOf, t.stack, "    at ") !== -1 ? t.name + ": " + t.message + "\n" + t.stack : t.name + ": " + t.message;
      }
      const name = ctorName(v);
      if (nested) return "[" + (name ?? "Object") + "]";
      const parts = list();
      const keys = ownKeys(v);
      const namespace = name === null && H.isNamespace(v);  // an ES module's namespace shows its values, as in Node
      for (let i = 0; i < keys.length && parts.length < 100; i++) {
        const k = keys[i];
        if (typeof k !== "string" || !call(isEnumerable, v, k)) continue;
        const d = getDesc(v, k);
        let shown;
        if (namespace) {
          try { shown = inspect(v[k], depth + 1, seen); } catch (e) { shown = "<uninitialized>"; }
        } else shown = d && hasOwn(d, "value") ? inspect(d.value, depth + 1, seen) : "[Getter]";
        parts[parts.length] = keyText(k) + ": " + shown;
      }
      const prefix = name === "Object" ? "" : (namespace ? "[Module: null prototype] " : name === null ? "[Object: null prototype] " : name + " ");
      return prefix + (parts.length ? "{ " + join(parts) + " }" : "{}");
    } catch (e) {
      return "[unprintable value]";
    } finally {
      seen.length--;
    }
  }
  function join(parts, sep = ", ") {
    let s = "";
    for (let i = 0; i < parts.length; i++) s += (i ? sep : "") + parts[i];
    return s;
  }
  function format(args) {
    let s = "", i = 0;
    if (typeof args[0] === "string" && call(strIndexOf, args[0], "%") !== -1) {
      const f = args[0];
      i = 1;
      for (let j = 0; j < f.length; j++) {
        const c = f[j];
        if (c !== "%" || j + 1 >= f.length) { s += c; continue; }
        const d = f[++j];
        if (d === "%") { s += "%"; continue; }
        if (d === "c") { i++; continue; }
        if (call(strIndexOf, "sdifjoO", d) !== -1 && i < args.length) {
          const a = args[i++];
          if (d === "s") s += typeof a === "string" ? a : inspect(a, 1);
          else if (d === "d" || d === "i") s += typeof a === "bigint" ? call(bigToString, a) + "n" : Str(d === "i" ? floor(Num(a)) : Num(a));
          else if (d === "f") s += Str(Num(a));
          else if (d === "j") { try { s += stringify(a); } catch (e) { s += "[Circular]"; } }
          else s += inspect(a, 1);
          continue;
        }
        s += "%" + d;
      }
    }
    for (; i < args.length; i++) s += (s.length || i > 0 ? " " : "") + inspect(args[i], 0);
    return s;
  }
  return { inspect, format };
})
