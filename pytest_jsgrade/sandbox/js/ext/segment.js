// Intl.Segmenter: grapheme clusters by the rules of UAX #29 (emoji ZWJ sequences, flags, skin
// tones, Hangul syllables, Indic conjuncts) and words by its word rules, which suit scripts that
// separate words with spaces; ICU splits Chinese, Japanese and Thai words with dictionaries, which
// this sandbox has not (docs/node-differences.md). Tables: js/data/segmentation.js (Unicode 17).
(function (K, H) {
  "use strict";
  const { call, list } = H;
  const { Str, RangeErr, TypeErr, defProp, floor } = K;
  const I = H.lib("intl");
  const { push, toObject, resolveLocale, describe, slice } = I;
  const DATA = H.lib("segmentation");
  const codePointAt = (s, i) => call(K.strCodePointAt, s, i);

  function decode(table) {
    const names = K.create(null);
    for (let i = 0; i < table.names.length; i++) names[table.names[i]] = i;
    return { starts: table.starts, classes: table.classes, names };
  }
  function classOf(t, cp) {
    let lo = 0, hi = t.starts.length - 1;
    while (lo < hi) {
      const mid = floor((lo + hi + 1) / 2);
      if (t.starts[mid] <= cp) lo = mid; else hi = mid - 1;
    }
    return t.classes[lo];
  }
  let G = null, W = null;
  function graphemeTable() { return G || (G = decode(DATA.graphemes)); }
  function wordTable() { return W || (W = decode(DATA.words)); }

  // -- graphemes (UAX #29, rules GB3 to GB999) --------------------------------------------------
  function graphemeBreaks(s) {
    const t = graphemeTable(), N = t.names;
    const CR = N.CR, LF = N.LF, CONTROL = N.Control, EXTEND = N.Extend, ZWJ = N.ZWJ, RI = N.Regional_Indicator, PREPEND = N.Prepend;
    const SPACING = N.SpacingMark, L = N.L, V = N.V, T = N.T, LV = N.LV, LVT = N.LVT, CONSONANT = N.InCB_Consonant;
    const LINKER = N.InCB_Linker, INCB_EXTEND = N.InCB_Extend, PICT = N.Extended_Pictographic;
    const isExtend = (c) => c === EXTEND || c === LINKER || c === INCB_EXTEND;
    const breaks = push(list(), 0);
    let prev = -1, riCount = 0, pictZwj = 0, conjunct = 0;
    // pictZwj: 1 after ExtPict Extend*, 2 after ExtPict Extend* ZWJ; conjunct: 1 after Consonant [Extend|Linker]*, 2 once a Linker was seen
    for (let i = 0; i < s.length;) {
      const cp = codePointAt(s, i), size = cp > 0xffff ? 2 : 1, c = classOf(t, cp);
      if (prev >= 0) {
        let join;
        if (prev === CR && c === LF) join = true;
        else if (prev === CR || prev === LF || prev === CONTROL || c === CR || c === LF || c === CONTROL) join = false;
        else if (prev === L && (c === L || c === V || c === LV || c === LVT)) join = true;
        else if ((prev === LV || prev === V) && (c === V || c === T)) join = true;
        else if ((prev === LVT || prev === T) && c === T) join = true;
        else if (isExtend(c) || c === ZWJ || c === SPACING || prev === PREPEND) join = true;
        else if (conjunct === 2 && c === CONSONANT) join = true;
        else if (pictZwj === 2 && c === PICT) join = true;
        else if (prev === RI && c === RI && riCount % 2 === 1) join = true;
        else join = false;
        if (!join) push(breaks, i);
      }
      if (c === PICT) pictZwj = 1;
      else if (pictZwj === 1 && isExtend(c)) pictZwj = 1;
      else if (pictZwj === 1 && c === ZWJ) pictZwj = 2;
      else pictZwj = 0;
      if (c === CONSONANT) conjunct = 1;
      else if (conjunct && c === LINKER) conjunct = 2;
      else if (conjunct && (c === INCB_EXTEND || c === ZWJ)) { /* stays */ }
      else conjunct = 0;
      riCount = c === RI ? riCount + 1 : 0;
      prev = c;
      i += size;
    }
    if (s.length) push(breaks, s.length);
    return breaks;
  }

  // -- words (UAX #29, rules WB3 to WB999; ideographs and Thai one character at a time) ------------
  function wordBreaks(s) {
    const t = wordTable(), N = t.names;
    const cps = list(), cls = list(), at = list();
    for (let i = 0; i < s.length;) {
      const cp = codePointAt(s, i);
      push(at, i); push(cps, cp); push(cls, classOf(t, cp));
      i += cp > 0xffff ? 2 : 1;
    }
    const n = cls.length;
    const { CR, LF, Newline, Extend, ZWJ, Format, Katakana, Hebrew_Letter: HL, ALetter, Single_Quote: SQ, Double_Quote: DQ, MidNumLet,
      MidLetter, MidNum, Numeric, ExtendNumLet, WSegSpace, Regional_Indicator: RI, Extended_Pictographic: PICT, Ideographic, Hiragana } = N;
    const ignorable = (c) => c === Extend || c === Format || c === ZWJ;
    const AH = (c) => c === ALetter || c === HL;
    const midLetterQ = (c) => c === MidLetter || c === MidNumLet || c === SQ;
    const midNumQ = (c) => c === MidNum || c === MidNumLet || c === SQ;
    // The class of the character at or after index j, skipping WB4's ignorables.
    const next = (j) => { j++; while (j < n && ignorable(cls[j])) j++; return j < n ? j : -1; };
    const breaks = push(list(), 0), kinds = list();
    let last = -1, lastPrev = -1, riRun = 0;  // indexes of the effective previous character and the one before it
    for (let j = 0; j < n; j++) {
      const c = cls[j];
      if (j > 0) {
        const p = cls[j - 1];
        let join = null;
        if (p === CR && c === LF) join = true;
        else if (p === CR || p === LF || p === Newline || c === CR || c === LF || c === Newline) join = false;
        else if (p === ZWJ && c === PICT) join = true;
        else if (p === WSegSpace && c === WSegSpace) join = true;
        else if (ignorable(c)) join = true;
        if (join === null) {
          const e = last >= 0 ? cls[last] : -1, before = lastPrev >= 0 ? cls[lastPrev] : -1;
          const after = next(j), a = after >= 0 ? cls[after] : -1;
          if (AH(e) && AH(c)) join = true;
          else if (AH(e) && midLetterQ(c) && AH(a)) join = true;
          else if (AH(before) && midLetterQ(e) && AH(c)) join = true;
          else if (e === HL && c === SQ) join = true;
          else if (e === HL && c === DQ && a === HL) join = true;
          else if (before === HL && e === DQ && c === HL) join = true;
          else if (e === Numeric && c === Numeric) join = true;
          else if (AH(e) && c === Numeric) join = true;
          else if (e === Numeric && AH(c)) join = true;
          else if (before === Numeric && midNumQ(e) && c === Numeric) join = true;
          else if (e === Numeric && midNumQ(c) && a === Numeric) join = true;
          else if (e === Katakana && c === Katakana) join = true;
          else if (e === Hiragana && c === Hiragana) join = true;
          else if ((AH(e) || e === Numeric || e === Katakana || e === ExtendNumLet) && c === ExtendNumLet) join = true;
          else if (e === ExtendNumLet && (AH(c) || c === Numeric || c === Katakana)) join = true;
          else if (e === RI && c === RI && riRun % 2 === 1) join = true;
          else join = false;
        }
        if (!join) push(breaks, at[j]);
      }
      if (!ignorable(c) || j === 0 || cls[j - 1] === CR || cls[j - 1] === LF || cls[j - 1] === Newline) {
        riRun = c === RI ? riRun + 1 : 0;
        lastPrev = last; last = j;
      }
    }
    if (s.length) push(breaks, s.length);
    // A segment is word-like when it holds a letter, a digit, a kana or an ideograph.
    for (let b = 0; b + 1 < breaks.length; b++) {
      let like = false;
      for (let j = 0; j < n; j++) {
        if (at[j] < breaks[b] || at[j] >= breaks[b + 1]) continue;
        const c = cls[j];
        if (AH(c) || c === Numeric || c === Katakana || c === Ideographic || c === Hiragana || c === N.SEAsian) { like = true; break; }
      }
      push(kinds, like);
    }
    return { breaks, kinds };
  }

  // -- Intl.Segmenter ---------------------------------------------------------------------------
  const SEGMENTERS = new K.WeakMapCtor(), SEGMENTS = new K.WeakMapCtor();
  function state(map, self, what) {
    const s = self !== null && typeof self === "object" ? call(K.weakGet, map, self) : undefined;
    if (!s) throw new TypeErr("Method " + what + " called on incompatible receiver " + describe(self));
    return s;
  }
  function boundaries(granularity, input) {
    if (granularity === "grapheme") return { breaks: graphemeBreaks(input), kinds: null };
    return wordBreaks(input);
  }
  function segmentData(input, b, i, word) {
    const o = { segment: slice(input, b.breaks[i], b.breaks[i + 1]), index: b.breaks[i], input };
    if (word) o.isWordLike = b.kinds[i];
    return o;
  }
  class Segments {
    containing(index) {
      const s = state(SEGMENTS, this, "%Segments.prototype%.containing");
      let n = index === undefined ? 0 : K.Num(index);
      n = n !== n ? 0 : n < 0 ? -floor(-n) : floor(n);
      if (n < 0 || n >= s.input.length) return undefined;
      const b = s.bounds || (s.bounds = boundaries(s.granularity, s.input));
      for (let i = 0; i + 1 < b.breaks.length; i++) if (n < b.breaks[i + 1]) return segmentData(s.input, b, i, s.granularity === "word");
      return undefined;
    }
    [K.SymbolFn.iterator]() {
      const s = state(SEGMENTS, this, "%Segments.prototype%[@@iterator]");
      const b = s.bounds || (s.bounds = boundaries(s.granularity, s.input));
      let i = 0;
      const iterator = {
        next() {
          if (i + 1 >= b.breaks.length) return { value: undefined, done: true };
          return { value: segmentData(s.input, b, i++, s.granularity === "word"), done: false };
        },
        [K.SymbolFn.iterator]() { return this; },
      };
      defProp(iterator, K.SymbolFn.toStringTag, { value: "Segmenter String Iterator", configurable: true });
      return iterator;
    }
  }
  class Segmenter {
    constructor(locales, options) {
      if (new.target === undefined) throw new TypeErr("Constructor Intl.Segmenter requires 'new'");
      const loc = resolveLocale(locales);
      options = toObject(options);
      const granularity = I.option(options, "granularity", ["grapheme", "word", "sentence"], "grapheme", "Intl.Segmenter");
      if (granularity === "sentence") throw new RangeErr("Intl.Segmenter granularity 'sentence' is not supported in this grader's sandbox");
      call(K.weakSet, SEGMENTERS, this, { locale: loc.tag, granularity });
    }
    segment(input) {
      const s = state(SEGMENTERS, this, "Intl.Segmenter.prototype.segment");
      const segments = new Segments();
      call(K.weakSet, SEGMENTS, segments, { input: Str(input), granularity: s.granularity, bounds: null });
      return segments;
    }
    resolvedOptions() { const s = state(SEGMENTERS, this, "Intl.Segmenter.prototype.resolvedOptions"); return { locale: s.locale, granularity: s.granularity }; }
    static supportedLocalesOf(locales) { return I.supportedLocalesOf(locales); }
  }
  defProp(Segmenter.prototype, K.SymbolFn.toStringTag, { value: "Intl.Segmenter", configurable: true });
  return { Segmenter, graphemeBreaks };
})
