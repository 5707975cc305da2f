// The submission's ES modules that import each other, linked in Python (source/linking.py): each
// registers itself (`define`), and `entry` evaluates one in Node's order, which is ECMAScript's
// (see `evaluate`), top-level await included. Only the
// grader's own builtins (K) are used: a module that replaces Object.defineProperty, Promise or
// the generators' `next` changes nothing here.
(function (K, H) {
  "use strict";
  const { apply, create, defProp, hasOwn, freeze, preventExt, promiseThen, PromiseCtor, promiseResolve, genNext, genThrow, Err, SymbolFn, Str } = K;
  const { list, call } = H;
  const registry = create(null);
  const NEW = 0, LINKED = 1, EVALUATING = 2, DONE = 3, EVALUATING_ASYNC = 4;
  let outcome = null;

  // `mode` (source/linking.py): 0 a generator, 1 a generator whose yields are top-level awaits,
  // 2 an async function (a top-level `for await`).
  const GENERATOR_AWAITS = 1, ASYNC_FUNCTION = 2;
  function define(path, deps, mode, fn) {
    if (typeof path !== "string" || hasOwn(registry, path) || typeof fn !== "function") return false;
    const ns = create(null);
    defProp(ns, SymbolFn.toStringTag, { value: "Module" });
    const rec = { path, deps: list(), isAsync: mode === GENERATOR_AWAITS || mode === ASYNC_FUNCTION, mode, fn, ns, state: NEW, sealed: false, gen: null, failed: false,
      error: undefined, value: undefined, meta: null, handle: null, dfsIndex: 0, dfsAncestor: 0, pending: 0,
      asyncEvaluation: false, asyncOrder: 0, asyncParents: list(), cycleRoot: null, capability: null };
    for (let i = 0; i < deps.length; i++) rec.deps[i] = "" + deps[i];
    rec.handle = handle(rec);
    registry[path] = rec;
    return true;
  }

  // What a module's own code reaches as `__jsgrade_m`: its dependencies' namespaces, its own
  // namespace's getters, its default export, import.meta and import().
  function handle(rec) {
    const h = create(null);
    const fixed = (name, value) => defProp(h, name, { value });
    fixed("dep", (i) => registry[rec.deps[i]].ns);
    fixed("ns", (name, get) => {
      if (!rec.sealed) defProp(rec.ns, name, { get, enumerable: true, configurable: false });
    });
    defProp(h, "d", { get: () => rec.value, set: (v) => { rec.value = v; } });
    defProp(h, "n", {
      get: () => rec.value,
      set: (v) => {  // `export default function () {}`: Node names it "default"
        const d = typeof v === "function" ? K.getDesc(v, "name") : { value: "-" };
        if (!d || d.value === "") defProp(v, "name", { value: "default", configurable: true });
        rec.value = v;
      },
    });
    defProp(h, "meta", { get: () => rec.meta || (rec.meta = meta(rec.path)) });
    fixed("dynamic", (path) => dynamic(path));
    fixed("computed", (specifier) => rejected(new Err("import() of a computed specifier (" + typeof specifier +
      ") cannot be graded: import the submission's files by a string, such as import('./utils.js')")));
    return freeze(h);
  }

  function meta(path) {
    const url = "file:///submission/" + path;
    let cut = path.length;
    while (cut > 0 && path[cut - 1] !== "/") cut--;
    const dirname = "/submission" + (cut ? "/" + call(K.strSlice, path, 0, cut - 1) : "");
    const m = create(null);
    defProp(m, "url", { value: url, writable: true, enumerable: true, configurable: true });
    defProp(m, "filename", { value: "/submission/" + path, writable: true, enumerable: true, configurable: true });
    defProp(m, "dirname", { value: dirname, writable: true, enumerable: true, configurable: true });
    defProp(m, "resolve", { value: (s) => resolveURL(Str(s), path), writable: true, enumerable: true, configurable: true });
    return m;
  }
  // import.meta.resolve: a relative specifier against the module's URL; anything else as it is.
  function resolveURL(specifier, from) {
    const starts = (p) => call(K.strSlice, specifier, 0, p.length) === p;
    if (!starts("./") && !starts("../")) return specifier;
    const parts = list();
    const add = (text) => {
      let seg = "";
      for (let i = 0; i <= text.length; i++) {
        const c = i < text.length ? text[i] : "/";
        if (c !== "/") { seg += c; continue; }
        if (seg === "..") { if (parts.length) parts.length--; } else if (seg !== "" && seg !== ".") parts[parts.length] = seg;
        seg = "";
      }
    };
    let cut = from.length;
    while (cut > 0 && from[cut - 1] !== "/") cut--;
    add("submission/" + call(K.strSlice, from, 0, cut));
    add(specifier);
    let joined = "file://";
    for (let i = 0; i < parts.length; i++) joined += "/" + parts[i];
    return joined;
  }

  function rejected(e) { return new PromiseCtor((resolve, reject) => reject(e)); }

  // Link: every module the evaluation reaches gets its namespace's getters (a synchronous module
  // runs its generator up to its `yield`), before any of them runs, as Node links before it evaluates.
  function link(start) {
    const stack = list();
    stack[0] = start;
    while (stack.length) {
      const rec = stack[stack.length - 1];
      stack.length--;
      if (rec.state !== NEW) continue;
      rec.state = LINKED;
      if (rec.mode !== ASYNC_FUNCTION) {
        rec.gen = apply(rec.fn, undefined, [rec.handle]);
        call(genNext, rec.gen);
        seal(rec);
      }
      for (let i = rec.deps.length - 1; i >= 0; i--) stack[stack.length] = registry[rec.deps[i]];
    }
  }

  // Evaluation, as ECMAScript specifies it (InnerModuleEvaluation and the async module steps):
  // dependencies first, depth first, each module once; a module that waits for a module with
  // top-level await runs when all it waits for have finished, with the others that became ready at
  // the same time, in the order they were first reached; a module that threw throws the same error
  // every time it is imported. The order of console output is Node's (tests/test_esm_node.py).
  let asyncCounter = 0;

  // Evaluate(): a Promise of the module's evaluation, and whether it has already finished.
  function evaluate(path) {
    let root = registry[path];
    link(root);
    if (root.state === EVALUATING_ASYNC || root.state === DONE) root = root.cycleRoot;
    if (root.capability !== null) return root.capability;
    const cap = capability();
    root.capability = cap;
    const stack = list();
    try {
      inner(root, stack, 0);
      if (!root.asyncEvaluation) cap.resolve();
    } catch (e) {
      for (let i = 0; i < stack.length; i++) fail(stack[i], e);
      cap.reject(e);
    }
    return cap;
  }

  function capability() {
    const cap = { promise: null, resolve: null, reject: null, settled: false, failed: false, error: undefined };
    cap.promise = new PromiseCtor((resolve, reject) => {
      cap.resolve = () => { cap.settled = true; resolve(); };
      cap.reject = (e) => { cap.settled = true; cap.failed = true; cap.error = e; reject(e); };
    });
    call(promiseThen, cap.promise, undefined, () => {});  // a rejection is reported where it is awaited
    return cap;
  }

  function inner(rec, stack, index) {
    if (rec.state === EVALUATING_ASYNC || rec.state === DONE) {
      if (rec.failed) throw rec.error;
      return index;
    }
    if (rec.state === EVALUATING) return index;
    rec.state = EVALUATING;
    rec.dfsIndex = rec.dfsAncestor = index++;
    rec.pending = 0;
    stack[stack.length] = rec;
    for (let i = 0; i < rec.deps.length; i++) {
      let dep = registry[rec.deps[i]];
      index = inner(dep, stack, index);
      if (dep.state === EVALUATING) {
        if (dep.dfsAncestor < rec.dfsAncestor) rec.dfsAncestor = dep.dfsAncestor;
      } else {
        dep = dep.cycleRoot;
        if (dep.failed) throw dep.error;
      }
      if (dep.asyncEvaluation) {
        rec.pending++;
        dep.asyncParents[dep.asyncParents.length] = rec;
      }
    }
    if (rec.pending > 0 || rec.isAsync) {
      rec.asyncEvaluation = true;
      rec.asyncOrder = ++asyncCounter;
      if (rec.pending === 0) executeAsync(rec);
    } else {
      execute(rec);
    }
    if (rec.dfsAncestor === rec.dfsIndex) {
      while (true) {
        const member = stack[stack.length - 1];
        stack.length--;
        member.state = member.asyncEvaluation ? EVALUATING_ASYNC : DONE;
        member.cycleRoot = rec;
        if (member === rec) break;
      }
    }
    return index;
  }

  function execute(rec) { call(genNext, rec.gen); }

  function executeAsync(rec) {
    let finished;
    try {
      finished = rec.mode === ASYNC_FUNCTION ? apply(rec.fn, undefined, [rec.handle]) : drive(rec.gen);
    } catch (e) {
      finished = rejected(e);
    } finally {
      seal(rec);
    }
    call(promiseThen, finished, () => asyncFulfilled(rec), (e) => asyncRejected(rec, e));
  }

  // A module's top-level awaits, which linking made yields: each resumes the generator as `await`
  // resumes an async function, as many turns later, with the value or the rejection.
  function drive(gen) {
    return new PromiseCtor((resolve, reject) => {
      const step = (method, value) => {
        let r;
        try { r = call(method, gen, value); } catch (e) { reject(e); return; }
        if (r.done) { resolve(); return; }
        let awaited;
        try { awaited = call(promiseResolve, PromiseCtor, r.value); } catch (e) { step(genThrow, e); return; }
        call(promiseThen, awaited, (v) => step(genNext, v), (e) => step(genThrow, e));
      };
      step(genNext, undefined);
    });
  }

  function asyncFulfilled(rec) {
    if (rec.state === DONE) return;
    rec.asyncEvaluation = false;
    rec.state = DONE;
    if (rec.capability !== null) rec.capability.resolve();
    const ready = list();
    gather(rec, ready);
    for (let i = 1; i < ready.length; i++) {  // by the order they were reached (insertion sort: few modules)
      const m = ready[i];
      let j = i - 1;
      while (j >= 0 && ready[j].asyncOrder > m.asyncOrder) { ready[j + 1] = ready[j]; j--; }
      ready[j + 1] = m;
    }
    for (let i = 0; i < ready.length; i++) {
      const m = ready[i];
      if (m.state === DONE) continue;
      if (m.isAsync) { executeAsync(m); continue; }
      try { execute(m); } catch (e) { asyncRejected(m, e); continue; }
      m.asyncEvaluation = false;
      m.state = DONE;
      if (m.capability !== null) m.capability.resolve();
    }
  }

  function gather(rec, ready) {
    for (let i = 0; i < rec.asyncParents.length; i++) {
      const m = rec.asyncParents[i];
      let listed = false;
      for (let j = 0; j < ready.length; j++) if (ready[j] === m) listed = true;
      if (listed || m.failed || (m.cycleRoot !== null && m.cycleRoot.failed)) continue;  // failed while on the stack: no root
      if (--m.pending === 0) {
        ready[ready.length] = m;
        if (!m.isAsync) gather(m, ready);
      }
    }
  }

  function asyncRejected(rec, e) {
    if (rec.state === DONE) return;
    fail(rec, e);
    for (let i = 0; i < rec.asyncParents.length; i++) asyncRejected(rec.asyncParents[i], e);
    if (rec.capability !== null) rec.capability.reject(e);
  }

  function seal(rec) { if (!rec.sealed) { rec.sealed = true; preventExt(rec.ns); } }
  function fail(rec, e) { rec.state = DONE; rec.failed = true; rec.error = e; }

  // import(): the namespace once the module has been evaluated, never in the importer's own turn.
  function dynamic(path) {
    if (!hasOwn(registry, path)) return rejected(new Err("Cannot find module '" + path + "'"));
    const rec = registry[path];
    return new PromiseCtor((resolve, reject) => {
      call(promiseThen, call(promiseResolve, PromiseCtor), () => {
        try {
          call(promiseThen, evaluate(path).promise, () => resolve(rec.ns), reject);
        } catch (e) { reject(e); }
      });
    });
  }

  // An entry file: evaluated, then its namespace published (lib/exports.js) for the spec's calls.
  function entry(path) {
    outcome = null;
    const failed = (e) => { outcome = { ok: false, error: H.lib("errors").thrownInfo(e) }; };
    const publish = () => {
      try { H.lib("exports").publish(path, registry[path].ns); outcome = { ok: true }; } catch (e) { failed(e); }
    };
    if (!hasOwn(registry, path)) { failed(new Err("the module " + path + " was not registered")); return; }
    let cap;
    try { cap = evaluate(path); } catch (e) { failed(e); return; }
    if (!cap.settled) call(promiseThen, cap.promise, publish, failed);
    else if (cap.failed) failed(cap.error);
    else publish();
  }
  // Whether an object is one of the registry's namespaces (console.log shows it as Node does).
  function isNamespace(o) {
    for (const path in registry) if (registry[path].ns === o) return true;
    return false;
  }
  return { define, entry, result: () => outcome, isNamespace };
})
