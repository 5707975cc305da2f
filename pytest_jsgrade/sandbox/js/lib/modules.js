// The submission's ES modules that import each other, linked in Python (source/linking.py): each
// registers itself (`define`), and `entry` evaluates one in Node's order: dependencies first,
// depth first, each module once; a cycle uses what is there. A module with top-level await, or
// one that imports such a module, finishes later: what imports it waits for it. Only the
// grader's own builtins (K) are used: a module that replaces Object.defineProperty, Promise or
// the generators' `next` changes nothing here.
(function (K, H) {
  "use strict";
  const { apply, create, defProp, hasOwn, freeze, preventExt, promiseThen, PromiseCtor, promiseResolve, genNext, Err, SymbolFn, Str } = K;
  const { list, call } = H;
  const registry = create(null);
  const NEW = 0, LINKED = 1, EVALUATING = 2, DONE = 3;
  let outcome = null;

  function define(path, deps, isAsync, fn) {
    if (typeof path !== "string" || hasOwn(registry, path) || typeof fn !== "function") return false;
    const ns = create(null);
    defProp(ns, SymbolFn.toStringTag, { value: "Module" });
    const rec = { path, deps: list(), isAsync: isAsync === true, fn, ns, state: NEW, sealed: false, gen: null, failed: false,
      error: undefined, promise: null, value: undefined, meta: null, handle: null };
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
  function after(promises, fn) {  // fn once every promise is fulfilled; rejects with the first rejection
    return new PromiseCtor((resolve, reject) => {
      let left = promises.length;
      const done = () => {
        let r;
        try { r = fn(); } catch (e) { reject(e); return; }
        if (r === null) resolve(); else call(promiseThen, r, () => resolve(), reject);
      };
      if (left === 0) { done(); return; }
      for (let i = 0; i < promises.length; i++) call(promiseThen, promises[i], () => { if (--left === 0) done(); }, reject);
    });
  }

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
      if (!rec.isAsync) {
        rec.gen = apply(rec.fn, undefined, [rec.handle]);
        call(genNext, rec.gen);
        seal(rec);
      }
      for (let i = rec.deps.length - 1; i >= 0; i--) stack[stack.length] = registry[rec.deps[i]];
    }
  }

  // Evaluates a module and what it imports; returns null when it has run, or a Promise when it
  // waits for top-level await. A module that threw throws the same error every time it is imported.
  function evaluate(path) {
    const root = registry[path];
    link(root);
    const stack = list();
    const push = (rec) => { rec.state = EVALUATING; stack[stack.length] = { rec, next: 0 }; };
    if (root.state === LINKED) push(root);
    try {
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (top.next < top.rec.deps.length) {
          const dep = registry[top.rec.deps[top.next++]];
          if (dep.state === LINKED) push(dep);
          else if (dep.state === DONE && dep.failed) throw dep.error;
          continue;  // EVALUATING: a cycle, which uses what is there
        }
        stack.length--;
        run(top.rec);
      }
    } catch (e) {
      for (let i = 0; i < stack.length; i++) fail(stack[i].rec, e);
      throw e;
    }
    if (root.failed) throw root.error;
    return root.promise;
  }

  function seal(rec) { rec.sealed = true; preventExt(rec.ns); }
  function fail(rec, e) { rec.state = DONE; rec.failed = true; rec.error = e; }

  function run(rec) {
    const waiting = list();
    for (let i = 0; i < rec.deps.length; i++) {
      const dep = registry[rec.deps[i]];
      if (dep.promise !== null && dep !== rec) waiting[waiting.length] = dep.promise;
    }
    if (!rec.isAsync && waiting.length === 0) {
      try { call(genNext, rec.gen); } catch (e) { fail(rec, e); throw e; }
      rec.state = DONE;
      return;
    }
    const body = rec.isAsync ? () => { try { return apply(rec.fn, undefined, [rec.handle]); } finally { seal(rec); } }
      : () => { call(genNext, rec.gen); return null; };
    const finished = waiting.length ? after(waiting, body) : body();
    rec.state = DONE;
    rec.promise = new PromiseCtor((resolve, reject) => {
      call(promiseThen, finished, () => { rec.promise = null; resolve(); }, (e) => { fail(rec, e); reject(e); });
    });
  }

  function namespaceOf(path) {
    if (!hasOwn(registry, path)) return rejected(new Err("Cannot find module '" + path + "'"));
    const rec = registry[path];
    return new PromiseCtor((resolve, reject) => {
      call(promiseThen, call(promiseResolve, PromiseCtor), () => {  // as in Node, never in the importer's own turn
        try {
          const pending = evaluate(path);
          if (pending === null) resolve(rec.ns);
          else call(promiseThen, pending, () => resolve(rec.ns), reject);
        } catch (e) { reject(e); }
      });
    });
  }
  function dynamic(path) { return namespaceOf(path); }

  // An entry file: evaluated, then its namespace published (lib/exports.js) for the spec's calls.
  function entry(path) {
    outcome = null;
    const fail = (e) => { outcome = { ok: false, error: H.lib("errors").thrownInfo(e) }; };
    const publish = () => {
      try { H.lib("exports").publish(path, registry[path].ns); outcome = { ok: true }; } catch (e) { fail(e); }
    };
    if (!hasOwn(registry, path)) { fail(new Err("the module " + path + " was not registered")); return; }
    let pending;
    try { pending = evaluate(path); } catch (e) { fail(e); return; }
    if (pending === null) publish();
    else call(promiseThen, pending, publish, fail);
  }
  // Whether an object is one of the registry's namespaces (console.log shows it as Node does).
  function isNamespace(o) {
    for (const path in registry) if (registry[path].ns === o) return true;
    return false;
  }
  return { define, entry, result: () => outcome, isNamespace };
})
