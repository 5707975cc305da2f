// TextEncoder and TextDecoder for UTF-8, as Node has them (lone surrogates become U+FFFD; a
// decoder drops a leading byte order mark unless told not to, and with `fatal` throws on bad bytes).
// Reads no global, only K.
(function (K, H) {
  "use strict";
  const { call } = H;
  const { TypeErr, RangeErr, Str, U8 } = K;
  const codePointAt = (s, i) => call(K.strCodePointAt, s, i);
  const fromCodePoint = (c) => call(K.fromCodePoint, undefined, c);

  function utf8(s) {
    const bytes = [];
    for (let i = 0; i < s.length; i++) {
      let cp = codePointAt(s, i);
      if (cp > 0xffff) i++;
      else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      if (cp < 0x80) bytes[bytes.length] = cp;
      else if (cp < 0x800) { bytes[bytes.length] = 0xc0 | (cp >> 6); bytes[bytes.length] = 0x80 | (cp & 63); }
      else if (cp < 0x10000) { bytes[bytes.length] = 0xe0 | (cp >> 12); bytes[bytes.length] = 0x80 | ((cp >> 6) & 63); bytes[bytes.length] = 0x80 | (cp & 63); }
      else {
        bytes[bytes.length] = 0xf0 | (cp >> 18); bytes[bytes.length] = 0x80 | ((cp >> 12) & 63);
        bytes[bytes.length] = 0x80 | ((cp >> 6) & 63); bytes[bytes.length] = 0x80 | (cp & 63);
      }
    }
    return bytes;
  }
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(input) { return new U8(utf8(input === undefined ? "" : Str(input))); }
    encodeInto(input, dest) {
      const s = Str(input);
      let read = 0, written = 0;
      for (let i = 0; i < s.length; i++) {
        const cp = codePointAt(s, i), units = cp > 0xffff ? 2 : 1;
        const bytes = utf8(call(K.strSlice, s, i, i + units));
        if (written + bytes.length > call(K.typedLength, dest)) break;
        for (let j = 0; j < bytes.length; j++) dest[written++] = bytes[j];
        read += units;
        i += units - 1;
      }
      return { read, written };
    }
  }
  K.defProp(TextEncoder.prototype, K.SymbolFn.toStringTag, { value: "TextEncoder", configurable: true });

  const LABELS = { __proto__: null, "utf-8": true, utf8: true, "unicode-1-1-utf-8": true, "unicode11utf8": true, "unicode20utf8": true, "x-unicode20utf8": true };
  const STATE = new K.WeakMapCtor();
  function bytesOf(input) {
    if (input === undefined) return new U8(0);
    if (K.isView(input)) return new U8(input.buffer, input.byteOffset, input.byteLength);
    if (call(K.objectProtoToString, input) === "[object ArrayBuffer]" || call(K.objectProtoToString, input) === "[object SharedArrayBuffer]") return new U8(input);
    throw new TypeErr('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.');
  }
  class TextDecoder {
    constructor(label, options) {
      const name = label === undefined ? "utf-8" : call(K.strToLower, Str(label));
      const trimmed = trim(name);
      if (!LABELS[trimmed]) throw new RangeErr('The "' + Str(label) + '" encoding is not supported');
      const o = options === undefined || options === null ? {} : options;
      call(K.weakSet, STATE, this, { fatal: !!o.fatal, ignoreBOM: !!o.ignoreBOM });
    }
    get encoding() { return "utf-8"; }
    get fatal() { return call(K.weakGet, STATE, this).fatal; }
    get ignoreBOM() { return call(K.weakGet, STATE, this).ignoreBOM; }
    decode(input) {
      const s = call(K.weakGet, STATE, this);
      if (!s) throw new TypeErr("Value of \"this\" must be of type TextDecoder");
      const b = bytesOf(input), n = call(K.typedLength, b);
      let out = "", i = 0;
      if (!s.ignoreBOM && n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
      const bad = () => {
        if (s.fatal) { const e = new TypeErr("The encoded data was not valid for encoding utf-8"); e.code = "ERR_ENCODING_INVALID_ENCODED_DATA"; throw e; }
        return "\ufffd";
      };
      while (i < n) {
        const c = b[i];
        if (c < 0x80) { out += fromCodePoint(c); i++; continue; }
        let need, cp, lower = 0x80, upper = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 31; }
        else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 15; if (c === 0xe0) lower = 0xa0; if (c === 0xed) upper = 0x9f; }
        else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 7; if (c === 0xf0) lower = 0x90; if (c === 0xf4) upper = 0x8f; }
        else { out += bad(); i++; continue; }
        let j = 1;
        for (; j <= need; j++) {
          const d = b[i + j];
          if (i + j >= n || d < lower || d > upper) break;
          cp = (cp << 6) | (d & 63);
          lower = 0x80; upper = 0xbf;
        }
        if (j <= need) { out += bad(); i += j; continue; }
        out += fromCodePoint(cp);
        i += need + 1;
      }
      return out;
    }
  }
  function trim(s) {
    let a = 0, b = s.length;
    while (a < b && (s[a] === " " || s[a] === "\t" || s[a] === "\n")) a++;
    while (b > a && (s[b - 1] === " " || s[b - 1] === "\t" || s[b - 1] === "\n")) b--;
    return call(K.strSlice, s, a, b);
  }
  K.defProp(TextDecoder.prototype, K.SymbolFn.toStringTag, { value: "TextDecoder", configurable: true });
  return { TextEncoder, TextDecoder };
})
