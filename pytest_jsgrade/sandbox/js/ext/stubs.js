// What a case whose code names Intl, a locale method or an added built-in gets before any of its
// code runs (the harness calls this at start-up when CONFIG.stubs is set): the builtins the
// libraries of js/ext need, captured now, and stubs that compile those libraries on first use.
(function (K, H) {
  "use strict";
  const { G, defProp } = K;
  const lib = H.lib;
  const O = Object;
  // K and more: every library of js/ext reads these, never the globals (a student may replace them).
  const X = K.create(null);
  const keys = K.ownKeys(K);
  for (let i = 0; i < keys.length; i++) X[keys[i]] = K[keys[i]];
  const more = {
    strToUpper: String.prototype.toUpperCase, strToLower: String.prototype.toLowerCase, strNormalize: String.prototype.normalize,
    strCodePointAt: String.prototype.codePointAt, fromCodePoint: String.fromCodePoint, reExec: RegExp.prototype.exec,
    WeakMapCtor: WeakMap, weakGet: WeakMap.prototype.get, weakSet: WeakMap.prototype.set, numValueOf: Number.prototype.valueOf,
    bigValueOf: BigInt.prototype.valueOf, dateNow: Date.now,
    objectProtoToString: O.prototype.toString, O, ArrayCtor: Array, setAdd: Set.prototype.add, isView: ArrayBuffer.isView,
    abSlice: ArrayBuffer.prototype.slice, boolValueOf: Boolean.prototype.valueOf, strValueOf: String.prototype.valueOf,
    symToString: Symbol.prototype.toString, EvalErr: EvalError, RefErr: ReferenceError, SyntaxErr: SyntaxError, URIErr: URIError,
    DataViewCtor: DataView, typedCtors: { __proto__: null, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
      Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array },
    encodeURIComponent, decodeURIComponent, strFromCharCode: String.fromCharCode,
  };
  const extra = K.ownKeys(more);
  for (let i = 0; i < extra.length; i++) X[extra[i]] = more[extra[i]];
  K.freeze(X);

  const hidden = (o, key, value) => defProp(o, key, { value, writable: true, enumerable: false, configurable: true });
  const lazy = (name, from) => defProp(G, name, {
    get() { const v = lib(from)[name]; hidden(G, name, v); return v; },
    set(v) { hidden(G, name, v); }, enumerable: false, configurable: true });
  lazy("Intl", "intl");
  lazy("structuredClone", "clone");
  lazy("TextEncoder", "text");
  lazy("TextDecoder", "text");
  lazy("URL", "url");
  lazy("URLSearchParams", "url");
  const strProto = String.prototype, dateProto = Date.prototype;
  hidden(Number.prototype, "toLocaleString", { toLocaleString(...a) { return lib("intl").numberToLocaleString(this, a[0], a[1]); } }.toLocaleString);
  hidden(BigInt.prototype, "toLocaleString", { toLocaleString(...a) { return lib("intl").bigintToLocaleString(this, a[0], a[1]); } }.toLocaleString);
  hidden(K.arrayProto, "toLocaleString", { toLocaleString(...a) { return lib("intl").arrayToLocaleString(this, a[0], a[1]); } }.toLocaleString);
  hidden(strProto, "toLocaleUpperCase", { toLocaleUpperCase(...a) { return lib("intl").caseMap(this, a[0], true); } }.toLocaleUpperCase);
  hidden(strProto, "toLocaleLowerCase", { toLocaleLowerCase(...a) { return lib("intl").caseMap(this, a[0], false); } }.toLocaleLowerCase);
  hidden(strProto, "localeCompare", { localeCompare(that, ...a) { return lib("collate").localeCompare(this, that, a[0], a[1]); } }.localeCompare);
  hidden(dateProto, "toLocaleString", { toLocaleString(...a) { return lib("datetime").toLocale(this, a[0], a[1], "any", "all"); } }.toLocaleString);
  hidden(dateProto, "toLocaleDateString", { toLocaleDateString(...a) { return lib("datetime").toLocale(this, a[0], a[1], "date", "date"); } }.toLocaleDateString);
  hidden(dateProto, "toLocaleTimeString", { toLocaleTimeString(...a) { return lib("datetime").toLocale(this, a[0], a[1], "time", "time"); } }.toLocaleTimeString);
  return { K: X };
})
