// The grader's side of every sandbox. It runs first, before any submission code, and
// keeps private references to every builtin it uses, so a submission that replaces
// JSON, Object.keys, Array.prototype methods or Function.prototype.call cannot change
// what the grader sees. Everything the grader needs is reached through the frozen,
// non-writable global `__jsgrade`; nothing else of the grader is visible to the student.
(function (CONFIG_TEXT) {
  "use strict";
  const G = globalThis, CONFIG = JSON.parse(CONFIG_TEXT), TOKEN = CONFIG.token;
  const O = Object, R = Reflect, apply = R.apply, ownKeys = R.ownKeys;
  const getProto = O.getPrototypeOf, setProto = O.setPrototypeOf, getDesc = O.getOwnPropertyDescriptor;
  const defProp = O.defineProperty, freeze = O.freeze, hasOwn = O.hasOwn, is = O.is, isArray = Array.isArray;
  const stringify = JSON.stringify, parseJSON = JSON.parse, Str = String, Num = Number, Err = Error;
  const objectProto = O.prototype, errorProto = Err.prototype, isEnumerable = objectProto.propertyIsEnumerable;
  const fnToString = Function.prototype.toString, strSlice = String.prototype.slice;
  const strIndexOf = String.prototype.indexOf, strReplace = String.prototype.replace;
  const mapSize = getDesc(Map.prototype, "size").get, mapForEach = Map.prototype.forEach;
  const setSize = getDesc(Set.prototype, "size").get, setForEach = Set.prototype.forEach;
  const dateTime = Date.prototype.getTime, dateISO = Date.prototype.toISOString;
  const reSource = getDesc(RegExp.prototype, "source").get, reFlags = getDesc(RegExp.prototype, "flags").get;
  const typedProto = getProto(Uint8Array.prototype);
  const typedTag = getDesc(typedProto, Symbol.toStringTag).get, typedLength = getDesc(typedProto, "length").get;
  const abLength = getDesc(ArrayBuffer.prototype, "byteLength").get, U8 = Uint8Array;
  const symDesc = getDesc(Symbol.prototype, "description").get, bigToString = BigInt.prototype.toString;
  const promiseThen = Promise.prototype.then, PromiseCtor = Promise, promiseResolve = Promise.resolve;
  const MapCtor = Map, mapGet = Map.prototype.get, mapSet = Map.prototype.set, mapDelete = Map.prototype.delete;
  const strRepeat = String.prototype.repeat, indirectEval = G.eval;
  const stackGetter = (getDesc(errorProto, "stack") || {}).get;
  const mathMin = Math.min, floor = Math.floor, isInteger = Num.isInteger;
  const MAX_NODES = 200000, MAX_DEPTH = 1000, MAX_CHARS = 4000000, MAX_MESSAGE = 4000;

  // A list the student cannot observe: no prototype, so no inherited setters on indices.
  function list() { return setProto([], null); }
  function call(fn, self, ...args) { return apply(fn, self, args); }
  function tryCall(fn, self) { try { return call(fn, self); } catch (e) { return undefined; } }
  function clip(s, n) { return s.length > n ? call(strSlice, s, 0, n) + "…" : s; }

  class TooLarge { constructor(why) { this.why = why; } }
  class Unreadable { constructor(why) { this.why = why; } }

  function ctorName(o) {
    // Walk to the constructor by own data properties only: no getters, no proxies of ours.
    let p = getProto(o);
    if (p === null) return null;
    if (p === objectProto) return "Object";
    const d = getDesc(p, "constructor");
    if (d && typeof d.value === "function") {
      const n = getDesc(d.value, "name");
      if (n && typeof n.value === "string" && n.value) return n.value;
    }
    return "Object";
  }
  function isError(o) {
    for (let p = getProto(o), i = 0; p !== null && i < 100; p = getProto(p), i++) if (p === errorProto) return true;
    return false;
  }
  function fnName(f) {
    const d = getDesc(f, "name");
    return d && typeof d.value === "string" ? d.value : "";
  }

  // Encodes any value as the compact, tagged JSON text the grader decodes (values.py).
  function encode(root) {
    let nodes = 0, chars = 0;
    const ancestors = list();
    function str(s) {
      chars += s.length;
      if (chars > MAX_CHARS) throw new TooLarge("it holds more than " + MAX_CHARS + " characters");
      return stringify(s);
    }
    function props(o, skipIndices) {
      let out = "[", first = true;
      const keys = ownKeys(o);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (typeof k !== "string" || !call(isEnumerable, o, k)) continue;
        if (skipIndices && k !== "" && (k === "0" || (k[0] !== "0" && isInteger(+k) && +k >= 0))) continue;
        const d = getDesc(o, k);
        let v;
        if (d === undefined) continue;
        if (hasOwn(d, "value")) v = d.value;
        else if (d.get === undefined) v = undefined;
        else {
          try { v = call(d.get, o); }
          catch (e) { throw new Unreadable("reading property " + stringify(k) + " threw " + describeThrown(e)); }
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
        case "bigint": return '["b",' + stringify(call(bigToString, v)) + "]";
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
    function encObject(v) {
      if (isArray(v)) {
        const len = v.length;
        let dense = len <= MAX_NODES;
        if (dense) for (let i = 0; i < len; i++) if (!hasOwn(v, i)) { dense = false; break; }
        if (dense) {
          let out = '["a",' + len + ",[";
          for (let i = 0; i < len; i++) out += (i ? "," : "") + enc(v[i]);
          return out + "]," + props(v, true) + "]";
        }
        let out = '["s",' + len + ",[", first = true;
        const keys = ownKeys(v);
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i];
          if (typeof k !== "string" || k === "length") continue;
          const n = +k;
          if (!isInteger(n) || n < 0 || Str(n) !== k) continue;
          const d = getDesc(v, k);
          out += (first ? "" : ",") + "[" + k + "," + enc(d && hasOwn(d, "value") ? d.value : undefined) + "]";
          first = false;
        }
        return out + "]]";
      }
      const size = tryCall(mapSize, v);
      if (size !== undefined) {
        let out = '["m",[', first = true;
        call(mapForEach, v, (val, key) => { out += (first ? "" : ",") + "[" + enc(key) + "," + enc(val) + "]"; first = false; });
        return out + "]]";
      }
      if (tryCall(setSize, v) !== undefined) {
        let out = '["S",[', first = true;
        call(setForEach, v, (val) => { out += (first ? "" : ",") + enc(val); first = false; });
        return out + "]]";
      }
      const time = tryCall(dateTime, v);
      if (time !== undefined) return '["d",' + (time === time ? stringify(call(dateISO, v)) : "null") + "]";
      const source = tryCall(reSource, v);
      if (source !== undefined && v !== RegExp.prototype) return '["r",' + str(source) + "," + str(call(reFlags, v)) + "]";
      const tag = call(typedTag, v);
      if (tag !== undefined) {
        const n = call(typedLength, v);
        if (n > MAX_NODES) throw new TooLarge("it is a " + tag + " of " + n + " elements");
        let out = '["t",' + stringify(tag) + ",[";
        for (let i = 0; i < n; i++) { const x = v[i]; out += (i ? "," : "") + (typeof x === "bigint" ? stringify(call(bigToString, x)) : enc(x)); }
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
      if (isError(v)) {
        const name = getDesc(v, "name") ?? getDesc(getProto(v), "name");
        const msg = getDesc(v, "message");
        return '["e",' + str(name && typeof name.value === "string" ? name.value : "Error") + "," +
          str(msg && typeof msg.value === "string" ? clip(msg.value, MAX_MESSAGE) : "") + "," +
          str(ctorName(v) ?? "Error") + "," + props(v, false) + "]";
      }
      const name = ctorName(v);
      return '["o",' + (name === null ? "null" : str(name)) + "," + props(v, false) + "]";
    }
    try { return { ok: true, text: enc(root) }; }
    catch (e) {
      if (e instanceof TooLarge) return { ok: false, kind: "too_large", why: e.why };
      if (e instanceof Unreadable) return { ok: false, kind: "unreadable", why: e.why };
      throw e;
    }
  }

  // What was thrown, as plain data: name, message, stack. Every read is guarded.
  function thrownInfo(e) {
    if (e === null || (typeof e !== "object" && typeof e !== "function")) {
      return { name: null, message: typeof e === "string" ? clip(e, MAX_MESSAGE) : inspect(e, 0), stack: "", isError: false };
    }
    let name = null, message = "", stack = "";
    // Data properties only, except the engine's own `stack` accessor: a hostile getter stays unread.
    const read = (key) => {
      for (let p = e, i = 0; p !== null && i < 100; p = getProto(p), i++) {
        const d = getDesc(p, key);
        if (d) return hasOwn(d, "value") ? d.value : (d.get === stackGetter ? call(stackGetter, e) : undefined);
      }
      return undefined;
    };
    try { const n = read("name"); if (typeof n === "string") name = n; } catch (x) { /* a proxy trap threw */ }
    try { const m = read("message"); if (typeof m === "string") message = clip(m, MAX_MESSAGE); } catch (x) { /* idem */ }
    try { const s = read("stack"); if (typeof s === "string") stack = clip(s, 20000); } catch (x) { /* idem */ }
    const error = isError(e);
    if (!error) message = message || inspect(e, 0);
    return { name: error ? (name ?? "Error") : name, message, stack, isError: error };
  }
  function describeThrown(e) {
    const t = thrownInfo(e);
    return t.isError ? t.name + ": " + t.message : t.message;
  }

  // The grader's own results as JSON text. Only strings go through JSON.stringify: an
  // inherited toJSON (Object.prototype.toJSON = ...) must not reach the grader's data.
  function dump(v) {
    if (typeof v === "string") return stringify(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return v === v && v !== Infinity && v !== -Infinity ? "" + v : "null";
    if (v === null || typeof v !== "object") return "null";
    let s = "{", first = true;
    const keys = ownKeys(v);
    for (let i = 0; i < keys.length; i++) {
      const d = getDesc(v, keys[i]);
      s += (first ? "" : ",") + stringify(keys[i]) + ":" + dump(d.value);
      first = false;
    }
    return s + "}";
  }

  // A string built by concatenation may be a rope, which the Python binding cannot read.
  function flat(v) { return typeof v === "string" ? call(strSlice, v, 0) : v; }
  function flatDump(v) { return flat(dump(v)); }

  // console: Node-like formatting, captured in order, capped at the case's output limit.
  let out = "", outLength = 0, outExceeded = false;
  const OUTPUT_LIMIT = CONFIG.output;
  function write(text) {
    if (outExceeded) return;
    if (outLength + text.length > OUTPUT_LIMIT) {
      out += call(strSlice, text, 0, OUTPUT_LIMIT - outLength);
      outLength = OUTPUT_LIMIT;
      outExceeded = true;
      return;
    }
    out += text;
    outLength += text.length;
  }
  function quote(s) {
    const q = call(strIndexOf, s, "'") === -1 ? "'" : (call(strIndexOf, s, '"') === -1 ? '"' : "`");
    const body = call(strSlice, stringify(s), 1, -1);
    return q + (q === '"' ? body : call(strReplace, call(strReplace, body, /\\"/g, '"'), q === "'" ? /'/g : /`/g, "\\" + q)) + q;
  }
  function keyText(k) { return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k); }
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
      if (isError(v)) {
        const t = thrownInfo(v);
        return t.stack && call(strIndexOf, t.stack, "    at ") !== -1 ? t.name + ": " + t.message + "\n" + t.stack : t.name + ": " + t.message;
      }
      const name = ctorName(v);
      if (nested) return "[" + (name ?? "Object") + "]";
      const parts = list();
      const keys = ownKeys(v);
      for (let i = 0; i < keys.length && parts.length < 100; i++) {
        const k = keys[i];
        if (typeof k !== "string" || !call(isEnumerable, v, k)) continue;
        const d = getDesc(v, k);
        parts[parts.length] = keyText(k) + ": " + (d && hasOwn(d, "value") ? inspect(d.value, depth + 1, seen) : "[Getter]");
      }
      const prefix = name === "Object" ? "" : (name === null ? "[Object: null prototype] " : name + " ");
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
        if ("sdifjoO".includes(d) && i < args.length) {
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
  // Past the output limit every console call throws, so a flood ends at once instead of at the time limit.
  const log = (...args) => {
    if (!outExceeded) write(format(args) + "\n");
    if (outExceeded) throw new RangeError("console output limit exceeded (" + OUTPUT_LIMIT + " characters)");
  };
  const console = { log, info: log, warn: log, error: log, debug: log, trace: log };

  // Timers on a virtual clock: they fire in due order, one per step, when no job is pending.
  let now = 0, seq = 0;
  const timers = new MapCtor();
  function addTimer(fn, delay, args, repeat) {
    if (typeof fn !== "function") throw new TypeError("The \"callback\" argument must be of type function");
    delay = Num(delay);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    const id = ++seq;
    call(mapSet, timers, id, { fn, at: now + delay, delay, args, repeat, seq: id });
    return id;
  }
  function clearTimer(id) { call(mapDelete, timers, Num(id)); }
  function fireNextTimer() {
    let best = null, bestId = 0;
    call(mapForEach, timers, (t, id) => {
      if (best === null || t.at < best.at || (t.at === best.at && t.seq < best.seq)) { best = t; bestId = id; }
    });
    if (best === null) return false;
    if (best.repeat) { best.at += best.delay; best.seq = ++seq; } else call(mapDelete, timers, bestId);
    if (best.at > now) now = best.at;
    apply(best.fn, undefined, best.args);
    return true;
  }

  // CommonJS for the submission: require() resolves submission files only.
  const sources = CONFIG.files, modules = new MapCtor();
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
    return join(parts, "/");
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
  function newModule(path) {
    const module = { exports: {}, id: path, filename: path, loaded: false };
    call(mapSet, modules, path, module);
    return module;
  }
  function makeRequire(from) {
    return function require(request) {
      const path = resolve(request, from);
      if (path === null) {
        const e = new Err("Cannot find module '" + Str(request) + "': only files of the submission can be required; " +
          "Node's built-in and npm modules are not available in the grader");
        defProp(e, "code", { value: "MODULE_NOT_FOUND", writable: true, configurable: true });
        throw e;
      }
      const hit = call(mapGet, modules, path);
      if (hit) return hit.exports;
      const file = sources[path];
      const module = newModule(path);
      if (call(strSlice, path, -5) === ".json") { module.exports = parseJSON(file.text); return module.exports; }
      const wrapped = call(strRepeat, "\n", file.offset) + CONFIG.wrapper + file.text + "\n})";
      apply(indirectEval(wrapped), module.exports, [module.exports, makeRequire(path), module, path, ""]);
      module.loaded = true;
      return module.exports;
    };
  }
  function declaredGlobally(name) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return true;
    try { indirectEval(name); return true; } catch (e) { return false; }
  }

  // The case itself. Only a caller that knows the per-case token can start it.
  let started = false, settled = false, outcome = null, loadOutcome = null;
  const submissionObject = {};
  function settle(ok, value) {
    if (settled) return;
    settled = true;
    outcome = { ok, value };
  }
  const api = freeze({
    // Before an entry file: a fresh `module`, `exports` and `require` for it.
    enter(path) {
      const module = newModule(path);
      const global = (name, value) => defProp(G, name, { value, writable: true, enumerable: false, configurable: true });
      global("module", module);
      global("exports", module.exports);
      global("require", makeRequire(path));
    },
    // After an entry file: publish its exports by name, unless the file declared that name itself.
    publish(path, namespace) {
      const ex = namespace === undefined ? call(mapGet, modules, path).exports : namespace;
      const target = submissionObject;
      const put = (name, value) => {
        defProp(target, name, { value, writable: true, enumerable: true, configurable: true });
        if (!hasOwn(G, name) && !declaredGlobally(name)) {
          defProp(G, name, { value, writable: true, enumerable: false, configurable: true });
        }
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
    },
    // An ES module's evaluation promise: once it settles, publish the namespace; a rejection is a load error.
    watchLoad(promise, path) {
      loadOutcome = null;
      const fail = (e) => { loadOutcome = { ok: false, error: thrownInfo(e) }; };
      call(promiseThen, promise, () => {
        call(promiseThen, import("<input>"), (ns) => { api.publish(path, ns); loadOutcome = { ok: true }; }, fail);
      }, fail);
    },
    loadResult() { return loadOutcome === null ? "pending" : dump(loadOutcome); },
    // Runs the case's call; a thenable result is awaited through the event loop.
    start(token, fn) {
      if (token !== TOKEN || started) return false;
      started = true;
      let v;
      try { v = fn(); } catch (e) { settle(false, e); return true; }
      if (v !== null && (typeof v === "object" || typeof v === "function")) {
        let then;
        try { then = v.then; } catch (e) { settle(false, e); return true; }
        if (typeof then === "function") {
          let p;
          try { p = call(promiseResolve, PromiseCtor, v); } catch (e) { settle(false, e); return true; }
          call(promiseThen, p, (x) => settle(true, x), (e) => settle(false, e));
          return true;
        }
      }
      settle(true, v);
      return true;
    },
    // One step of the event loop, once no job is pending: 0 done, 1 fired a timer, 2 idle but unsettled.
    // After settlement, intervals stop and queued timeouts still run (as Node runs them before exiting).
    step() {
      if (settled) call(mapForEach, timers, (t, id) => { if (t.repeat) call(mapDelete, timers, id); });
      if (fireNextTimer()) return 1;
      return settled ? 0 : 2;
    },
    // The case's result as JSON text for the grader.
    finish() {
      // Records are built whole: assigning to a fresh object could hit an accessor that a
      // submission defined on Object.prototype.
      const base = { console: out, outputExceeded: outExceeded, settled };
      if (!settled) return dump(base);
      if (!outcome.ok) return dump({ console: out, outputExceeded: outExceeded, settled, state: "threw", error: thrownInfo(outcome.value) });
      const e = encode(outcome.value);
      return dump(e.ok
        ? { console: out, outputExceeded: outExceeded, settled, state: "returned", value: e.text }
        : { console: out, outputExceeded: outExceeded, settled, state: e.kind, why: e.why });
    },
    // For the grader's clean sandboxes: `!js` expected values and `check` predicates.
    encodeValue(v) {
      const e = encode(v);
      return flatDump(e.ok ? { state: "returned", value: e.text } : { state: e.kind, why: e.why });
    },
    decodeValue(text) { return decode(parseJSON(text)); },
    thrown(e) { return dump(thrownInfo(e)); },
  });

  // Rebuilds a value from the wire format, for predicates that run on a copy of a result.
  function decode(w) {
    if (!isArray(w)) return w;
    const t = w[0];
    switch (t) {
      case "u": return undefined;
      case "n": return w[1] === "-0" ? -0 : Num(w[1]);
      case "b": return BigInt(w[1]);
      case "y": return Symbol(w[1]);
      case "f": { const f = function () {}; defProp(f, "name", { value: w[1] }); return f; }
      case "c": return undefined;
      case "a": { const a = []; for (let i = 0; i < w[2].length; i++) a[i] = decode(w[2][i]); for (const [k, v] of w[3]) a[k] = decode(v); return a; }
      case "s": { const a = []; a.length = w[1]; for (const [i, v] of w[2]) a[i] = decode(v); return a; }
      case "m": { const m = new Map(); for (const [k, v] of w[1]) m.set(decode(k), decode(v)); return m; }
      case "S": { const s = new Set(); for (const v of w[1]) s.add(decode(v)); return s; }
      case "d": return new Date(w[1] === null ? NaN : w[1]);
      case "r": return new RegExp(w[1], w[2]);
      case "t": { const C = G[w[1]]; return new C(w[2].map((x) => (typeof x === "string" ? BigInt(x) : decode(x)))); }
      case "B": return new Uint8Array(w[1]).buffer;
      case "e": { const C = typeof G[w[1]] === "function" ? G[w[1]] : Error; const e = new C(w[2]); for (const [k, v] of w[4]) e[k] = decode(v); return e; }
      case "o": {
        const o = w[1] === null ? O.create(null) : {};
        for (const [k, v] of w[2]) o[k] = decode(v);
        return o;
      }
    }
    return undefined;
  }

  G.submission = submissionObject;
  G.console = console;
  G.setTimeout = (fn, delay, ...args) => addTimer(fn, delay, args, false);
  G.setInterval = (fn, delay, ...args) => addTimer(fn, delay, args, true);
  G.setImmediate = (fn, ...args) => addTimer(fn, 0, args, false);
  G.clearTimeout = clearTimer;
  G.clearInterval = clearTimer;
  G.clearImmediate = clearTimer;
  G.queueMicrotask = (fn) => { call(promiseThen, call(promiseResolve, PromiseCtor), () => fn()); };
  G.global = G;
  defProp(G, "__jsgrade", { value: api, writable: false, enumerable: false, configurable: false });
  // Python calls the API through this function, fetched before any student code runs: no
  // property lookup on Function.prototype (call/apply/bind) or on iterators is involved.
  return (name, a, b) => flat(api[name](a, b));
})
