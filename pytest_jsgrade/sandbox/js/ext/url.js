// URL and URLSearchParams after the WHATWG URL standard, as Node has them: special schemes
// (http, https, ws, wss, ftp, file) with hosts, ports, dot segments and percent-encoding, relative
// references against a base, opaque URLs (mailto:, data:), and form-encoded query parameters.
// Not here: international domain names (a host with non-ASCII letters is kept as written, where
// Node converts it to Punycode) and IPv6 address normalization. Reads no global, only K.
(function (K, H) {
  "use strict";
  const { call } = H;
  const { TypeErr, Str, defProp } = K;
  const slice = (s, a, b) => call(K.strSlice, s, a, b);
  const indexOf = (s, t, from) => call(K.strIndexOf, s, t, from || 0);
  const lower = (s) => call(K.strToLower, s);
  const codePointAt = (s, i) => call(K.strCodePointAt, s, i);
  const SPECIAL = { __proto__: null, "http:": 80, "https:": 443, "ws:": 80, "wss:": 443, "ftp:": 21, "file:": null };
  const HEX = "0123456789ABCDEF";

  function utf8Bytes(cp) {
    if (cp < 0x80) return [cp];
    if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
    if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  }
  function encode(s, extra, spaceAsPlus) {
    let out = "";
    for (let i = 0; i < s.length; i++) {
      let cp = codePointAt(s, i);
      if (cp > 0xffff) i++;
      else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      const ch = s[i];
      if (spaceAsPlus && cp === 32) { out += "+"; continue; }
      if (cp < 0x20 || cp > 0x7e || (cp < 0x80 && indexOf(extra, ch) >= 0)) {
        const bytes = utf8Bytes(cp);
        for (let j = 0; j < bytes.length; j++) out += "%" + HEX[bytes[j] >> 4] + HEX[bytes[j] & 15];
      } else out += cp > 0xffff ? call(K.fromCodePoint, undefined, cp) : ch;
    }
    return out;
  }
  const FRAGMENT = ' "<>`', QUERY = ' "#<>', SPECIAL_QUERY = " \"#<>'", PATH = ' "#<>?`{}^', USERINFO = ' "#<>?`{}/:;=@[\\]^|';
  const FORM = " !\"#$%&'()+,/:;<=>?@[\\]^`{|}~";

  function decodeForm(s) {
    let bytes = [], out = "";
    const flush = () => {
      if (!bytes.length) return;
      let hex = "";
      for (let i = 0; i < bytes.length; i++) hex += "%" + HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
      try { out += K.decodeURIComponent(hex); } catch (e) { out += "\ufffd"; }
      bytes = [];
    };
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "%" && i + 2 < s.length + 0 && isHex(s[i + 1]) && isHex(s[i + 2])) { bytes[bytes.length] = hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]); i += 2; continue; }
      flush();
      out += c === "+" ? " " : c;
    }
    flush();
    return out;
  }
  function isHex(c) { return c !== undefined && indexOf("0123456789abcdefABCDEF", c) >= 0; }
  function hexValue(c) { const i = indexOf("0123456789abcdef", lower(c)); return i; }

  // -- parsing -----------------------------------------------------------------------------------
  function invalid(input, base) {
    const e = new TypeErr("Invalid URL");
    e.code = "ERR_INVALID_URL";
    e.input = input;
    if (base !== undefined) e.base = base;
    return e;
  }
  function clean(s) {
    let a = 0, b = s.length;
    while (a < b && s[a] <= " ") a++;
    while (b > a && s[b - 1] <= " ") b--;
    let out = "";
    for (let i = a; i < b; i++) if (s[i] !== "\t" && s[i] !== "\n" && s[i] !== "\r") out += s[i];
    return out;
  }
  function schemeOf(s) {
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      const alpha = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
      if (i === 0 && !alpha) return null;
      if (c === ":") return i > 0 ? lower(slice(s, 0, i + 1)) : null;
      if (!alpha && !(c >= "0" && c <= "9") && c !== "+" && c !== "-" && c !== ".") return null;
    }
    return null;
  }
  function parseIPv4Part(p) {
    if (p === "") return NaN;
    let radix = 10;
    if (p.length > 1 && p[0] === "0" && (p[1] === "x" || p[1] === "X")) { p = slice(p, 2); radix = 16; }
    else if (p.length > 1 && p[0] === "0") { p = slice(p, 1); radix = 8; }
    if (p === "") return 0;
    let n = 0;
    for (let i = 0; i < p.length; i++) {
      const d = indexOf("0123456789abcdef", lower(p[i]));
      if (d < 0 || d >= radix) return NaN;
      n = n * radix + d;
    }
    return n;
  }
  function host(text, special, input, base) {
    if (text[0] === "[") {
      if (text[text.length - 1] !== "]") throw invalid(input, base);
      return lower(text);
    }
    if (!special) return encode(text, "", false);
    let h;
    try { h = K.decodeURIComponent(text); } catch (e) { throw invalid(input, base); }
    h = lower(h);
    for (let i = 0; i < h.length; i++) if (indexOf("\u0000\t\n\r #/:<>?@[\\]^|%", h[i]) >= 0) throw invalid(input, base);
    if (h === "") throw invalid(input, base);
    // An IPv4 address, in any of the forms the standard accepts ("127.1", "0x7f.0.0.1").
    let parts = [], at = 0;
    for (let i = 0; i <= h.length; i++) if (i === h.length || h[i] === ".") { parts[parts.length] = slice(h, at, i); at = i + 1; }
    if (parts.length > 1 && parts[parts.length - 1] === "") parts = slice_(parts, 0, parts.length - 1);
    const last = parts[parts.length - 1];
    if (last !== undefined && last !== "" && parseIPv4Part(last) === parseIPv4Part(last)) {
      const nums = [];
      for (let i = 0; i < parts.length; i++) { const n = parseIPv4Part(parts[i]); if (n !== n) throw invalid(input, base); nums[i] = n; }
      if (nums.length > 4) throw invalid(input, base);
      for (let i = 0; i < nums.length - 1; i++) if (nums[i] > 255) throw invalid(input, base);
      if (nums[nums.length - 1] >= 256 ** (5 - nums.length)) throw invalid(input, base);
      let v = nums[nums.length - 1];
      for (let i = 0; i < nums.length - 1; i++) v += nums[i] * 256 ** (3 - i);
      return ((v / 16777216) | 0) % 256 + "." + (((v / 65536) | 0) % 256) + "." + (((v / 256) | 0) % 256) + "." + (v % 256);
    }
    return h;
  }
  function slice_(a, from, to) { const out = []; for (let i = from; i < to; i++) out[out.length] = a[i]; return out; }
  function isDot(seg) { const s = lower(seg); return s === "." || s === "%2e"; }
  function isDotDot(seg) { const s = lower(seg); return s === ".." || s === ".%2e" || s === "%2e." || s === "%2e%2e"; }
  // Splits a path at "/" (and "\" in special URLs), resolving "." and ".." against `segments`.
  function pushPath(segments, path, special) {
    let at = 0;
    const parts = [];
    for (let i = 0; i <= path.length; i++) {
      if (i === path.length || path[i] === "/" || (special && path[i] === "\\")) { parts[parts.length] = slice(path, at, i); at = i + 1; }
    }
    for (let i = 0; i < parts.length; i++) {
      const seg = parts[i], lastPart = i === parts.length - 1;
      if (isDotDot(seg)) { if (segments.length) segments.length--; if (lastPart) segments[segments.length] = ""; }
      else if (isDot(seg)) { if (lastPart) segments[segments.length] = ""; }
      else segments[segments.length] = encode(seg, PATH, false);
    }
    return segments;
  }
  function split(rest) {
    let hash = null, query = null;
    const h = indexOf(rest, "#");
    if (h >= 0) { hash = slice(rest, h + 1); rest = slice(rest, 0, h); }
    const q = indexOf(rest, "?");
    if (q >= 0) { query = slice(rest, q + 1); rest = slice(rest, 0, q); }
    return { rest, query, hash };
  }
  function parse(input, base) {
    const s = clean(input);
    const scheme = schemeOf(s);
    const r = { protocol: "", username: "", password: "", hostname: "", port: "", path: [], opaque: null, query: null, hash: null, hasHost: false };
    let rest;
    if (scheme !== null) {
      r.protocol = scheme;
      rest = slice(s, scheme.length);
      const special = scheme in SPECIAL;
      if (special && base && base.protocol === scheme && rest[0] !== "/" && rest[0] !== "\\") return relative(r, rest, base, input);
      if (special || rest[0] === "/" && rest[1] === "/") {
        let at = 0;
        while (at < rest.length && (rest[at] === "/" || (special && rest[at] === "\\")) && (scheme !== "file:" || at < 2)) at++;
        if (!special || scheme === "file:") { if (at < 2) return opaqueOrPath(r, rest, special, input); }
        return authority(r, slice(rest, at), special, input, base);
      }
      return opaqueOrPath(r, rest, false, input);
    }
    if (!base) throw invalid(input);
    r.protocol = base.protocol;
    if (base.opaque !== null) {
      if (s[0] !== "#") throw invalid(input, base.href);
      const copy = copyOf(base);
      copy.hash = encode(slice(s, 1), FRAGMENT, false);
      return copy;
    }
    const special = r.protocol in SPECIAL;
    if ((s[0] === "/" || (special && s[0] === "\\")) && (s[1] === "/" || (special && s[1] === "\\"))) return authority(r, slice(s, 2), special, input, base);
    return relative(r, s, base, input);
  }
  function copyOf(u) { return { protocol: u.protocol, username: u.username, password: u.password, hostname: u.hostname, port: u.port, path: slice_(u.path, 0, u.path.length), opaque: u.opaque, query: u.query, hash: u.hash, hasHost: u.hasHost }; }
  function relative(r, s, base, input) {
    const special = base.protocol in SPECIAL;
    const u = copyOf(base);
    u.hash = null;
    const parts = split(s);
    if (s === "" || (parts.rest === "" && (parts.query !== null || parts.hash !== null))) {
      if (parts.query !== null) u.query = encode(parts.query, special ? SPECIAL_QUERY : QUERY, false);
      if (parts.hash !== null) u.hash = encode(parts.hash, FRAGMENT, false);
      return u;
    }
    if (parts.rest[0] === "/" || (special && parts.rest[0] === "\\")) u.path = pushPath([], slice(parts.rest, 1), special);
    else { const kept = slice_(base.path, 0, base.path.length - 1); u.path = pushPath(kept, parts.rest, special); }
    u.query = parts.query === null ? null : encode(parts.query, special ? SPECIAL_QUERY : QUERY, false);
    u.hash = parts.hash === null ? null : encode(parts.hash, FRAGMENT, false);
    void r; void input;
    return u;
  }
  function authority(r, rest, special, input, base) {
    let end = rest.length;
    for (let i = 0; i < rest.length; i++) if (rest[i] === "/" || rest[i] === "?" || rest[i] === "#" || (special && rest[i] === "\\")) { end = i; break; }
    let auth = slice(rest, 0, end);
    const after = slice(rest, end);
    const atSign = auth.length - 1 - indexOf(reverse(auth), "@");
    if (indexOf(auth, "@") >= 0) {
      const info = slice(auth, 0, atSign);
      auth = slice(auth, atSign + 1);
      const colon = indexOf(info, ":");
      r.username = encode(colon < 0 ? info : slice(info, 0, colon), USERINFO, false);
      r.password = colon < 0 ? "" : encode(slice(info, colon + 1), USERINFO, false);
    }
    let hostText = auth, port = "";
    const close = indexOf(auth, "]");
    const colon = indexOf(auth, ":", close < 0 ? 0 : close);
    if (colon >= 0) { hostText = slice(auth, 0, colon); port = slice(auth, colon + 1); }
    if (port !== "") {
      for (let i = 0; i < port.length; i++) if (port[i] < "0" || port[i] > "9") throw invalid(input, base && base.href);
      const n = K.Num(port);
      if (n > 65535) throw invalid(input, base && base.href);
      port = n === SPECIAL[r.protocol] ? "" : Str(n);
    }
    if (r.protocol === "file:") { r.hostname = hostText === "localhost" ? "" : hostText === "" ? "" : host(hostText, true, input, base && base.href); }
    else if (hostText === "" && special) throw invalid(input, base && base.href);
    else r.hostname = host(hostText, special, input, base && base.href);
    r.port = port;
    r.hasHost = true;
    const parts = split(after);
    r.path = special || parts.rest !== "" ? pushPath([], slice(parts.rest, parts.rest[0] === "/" || (special && parts.rest[0] === "\\") ? 1 : 0), special) : [];
    if (special && r.path.length === 0) r.path = [""];
    r.query = parts.query === null ? null : encode(parts.query, special ? SPECIAL_QUERY : QUERY, false);
    r.hash = parts.hash === null ? null : encode(parts.hash, FRAGMENT, false);
    return r;
  }
  function opaqueOrPath(r, rest, special, input) {
    const parts = split(rest);
    if (special || parts.rest[0] === "/") r.path = pushPath([], slice(parts.rest, parts.rest[0] === "/" ? 1 : 0), special);
    else r.opaque = encode(parts.rest, "", false);
    r.query = parts.query === null ? null : encode(parts.query, special ? SPECIAL_QUERY : QUERY, false);
    r.hash = parts.hash === null ? null : encode(parts.hash, FRAGMENT, false);
    void input;
    return r;
  }
  function reverse(s) { let out = ""; for (let i = s.length - 1; i >= 0; i--) out += s[i]; return out; }
  function pathname(u) {
    if (u.opaque !== null) return u.opaque;
    let out = "";
    for (let i = 0; i < u.path.length; i++) out += "/" + u.path[i];
    return out;
  }
  function hostPart(u) { return u.hostname + (u.port !== "" ? ":" + u.port : ""); }
  function serialize(u) {
    let out = u.protocol;
    if (u.hasHost) {
      out += "//";
      if (u.username !== "" || u.password !== "") out += u.username + (u.password !== "" ? ":" + u.password : "") + "@";
      out += hostPart(u);
    }
    out += pathname(u);
    if (u.query !== null) out += "?" + u.query;
    if (u.hash !== null) out += "#" + u.hash;
    return out;
  }

  // -- URLSearchParams ---------------------------------------------------------------------------
  const PARAMS = new K.WeakMapCtor(), URLS = new K.WeakMapCtor();
  function params(self) {
    const p = self !== null && typeof self === "object" ? call(K.weakGet, PARAMS, self) : undefined;
    if (!p) throw new TypeErr("Value of \"this\" must be of type URLSearchParams");
    return p;
  }
  function parseQuery(text) {
    const list = [];
    if (text[0] === "?") text = slice(text, 1);
    let at = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && text[i] !== "&") continue;
      const pair = slice(text, at, i);
      at = i + 1;
      if (pair === "") continue;
      const eq = indexOf(pair, "=");
      list[list.length] = eq < 0 ? [decodeForm(pair), ""] : [decodeForm(slice(pair, 0, eq)), decodeForm(slice(pair, eq + 1))];
    }
    return list;
  }
  function queryText(list) {
    let out = "";
    for (let i = 0; i < list.length; i++) out += (i ? "&" : "") + encode(list[i][0], FORM, true) + "=" + encode(list[i][1], FORM, true);
    return out;
  }
  function update(p) {
    if (!p.url) return;
    const text = queryText(p.list);
    p.url.query = text === "" ? null : text;
  }
  class URLSearchParams {
    constructor(init) {
      const p = { list: [], url: null };
      call(K.weakSet, PARAMS, this, p);
      if (init === undefined || init === null) return;
      if (typeof init === "object" || typeof init === "function") {
        const iter = init[K.SymbolFn.iterator];
        if (typeof iter === "function") {
          for (const pair of init) {
            const entry = [];
            for (const x of pair) entry[entry.length] = Str(x);
            if (entry.length !== 2) throw new TypeErr("Each query pair must be an iterable [name, value] tuple");
            p.list[p.list.length] = entry;
          }
        } else {
          const keys = K.ownKeys(init);
          for (let i = 0; i < keys.length; i++) {
            const d = K.getDesc(init, keys[i]);
            if (typeof keys[i] === "string" && d && d.enumerable) p.list[p.list.length] = [keys[i], Str(init[keys[i]])];
          }
        }
        return;
      }
      p.list = parseQuery(Str(init));
    }
    get size() { return params(this).list.length; }
    append(name, value) { const p = params(this); p.list[p.list.length] = [Str(name), Str(value)]; update(p); }
    delete(name, value) {
      const p = params(this), n = Str(name), out = [];
      for (let i = 0; i < p.list.length; i++) if (!(p.list[i][0] === n && (value === undefined || p.list[i][1] === Str(value)))) out[out.length] = p.list[i];
      p.list = out;
      update(p);
    }
    get(name) { const p = params(this), n = Str(name); for (let i = 0; i < p.list.length; i++) if (p.list[i][0] === n) return p.list[i][1]; return null; }
    getAll(name) { const p = params(this), n = Str(name), out = []; for (let i = 0; i < p.list.length; i++) if (p.list[i][0] === n) out[out.length] = p.list[i][1]; return out; }
    has(name, value) { const p = params(this), n = Str(name); for (let i = 0; i < p.list.length; i++) if (p.list[i][0] === n && (value === undefined || p.list[i][1] === Str(value))) return true; return false; }
    set(name, value) {
      const p = params(this), n = Str(name), out = [];
      let done = false;
      for (let i = 0; i < p.list.length; i++) {
        if (p.list[i][0] !== n) out[out.length] = p.list[i];
        else if (!done) { out[out.length] = [n, Str(value)]; done = true; }
      }
      if (!done) out[out.length] = [n, Str(value)];
      p.list = out;
      update(p);
    }
    sort() {
      const p = params(this), a = p.list;
      for (let i = 1; i < a.length; i++) {  // stable insertion sort by code units, as the standard asks
        const x = a[i];
        let j = i - 1;
        while (j >= 0 && a[j][0] > x[0]) { a[j + 1] = a[j]; j--; }
        a[j + 1] = x;
      }
      update(p);
    }
    forEach(fn, thisArg) { const p = params(this); for (let i = 0; i < p.list.length; i++) call(fn, thisArg, p.list[i][1], p.list[i][0], this); }
    *entries() { const p = params(this); for (let i = 0; i < p.list.length; i++) yield [p.list[i][0], p.list[i][1]]; }
    *keys() { const p = params(this); for (let i = 0; i < p.list.length; i++) yield p.list[i][0]; }
    *values() { const p = params(this); for (let i = 0; i < p.list.length; i++) yield p.list[i][1]; }
    [K.SymbolFn.iterator]() { return this.entries(); }
    toString() { return queryText(params(this).list); }
  }
  defProp(URLSearchParams.prototype, K.SymbolFn.toStringTag, { value: "URLSearchParams", configurable: true });

  // -- URL ---------------------------------------------------------------------------------------
  function state(self) {
    const u = self !== null && typeof self === "object" ? call(K.weakGet, URLS, self) : undefined;
    if (!u) throw new TypeErr("Value of \"this\" must be of type URL");
    return u;
  }
  function baseOf(base) {
    if (base === undefined) return undefined;
    const b = parse(Str(base), undefined);
    b.href = serialize(b);
    return b;
  }
  class URL {
    constructor(input, base) {
      if (arguments.length === 0) throw new TypeErr('The "url" argument must be specified');
      const b = base === undefined ? undefined : (() => { try { return baseOf(base); } catch (e) { throw invalid(Str(input), Str(base)); } })();
      const u = parse(Str(input), b);
      call(K.weakSet, URLS, this, u);
      const search = new URLSearchParams(u.query === null ? "" : u.query);
      call(K.weakGet, PARAMS, search).url = u;
      u.searchParams = search;
    }
    static canParse(input, base) { try { new URL(input, base); return true; } catch (e) { return false; } }
    get href() { return serialize(state(this)); }
    set href(v) { const u = parse(Str(v), undefined); const old = state(this); for (const k in u) old[k] = u[k]; call(K.weakGet, PARAMS, old.searchParams).list = parseQuery(u.query || ""); }
    get origin() {
      const u = state(this);
      return u.protocol in SPECIAL && u.protocol !== "file:" ? u.protocol + "//" + hostPart(u) : "null";
    }
    get protocol() { return state(this).protocol; }
    get username() { return state(this).username; }
    set username(v) { state(this).username = encode(Str(v), USERINFO, false); }
    get password() { return state(this).password; }
    set password(v) { state(this).password = encode(Str(v), USERINFO, false); }
    get host() { return hostPart(state(this)); }
    get hostname() { return state(this).hostname; }
    set hostname(v) { const u = state(this); try { u.hostname = host(Str(v), u.protocol in SPECIAL, Str(v)); } catch (e) { /* ignored, as the standard says */ } }
    get port() { return state(this).port; }
    set port(v) {
      const u = state(this), s = Str(v);
      let digits = "";
      for (let i = 0; i < s.length && s[i] >= "0" && s[i] <= "9"; i++) digits += s[i];
      if (s === "") u.port = "";
      else if (digits !== "" && K.Num(digits) <= 65535) u.port = K.Num(digits) === SPECIAL[u.protocol] ? "" : Str(K.Num(digits));
    }
    get pathname() { return pathname(state(this)); }
    set pathname(v) { const u = state(this); if (u.opaque === null) { const s = Str(v); u.path = pushPath([], s[0] === "/" ? slice(s, 1) : s, u.protocol in SPECIAL); } }
    get search() { const q = state(this).query; return q === null || q === "" ? "" : "?" + q; }
    set search(v) {
      const u = state(this);
      let s = Str(v);
      if (s[0] === "?") s = slice(s, 1);
      u.query = s === "" ? null : encode(s, u.protocol in SPECIAL ? SPECIAL_QUERY : QUERY, false);
      call(K.weakGet, PARAMS, u.searchParams).list = parseQuery(s);
    }
    get searchParams() { return state(this).searchParams; }
    get hash() { const h = state(this).hash; return h === null || h === "" ? "" : "#" + h; }
    set hash(v) { const u = state(this); let s = Str(v); if (s[0] === "#") s = slice(s, 1); u.hash = s === "" ? null : encode(s, FRAGMENT, false); }
    toString() { return serialize(state(this)); }
    toJSON() { return serialize(state(this)); }
  }
  defProp(URL.prototype, K.SymbolFn.toStringTag, { value: "URL", configurable: true });
  return { URL, URLSearchParams };
})
