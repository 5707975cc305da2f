// The grader's side of every sandbox: the small core that runs first, before any submission
// code. It keeps private references (K) to every builtin the grader will ever use, so a
// submission that replaces JSON, Object.keys, Array.prototype methods or Function.prototype.call
// cannot change what the grader sees. Larger parts (js/lib/*.js) are compiled only when a case
// needs them; they are functions of K and the core's helpers (H) and read no global, so
// compiling them after the student's code is as safe as compiling them first.
(function (CONFIG_TEXT, LIBRARY_TEXT) {
  "use strict";
  const G = globalThis, O = Object, R = Reflect, getDesc = O.getOwnPropertyDescriptor;
  delete G.__jsgrade_boot; // where bytecode.py hands this function over, when loaded as bytecode
  const PRELOADED = G.__jsgrade_preload; // libraries bytecode.py read in as bytecode (see `lib`)
  delete G.__jsgrade_preload;
  const getter = (proto, key) => getDesc(proto, key).get;
  const typedProto = O.getPrototypeOf(Uint8Array.prototype);
  const K = O.freeze({
    __proto__: null,
    G, apply: R.apply, ownKeys: R.ownKeys, getProto: O.getPrototypeOf, setProto: O.setPrototypeOf, getDesc,
    defProp: O.defineProperty, freeze: O.freeze, create: O.create, hasOwn: O.hasOwn, is: O.is, isArray: Array.isArray,
    stringify: JSON.stringify, parseJSON: JSON.parse, Str: String, Num: Number, Err: Error, TypeErr: TypeError,
    RangeErr: RangeError, BigIntFn: BigInt, SymbolFn: Symbol, DateCtor: Date, RegExpCtor: RegExp, MapCtor: Map,
    SetCtor: Set, U8: Uint8Array, isInteger: Number.isInteger, floor: Math.floor, min: Math.min,
    objectProto: O.prototype, arrayProto: Array.prototype, errorProto: Error.prototype,
    isEnumerable: O.prototype.propertyIsEnumerable, fnToString: Function.prototype.toString,
    strSlice: String.prototype.slice, strIndexOf: String.prototype.indexOf, strReplace: String.prototype.replace,
    strRepeat: String.prototype.repeat, reTest: RegExp.prototype.test,
    mapSize: getter(Map.prototype, "size"), mapForEach: Map.prototype.forEach, mapGet: Map.prototype.get,
    mapSet: Map.prototype.set, mapDelete: Map.prototype.delete, setSize: getter(Set.prototype, "size"),
    setForEach: Set.prototype.forEach, dateTime: Date.prototype.getTime, dateISO: Date.prototype.toISOString,
    reSource: getter(RegExp.prototype, "source"), reFlags: getter(RegExp.prototype, "flags"),
    typedTag: getter(typedProto, Symbol.toStringTag), typedLength: getter(typedProto, "length"),
    abLength: getter(ArrayBuffer.prototype, "byteLength"), symDesc: getter(Symbol.prototype, "description"),
    bigToString: BigInt.prototype.toString, promiseThen: Promise.prototype.then, PromiseCtor: Promise,
    promiseResolve: Promise.resolve, stackGetter: (getDesc(Error.prototype, "stack") || {}).get, indirectEval: G.eval,
    preventExt: O.preventExtensions, genNext: O.getPrototypeOf(function* () {}).prototype.next,
    genThrow: O.getPrototypeOf(function* () {}).prototype.throw,
  });
  const { apply, ownKeys, getProto, setProto, defProp, hasOwn, is, isArray, stringify, parseJSON, strSlice } = K;
  const CONFIG = parseJSON(CONFIG_TEXT), TOKEN = CONFIG.token;

  // A list the student cannot observe: no prototype, so no inherited setters on indices.
  function list() { return setProto([], null); }
  function call(fn, self, ...args) { return apply(fn, self, args); }

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
      s += (first ? "" : ",") + stringify(keys[i]) + ":" + dump(getDesc(v, keys[i]).value);
      first = false;
    }
    return s + "}";
  }
  // A string built by concatenation may be a rope, which the Python binding cannot read.
  function flat(v) { return typeof v === "string" ? call(strSlice, v, 0) : v; }

  // Libraries, compiled on first use from LIBRARY_TEXT (see the note at the top of this file).
  const loaded = O.create(null);
  const H = O.freeze({ __proto__: null, list, call, lib, submission: {}, config: CONFIG, entries: O.create(null), isNamespace });
  function isNamespace(o) { return loaded.modules ? loaded.modules.isNamespace(o) : false; }
  let LK = K;  // what libraries get: K, or K and the builtins js/ext needs (js/ext/stubs.js)
  let wanted = false;  // a library this case was not handed (see run.py): the case runs again with all of them
  function lib(name) {
    const found = loaded[name];
    if (found) return found;
    const span = CONFIG.lib[name];
    if (span === undefined) { wanted = true; throw new K.Err("jsgrade: the grader's library '" + name + "' was not loaded"); }
    const ready = PRELOADED !== undefined && hasOwn(PRELOADED, name) ? PRELOADED[name] : undefined;
    return (loaded[name] = (ready || K.indirectEval(call(strSlice, LIBRARY_TEXT, span[0], span[1])))(LK, H));
  }

  // The common results (primitives, plain arrays and objects of them) are encoded here, in the
  // flat wire format of lib/encode.js; anything else (Maps, classes, holes, getters, cycles, huge
  // values) falls back to lib/encode.js.
  const QUICK_NODES = 20000, QUICK_DEPTH = 64, QUICK_CHARS = 1000000;
  function quickEncode(root) {
    let nodes = 0, chars = 0;
    const table = list();
    function enc(v, depth) {
      if (++nodes > QUICK_NODES) return null;
      switch (typeof v) {
        case "string": chars += v.length; return chars > QUICK_CHARS ? null : stringify(v);
        case "boolean": return v ? "true" : "false";
        case "number": return v === v && v !== Infinity && v !== -Infinity && !is(v, -0) ? "" + v : null;
        case "undefined": return '["u"]';
        case "object": break;
        default: return null;
      }
      if (v === null) return "null";
      if (depth >= QUICK_DEPTH) return null;
      const proto = getProto(v);
      const at = table.length;
      let s;
      if (proto === K.arrayProto && isArray(v)) {
        const n = v.length;  // only a count: the text holds the elements read, never this number
        if (typeof n !== "number" || !(n <= QUICK_NODES)) return null;
        table[at] = "";
        s = '["a",[';
        for (let i = 0; i < n; i++) {
          if (!hasOwn(v, i)) return null;
          const d = getDesc(v, i);
          if (!hasOwn(d, "value")) return null;
          const e = enc(d.value, depth + 1);
          if (e === null) return null;
          s += (i ? "," : "") + e;
        }
        table[at] = s + "]]";
        return '["@",' + at + "]";
      }
      if (proto !== K.objectProto) return null;
      table[at] = "";
      const keys = ownKeys(v);
      s = '["o","Object",[';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        if (typeof k !== "string") return null;
        const d = getDesc(v, k);
        if (!d.enumerable) continue;
        if (!hasOwn(d, "value")) return null;
        const e = enc(d.value, depth + 1);
        if (e === null) return null;
        chars += k.length;
        s += (first ? "" : ",") + "[" + stringify(k) + "," + e + "]";
        first = false;
      }
      table[at] = s + "]]";
      return '["@",' + at + "]";
    }
    // Cycles need no check here: a cyclic value exceeds the depth bound and takes the full path.
    const rootText = enc(root, 0);
    if (rootText === null) return null;
    let text = "[" + rootText + ",[";
    for (let i = 0; i < table.length; i++) text += (i ? "," : "") + table[i];
    return text + "]]";
  }
  function encode(v) {
    let text = null;
    try { text = quickEncode(v); } catch (e) { text = null; }
    return text !== null ? { ok: true, text } : lib("encode").encode(v);
  }

  // The case itself: one call, or one call per step of a scenario, each started only when the one
  // before has settled. Only a caller that knows the per-case token can start one.
  let started = false, settled = false, outcome = null, mark = 0, current = null;
  function settle(ok, value) {
    if (settled) return;
    settled = true;
    outcome = { ok, value };
  }
  // The grader's serializer tells a Map from other objects by the errors its checks throw, tens of
  // thousands for a big result: with no stack hook while it runs (whatever hook is set, the
  // harness's or the student's), those errors cost what QuickJS alone makes them cost.
  const hook = getDesc(K.Err, "prepareStackTrace");
  function unhooked(fn, arg) {
    const before = call(hook.get, K.Err);
    call(hook.set, K.Err, undefined);
    try { return fn(arg); } finally { call(hook.set, K.Err, before); }
  }
  // Console output so far (lib/console.js holds it once something was printed).
  function output() { return loaded.console ? loaded.console.output() : { text: "", exceeded: false }; }
  const api = O.freeze({
    // Before an entry file: a fresh `module`, `exports` and `require` for it.
    enter(path) {
      const module = { exports: {}, id: path, filename: path, loaded: false };
      const global = (name, value) => defProp(G, name, { value, writable: true, enumerable: false, configurable: true });
      global("module", module);
      global("exports", module.exports);
      global("require", (request) => lib("require").require(request, path));
      H.entries[path] = module;
      current = module;
    },
    // After an entry file: publish its exports by name (lib/exports.js), if it has any.
    publish(path, namespace) {
      const ex = namespace === undefined ? current.exports : namespace;
      if (ex !== null && typeof ex === "object" && ownKeys(ex).length === 0) return;
      lib("exports").publish(path, ex);
    },
    // An ES module's evaluation promise (lib/esm.js); "pending" until it has settled.
    watchLoad(promise, path) { lib("esm").watch(promise, path); },
    loadResult() {
      const r = loaded.esm ? loaded.esm.result() : null;
      return r === null ? "pending" : dump(r);
    },
    // ES modules linked in Python (lib/modules.js): each registers itself before any runs; an
    // entry is then evaluated, dependencies first, and its namespace published once it has settled.
    define(path, deps, mode, fn) { return lib("modules").define(path, deps, mode, fn); },
    linkEntry(path) { lib("modules").entry(path); },
    linkResult() {
      const r = loaded.modules ? loaded.modules.result() : null;
      return r === null ? "pending" : dump(r);
    },
    // Runs the case's call; a thenable result is awaited through the event loop.
    start(token, fn) {
      if (token !== TOKEN || (started && !settled)) return false;
      started = true;
      settled = false;
      outcome = null;
      mark = output().text.length;  // what the call prints starts here (before it: loading, setup, earlier steps)
      let v;
      try { v = fn(); } catch (e) { settle(false, e); return true; }
      if (v !== null && (typeof v === "object" || typeof v === "function")) {
        let then;
        try { then = v.then; } catch (e) { settle(false, e); return true; }
        if (typeof then === "function") {
          let p;
          try { p = call(K.promiseResolve, K.PromiseCtor, v); } catch (e) { settle(false, e); return true; }
          call(K.promiseThen, p, (x) => settle(true, x), (e) => settle(false, e));
          return true;
        }
      }
      settle(true, v);
      return true;
    },
    // One step of the event loop, once no job is pending: 0 done, 1 fired a timer, 2 idle but unsettled.
    step() {
      if (loaded.timers && loaded.timers.step(settled)) return 1;
      return settled ? 0 : 2;
    },
    // The case's result as JSON text for the grader. Records are built whole: assigning to a
    // fresh object could hit an accessor that a submission defined on Object.prototype.
    finish() { return unhooked(finishCase); },
    // Console output so far, for the grader between the steps of a scenario.
    printed() { return output().text.length; },
    // For the grader's clean sandboxes: `!js` expected values and `check` predicates.
    encodeValue(v) { return unhooked(encodeValue, v); },
    decodeValue(text) { return lib("decode").decode(parseJSON(text)); },
    wanted() { return wanted; },
  });
  function encodeValue(v) {
    const e = encode(v);
    return flat(dump(e.ok ? { state: "returned", value: e.text } : { state: e.kind, why: e.why }));
  }
  // `mark`: where the call's own output starts in `console` (before it: loading, setup, earlier steps).
  function finishCase() {
    const o = output();
    if (wanted) return dump({ console: o.text, mark, outputExceeded: o.exceeded, settled, wanted });
    if (!settled) return dump({ console: o.text, mark, outputExceeded: o.exceeded, settled });
    if (!outcome.ok) {
      return dump({ console: o.text, mark, outputExceeded: o.exceeded, settled, state: "threw", error: lib("errors").thrownInfo(outcome.value) });
    }
    const e = encode(outcome.value);
    return dump(e.ok
      ? { console: o.text, mark, outputExceeded: o.exceeded, settled, state: "returned", value: e.text }
      : { console: o.text, mark, outputExceeded: o.exceeded, settled, state: e.kind, why: e.why });
  }

  const log = (...args) => lib("console").log(args);
  const timer = (name) => (...args) => apply(lib("timers")[name], undefined, args);
  G.submission = H.submission;
  G.console = { log, info: log, warn: log, error: log, debug: log, trace: log };
  G.setTimeout = timer("setTimeout");
  G.setInterval = timer("setInterval");
  G.setImmediate = timer("setImmediate");
  G.clearTimeout = timer("clear");
  G.clearInterval = timer("clear");
  G.clearImmediate = timer("clear");
  G.queueMicrotask = (fn) => { call(K.promiseThen, call(K.promiseResolve, K.PromiseCtor), () => fn()); };
  G.global = G;

  // Node's wording for the engine's common errors (lib/v8errors.js), set where each error is made,
  // and the stack exactly as QuickJS prints it (errors.py reads it). Only a message QuickJS words
  // its own way compiles the library.
  let ownWording = null;
  const OWN_WORDING = () => ownWording || (ownWording = new K.RegExpCtor("^(not a (function|constructor)|cannot (read|set) property '|'.*' is read-only$|.* is not initialized$|class constructors must|empty array$|invalid array length$|cannot convert symbol|cannot mix BigInt|cannot convert BigInt to number$|circular reference$|(BigInt )?division by zero$|.* in JSON at position \\d+ \\(line)"));
  let rewriting = false;
  // QuickJS keeps the hook in the engine: Error.prepareStackTrace is an accessor whose setter sets it.
  if (!CONFIG.noHook && !CONFIG.plain) call(hook.set, K.Err, function prepareStackTrace(error, sites) {
    let stack = "";
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i];
      stack += "    at " + (s.getFunctionName() || "<anonymous>") +
        (s.isNative() ? " (native)\n" : " (" + s.getFileName() + ":" + s.getLineNumber() + ":" + s.getColumnNumber() + ")\n");
    }
    if (!rewriting && error !== null && typeof error === "object") {
      const d = getDesc(error, "message");
      const c = d && typeof d.value === "string" ? d.value[0] : "";  // QuickJS's own wordings start in lower case, or so
      const tdz = (c >= "A" && c <= "Z" || c === "_" || c === "$") && call(strSlice, d.value, -19) === " is not initialized";
      if ((c >= "a" && c <= "z" || c === "'" || c === "B" || c === "E" || c === "U" || tdz) && call(K.reTest, OWN_WORDING(), d.value)) {
        rewriting = true;
        try { lib("v8errors").apply(error, sites); } catch (e) { /* keep QuickJS's words */ }
        rewriting = false;
      }
    }
    return stack;
  });

  // Only a case whose code names Intl, a locale method or an added built-in gets the stubs that
  // compile them on first use, and the builtins they need (js/ext/stubs.js; CONFIG.stubs, see
  // harness.py): the others pay nothing for them.
  if (CONFIG.stubs && !CONFIG.plain) LK = lib("stubs").K;
  defProp(G, "__jsgrade", { value: api, writable: false, enumerable: false, configurable: false });
  // Python calls the API through this function, fetched before any student code runs: no
  // property lookup on Function.prototype (call/apply/bind) or on iterators is involved.
  return (name, a, b) => flat(api[name](a, b));
})
