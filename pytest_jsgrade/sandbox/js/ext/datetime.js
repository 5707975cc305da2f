// Intl.DateTimeFormat and Date.prototype.toLocale*String, from CLDR patterns (js/data). The
// sandbox knows UTC and fixed offsets (Etc/GMT+5, ...), not named zones with daylight saving:
// those throw a RangeError that says so (docs/node-differences.md). Reads no global, only K.
(function (K, H) {
  "use strict";
  const { call, list } = H;
  const { Str, RangeErr, TypeErr, floor, defProp } = K;
  const I = H.lib("intl");
  const { has, slice, indexOf, push, toObject, resolveLocale, localeData, numberOptions, numberParts, joinParts, partsObjects, describe, lower } = I;

  // -- time zones ------------------------------------------------------------------------------
  function timeZoneOf(value) {
    if (value === undefined) return { name: "UTC", offset: 0 };
    const name = Str(value), low = lower(name);
    if (low === "utc" || low === "etc/utc" || low === "gmt" || low === "etc/gmt" || low === "etc/uct" || low === "uct" || low === "etc/universal" || low === "etc/zulu") return { name: "UTC", offset: 0 };
    if (slice(low, 0, 7) === "etc/gmt" && (low[7] === "+" || low[7] === "-")) {
      const hours = K.Num(slice(low, 8));
      if (hours === floor(hours) && hours >= 0 && hours <= 14 && low.length > 8 && low.length <= 10) {
        return { name: "Etc/GMT" + low[7] + hours, offset: (low[7] === "+" ? -hours : hours) * 60 };
      }
    }
    throw new RangeErr("Invalid time zone specified: " + name + " (the grader's sandbox knows UTC and Etc/GMT+N / Etc/GMT-N only, not zones with daylight saving)");
  }

  // -- calendar arithmetic ---------------------------------------------------------------------
  // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
  function civil(days) {
    const z = days + 719468, era = floor(z / 146097), doe = z - era * 146097;
    const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100)), mp = floor((5 * doy + 2) / 153);
    const d = doy - floor((153 * mp + 2) / 5) + 1, m = mp < 10 ? mp + 3 : mp - 9;
    return { year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d };
  }
  function fieldsOf(ms, offsetMinutes) {
    const t = ms + offsetMinutes * 60000;
    const days = floor(t / 86400000), inDay = t - days * 86400000;
    const c = civil(days);
    return { year: c.year, month: c.month, day: c.day, weekday: ((days % 7) + 10) % 7,  // 0 = Monday, as Babel numbers days
      hour: floor(inDay / 3600000), minute: floor(inDay / 60000) % 60, second: floor(inDay / 1000) % 60, ms: inDay % 1000 };
  }

  // -- options ---------------------------------------------------------------------------------
  const FIELDS = [["weekday", ["narrow", "short", "long"]], ["era", ["narrow", "short", "long"]], ["year", ["2-digit", "numeric"]],
    ["month", ["2-digit", "numeric", "narrow", "short", "long"]], ["day", ["2-digit", "numeric"]], ["dayPeriod", ["narrow", "short", "long"]],
    ["hour", ["2-digit", "numeric"]], ["minute", ["2-digit", "numeric"]], ["second", ["2-digit", "numeric"]],
    ["fractionalSecondDigits", null], ["timeZoneName", ["short", "long", "shortOffset", "longOffset", "shortGeneric", "longGeneric"]]];
  const STYLE = ["full", "long", "medium", "short"];
  function pick(options, key, allowed) {
    const v = options[key];
    if (v === undefined) return undefined;
    const s = Str(v);
    for (let i = 0; i < allowed.length; i++) if (allowed[i] === s) return s;
    throw new RangeErr("Value " + s + " out of range for Intl.DateTimeFormat options property " + key);
  }
  function resolve(locales, options, required, defaults) {
    const loc = resolveLocale(locales);
    const data = localeData(loc.data);
    options = toObject(options);
    const o = { locale: loc.tag, data, fields: { __proto__: null } };
    const hour12 = options.hour12;
    const hc = pick(options, "hourCycle", ["h11", "h12", "h23", "h24"]);
    o.timeZone = timeZoneOf(options.timeZone);
    for (let i = 0; i < FIELDS.length; i++) {
      const [key, allowed] = FIELDS[i];
      if (key === "fractionalSecondDigits") {
        const v = options[key];
        if (v !== undefined) {
          const n = K.Num(v);
          if (!(n >= 1 && n <= 3)) throw new RangeErr("fractionalSecondDigits value is out of range.");
          o.fields[key] = floor(n);
        }
      } else {
        const v = pick(options, key, allowed);
        if (v !== undefined) o.fields[key] = v;
      }
    }
    o.dateStyle = pick(options, "dateStyle", STYLE);
    o.timeStyle = pick(options, "timeStyle", STYLE);
    const f = o.fields;
    if (o.dateStyle !== undefined || o.timeStyle !== undefined) {
      for (let i = 0; i < FIELDS.length; i++) {
        if (f[FIELDS[i][0]] !== undefined) throw new TypeErr("Can't set option " + FIELDS[i][0] + " when " + (o.dateStyle !== undefined ? "dateStyle" : "timeStyle") + " is used");
      }
      if (required === "date" && o.dateStyle === undefined) throw new TypeErr("Invalid option : timeStyle");
      if (required === "time" && o.timeStyle === undefined) throw new TypeErr("Invalid option : dateStyle");
    } else {
      let needDefaults = true;
      if (required === "date" || required === "any") if (f.weekday !== undefined || f.year !== undefined || f.month !== undefined || f.day !== undefined) needDefaults = false;
      if (required === "time" || required === "any") if (f.dayPeriod !== undefined || f.hour !== undefined || f.minute !== undefined || f.second !== undefined || f.fractionalSecondDigits !== undefined) needDefaults = false;
      if (needDefaults && (defaults === "date" || defaults === "all")) { f.year = "numeric"; f.month = "numeric"; f.day = "numeric"; }
      if (needDefaults && (defaults === "time" || defaults === "all")) { f.hour = "numeric"; f.minute = "numeric"; f.second = "numeric"; }
    }
    const localeCycle = hourCycleOf(data.timeFormats.short);
    let cycle = hc || localeCycle;
    // V8 (Node 20): hour12 picks the 12-hour or 24-hour cycle of the locale's "family": h11 and h23
    // go together, and h12 and h24, so that `hour12: false` in en-US prints midnight as 24:00.
    if (hour12 !== undefined) cycle = localeCycle === "h11" || localeCycle === "h23" ? (hour12 ? "h11" : "h23") : (hour12 ? "h12" : "h24");
    o.hourCycle = cycle;
    o.data.decimalSymbol = data.symbols.decimal;
    o.pattern = o.dateStyle !== undefined || o.timeStyle !== undefined ? stylePattern(o) : skeletonPattern(o);
    return o;
  }
  function hourCycleOf(pattern) {
    const p = stripQuoted(pattern);
    if (indexOf(p, "h") >= 0) return "h12";
    if (indexOf(p, "K") >= 0) return "h11";
    if (indexOf(p, "k") >= 0) return "h24";
    return "h23";
  }
  function stripQuoted(p) {
    let out = "", q = false;
    for (let i = 0; i < p.length; i++) { if (p[i] === "'") q = !q; else if (!q) out += p[i]; }
    return out;
  }
  // A pattern's hour letter for an hour cycle; 12-hour patterns keep their day period, 24-hour ones drop it.
  function withCycle(pattern, cycle) {
    const letter = cycle === "h12" ? "h" : cycle === "h11" ? "K" : cycle === "h24" ? "k" : "H";
    const twelve = letter === "h" || letter === "K";
    let out = "", q = false, hadPeriod = false;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "'") { q = !q; out += c; continue; }
      if (!q && (c === "h" || c === "H" || c === "k" || c === "K")) { out += letter; continue; }
      if (!q && (c === "a" || c === "b" || c === "B")) { hadPeriod = true; if (twelve) out += c; else { out = trimEnd(out); } continue; }
      out += c;
    }
    if (twelve && !hadPeriod && indexOf(stripQuoted(out), letter) >= 0) {  // after the last of the hour, minutes and seconds
      let last = -1, q2 = false;
      for (let i = 0; i < out.length; i++) {
        if (out[i] === "'") q2 = !q2;
        else if (!q2 && (out[i] === letter || out[i] === "m" || out[i] === "s")) last = i;
      }
      out = slice(out, 0, last + 1) + " a" + slice(out, last + 1);
    }
    return trimStart(out);
  }
  function isSpace(c) { return c === " " || c === "\u202f" || c === "\u00a0"; }
  function trimEnd(s) { let e = s.length; while (e > 0 && isSpace(s[e - 1])) e--; return slice(s, 0, e); }
  function trimStart(s) { let b = 0; while (b < s.length && isSpace(s[b])) b++; return slice(s, b); }
  function stylePattern(o) {
    const d = o.data;
    const date = o.dateStyle !== undefined ? d.dateFormats[o.dateStyle] : null;
    const time = o.timeStyle !== undefined ? withCycle(d.timeFormats[o.timeStyle], o.hourCycle) : null;
    if (date !== null && time !== null) {
      return combine(glueOf(d, o.dateStyle), date, time);
    }
    return date !== null ? date : time;
  }
  // ICU 78 joins a date and a time with CLDR's "atTime" patterns where the locale has them.
  function glueOf(d, length) { return has(d.dateTimeAt, length) ? d.dateTimeAt[length] : d.dateTimeFormats[length]; }
  function combine(glue, date, time) {
    let out = "";
    for (let i = 0; i < glue.length; i++) {
      if (glue[i] === "{" && glue[i + 2] === "}") { out += glue[i + 1] === "1" ? date : time; i += 2; }
      else out += glue[i];
    }
    return out;
  }

  // -- skeletons: the options as CLDR's availableFormats keys, matched as ICU's pattern generator does
  function skeletonOf(f, cycle) {
    let date = "", time = "";
    if (f.era) date += f.era === "long" ? "GGGG" : f.era === "narrow" ? "GGGGG" : "G";
    if (f.year) date += f.year === "2-digit" ? "yy" : "y";
    if (f.month) date += { "2-digit": "MM", numeric: "M", narrow: "MMMMM", short: "MMM", long: "MMMM" }[f.month];
    if (f.weekday) date += f.weekday === "long" ? "EEEE" : f.weekday === "narrow" ? "EEEEE" : "EEE";
    if (f.day) date += f.day === "2-digit" ? "dd" : "d";
    const letter = cycle === "h12" ? "h" : cycle === "h11" ? "K" : cycle === "h24" ? "k" : "H";
    if (f.hour) time += f.hour === "2-digit" ? letter + letter : letter;
    if (f.minute) time += f.minute === "2-digit" ? "mm" : "m";
    if (f.second) time += f.second === "2-digit" ? "ss" : "s";
    if (f.fractionalSecondDigits) time += slice("SSS", 0, f.fractionalSecondDigits);
    if (f.timeZoneName) time += f.timeZoneName === "long" ? "zzzz" : "z";
    return { date, time };
  }
  // Field letter and class (numeric or text) of each run in a skeleton or pattern.
  function runs(p) {
    const out = list();
    let q = false;
    for (let i = 0; i < p.length; i++) {
      const c = p[i];
      if (c === "'") { q = !q; continue; }
      if (q || !((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"))) continue;
      let n = 1;
      while (p[i + 1] === c) { n++; i++; }
      push(out, [canonicalLetter(c), n, c]);
    }
    return out;
  }
  function canonicalLetter(c) {
    if (c === "L") return "M";
    if (c === "c") return "E";
    if (c === "K" || c === "k" || c === "H") return "h";
    if (c === "v") return "z";
    return c;
  }
  function fieldClass(letter, n) { return letter === "M" ? (n >= 3 ? "text" : "num") : letter === "E" || letter === "G" || letter === "a" ? "text" : "num"; }
  function signature(rs) {
    let s = "";
    for (let i = 0; i < rs.length; i++) if (rs[i][0] !== "a" && rs[i][0] !== "b" && rs[i][0] !== "B") s += rs[i][0] + fieldClass(rs[i][0], rs[i][1]) + ";";
    return s;
  }
  function sorted(rs) {
    const order = "GyMEdhmsSz";
    const out = list();
    for (let k = 0; k < order.length; k++) for (let i = 0; i < rs.length; i++) if (rs[i][0] === order[k]) push(out, rs[i]);
    return out;
  }
  // Candidates as ICU's pattern generator sees them: the locale's availableFormats by skeleton,
  // and its standard date and time patterns by the skeleton each implies.
  function candidates(data) {
    if (data.candidates) return data.candidates;
    const out = list();
    const keys = K.ownKeys(data.skeletons);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (indexOf(key, "B") >= 0 || indexOf(key, "v") >= 0 || indexOf(key, "ddd") >= 0 || indexOf(key, "w") >= 0 || indexOf(key, "W") >= 0 || indexOf(key, "Q") >= 0) continue;
      push(out, [sorted(runs(key)), data.skeletons[key], key]);
    }
    const styles = ["full", "long", "medium", "short"];
    for (let i = 0; i < 4; i++) {
      const p = data.dateFormats[styles[i]];
      push(out, [sorted(runs(p)), p, p]);
    }
    return (data.candidates = out);
  }
  function matchSkeleton(data, skeleton, cycle) {
    if (!skeleton) return null;
    const want = sorted(runs(skeleton)), sig = signature(want);
    const all = candidates(data);
    let best = null, bestScore = -1;
    const twelve = cycle === "h12" || cycle === "h11";
    for (let i = 0; i < all.length; i++) {
      const [got, pattern, key] = all[i];
      const hasH = indexOf(key, "H") >= 0, hash = indexOf(key, "h") >= 0;
      if ((hasH && twelve) || (hash && !twelve)) continue;
      if (signature(got) !== sig) continue;
      let score = 100;
      // An exact field counts only in the same form: ICU keeps "cccc" (stand-alone) apart from "EEEE".
      for (let j = 0; j < got.length; j++) {
        if (got[j][2] !== want[j][2]) score--;
        else if (got[j][1] === want[j][1]) score++;
      }
      if (score > bestScore) { best = all[i]; bestScore = score; }
    }
    if (best === null) return null;
    return adjust(best[1], want, best[0], cycle);
  }
  function fallbackPattern(want) {
    let out = "";
    for (let i = 0; i < want.length; i++) out += (i ? " " : "") + repeat(want[i][2], want[i][1]);
    return out;
  }
  function repeat(c, n) { let s = ""; for (let i = 0; i < n; i++) s += c; return s; }
  // ICU's adjustFieldTypes: a field takes the requested width only where the matched skeleton's
  // width differs from it, and never between a numeric and a text form; minutes and seconds keep
  // the pattern's width.
  function adjust(pattern, want, matched, cycle) {
    const widths = { __proto__: null }, keyWidths = { __proto__: null };
    for (let i = 0; i < want.length; i++) widths[want[i][0]] = want[i][1];
    for (let i = 0; i < matched.length; i++) keyWidths[matched[i][0]] = matched[i][1];
    let out = "", q = false;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "'") { q = !q; out += c; continue; }
      if (q || !((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"))) { out += c; continue; }
      let n = 1;
      while (pattern[i + 1] === c) { n++; i++; }
      const letter = canonicalLetter(c), w = widths[letter], k = keyWidths[letter];
      let emit = c;
      if (letter === "h") emit = cycle === "h12" ? "h" : cycle === "h11" ? "K" : cycle === "h24" ? "k" : "H";
      if (w !== undefined && letter !== "m" && letter !== "s") {
        const patternNumeric = fieldClass(letter, n) === "num", keyNumeric = fieldClass(letter, k) === "num";
        if (patternNumeric === keyNumeric && k !== w) n = w;
      }
      out += repeat(emit, n);
    }
    return out;
  }
  function skeletonPattern(o) {
    const f = o.fields;
    if (f.fractionalSecondDigits === undefined && f.timeZoneName === undefined) return basePattern(o, f);
    const rest = { __proto__: null };
    for (const k in f) if (k !== "fractionalSecondDigits" && k !== "timeZoneName") rest[k] = f[k];
    let p = basePattern(o, rest);
    if (f.fractionalSecondDigits !== undefined) {
      const at = lastIndexOfLetter(p, "s");
      const frac = o.data.decimalSymbol + repeat("S", f.fractionalSecondDigits);
      p = at < 0 ? p + frac : slice(p, 0, at + 1) + frac + slice(p, at + 1);
    }
    if (f.timeZoneName !== undefined) p += " " + (f.timeZoneName === "long" ? "zzzz" : "z");
    return p;
  }
  function lastIndexOfLetter(p, c) {
    let q = false, found = -1;
    for (let i = 0; i < p.length; i++) { if (p[i] === "'") q = !q; else if (!q && p[i] === c) found = i; }
    return found;
  }
  function basePattern(o, f) {
    const sk = skeletonOf(f, o.hourCycle), d = o.data;
    const whole = sk.date + sk.time;
    if (!whole) return "";
    const direct = matchSkeleton(d, whole, o.hourCycle);
    if (direct !== null) return direct;
    if (!sk.date || !sk.time) return fallbackPattern(sorted(runs(whole)));
    // No pattern for both: the date and the time matched apart, then joined (ICU's way).
    const date = matchSkeleton(d, sk.date, o.hourCycle) || fallbackPattern(sorted(runs(sk.date)));
    const time = matchSkeleton(d, sk.time, o.hourCycle) || fallbackPattern(sorted(runs(sk.time)));
    const length = f.month === "long" ? (f.weekday ? "full" : "long") : f.month === "short" ? "medium" : "short";
    return combine(glueOf(d, length), date, time);
  }

  // -- formatting ------------------------------------------------------------------------------
  const TYPES = { __proto__: null, G: "era", y: "year", M: "month", L: "month", E: "weekday", c: "weekday", d: "day", a: "dayPeriod",
    b: "dayPeriod", B: "dayPeriod", h: "hour", H: "hour", K: "hour", k: "hour", m: "minute", s: "second", S: "fractionalSecond",
    z: "timeZoneName", v: "timeZoneName", O: "timeZoneName" };
  const WIDTH = ["", "abbreviated", "abbreviated", "abbreviated", "wide", "narrow"];
  function pad(n, width) { let s = Str(n); while (s.length < width) s = "0" + s; return s; }
  // Stand-alone names the data leaves out are the format ones.
  function names(table, context, width) {
    const t = has(table, context) && has(table[context], width) ? table[context] : table.format;
    return has(t, width) ? t[width] : t.abbreviated;
  }
  function zoneName(o, n) {
    const off = o.timeZone.offset, z = o.data.zones;
    if (off === 0) return n >= 4 ? (z.utcLong || "Coordinated Universal Time") : (z.utcShort || "UTC");
    const a = off < 0 ? -off : off, h = floor(a / 60), m = a % 60;
    const hourFormats = z.hour, semi = indexOf(hourFormats, ";");
    const hf = off < 0 ? slice(hourFormats, semi + 1) : slice(hourFormats, 0, semi);
    let text;
    if (n >= 4) text = I.replaceAll(I.replaceAll(hf, "HH", pad(h, 2)), "mm", pad(m, 2));
    else {  // the short localized GMT format: hours without padding, minutes only when not zero
      const sign = off < 0 ? (indexOf(hf, "\u2212") >= 0 ? "\u2212" : "-") : "+";
      text = sign + h + (m ? ":" + pad(m, 2) : "");
    }
    return I.replaceAll(z.gmt, "{0}", text);
  }
  function fieldText(o, c, n, t) {
    const d = o.data;
    switch (c) {
      case "G": { const e = t.year > 0 ? 1 : 0; return names({ format: d.eras }, "format", n === 4 ? "wide" : n === 5 ? "narrow" : "abbreviated")[e]; }
      case "y": { const y = t.year > 0 ? t.year : 1 - t.year; return n === 2 ? pad(y % 100, 2) : pad(y, n); }
      case "M": case "L":
        if (n <= 2) return pad(t.month, n);
        return names(d.months, c === "L" ? "stand-alone" : "format", WIDTH[n])[t.month];
      case "E": case "c":
        if (c === "c" && n <= 2) return Str(t.weekday + 1);
        return names(d.days, c === "c" ? "stand-alone" : "format", n === 6 ? "short" : WIDTH[n < 4 ? 3 : n])[t.weekday];
      case "d": return pad(t.day, n);
      case "a": case "b": case "B": {
        const p = names(d.periods, "format", n === 4 ? "wide" : n === 5 ? "narrow" : "abbreviated");
        return t.hour < 12 ? p.am : p.pm;
      }
      case "h": return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, n);
      case "H": return pad(t.hour, n);
      case "K": return pad(t.hour % 12, n);
      case "k": return pad(t.hour === 0 ? 24 : t.hour, n);
      case "m": return pad(t.minute, n);
      case "s": return pad(t.second, n);
      case "S": return slice(pad(t.ms, 3), 0, n);
      case "z": case "v": case "O": return zoneName(o, n);
      default: return repeat(c, n);
    }
  }
  function dateParts(o, ms) {
    const t = fieldsOf(ms, o.timeZone.offset);
    const p = o.pattern, out = list();
    let lit = "", q = false;
    const flush = () => { if (lit) { push(out, ["literal", lit]); lit = ""; } };
    for (let i = 0; i < p.length; i++) {
      const c = p[i];
      if (c === "'") {
        if (p[i + 1] === "'") { lit += "'"; i++; continue; }
        q = !q;
        continue;
      }
      if (q || !TYPES[c]) { lit += c; continue; }
      let n = 1;
      while (p[i + 1] === c) { n++; i++; }
      flush();
      push(out, [TYPES[c], fieldText(o, c, n, t)]);
    }
    flush();
    return out;
  }
  function timeValue(date) {
    if (date === undefined) return call(K.dateNow, undefined);
    const n = typeof date === "object" && date !== null ? toTime(date) : K.Num(date);
    if (n !== n || n > 8.64e15 || n < -8.64e15) throw new RangeErr("Invalid time value");
    return n - (n % 1);
  }
  function toTime(date) {
    try { return call(K.dateTime, date); } catch (e) { return K.Num(date); }
  }

  // V8 prints U+202F (CLDR's space before AM/PM) as a plain space in format(), not in formatToParts().
  function formatted(o, t) { return I.replaceAll(joinParts(dateParts(o, t)), "\u202f", " "); }

  const DTF = new K.WeakMapCtor();
  function state(self, name) {
    const s = self !== null && typeof self === "object" ? call(K.weakGet, DTF, self) : undefined;
    if (!s) throw new TypeErr("Method Intl.DateTimeFormat.prototype." + name + " called on incompatible receiver " + describe(self));
    return s;
  }
  const RESOLVED = ["weekday", "era", "year", "month", "day", "dayPeriod", "hour", "minute", "second", "fractionalSecondDigits", "timeZoneName"];
  class DateTimeFormat {
    constructor(locales, options) { call(K.weakSet, DTF, this, resolve(locales, options, "any", "date")); }
    get format() {
      const s = state(this, "format");
      if (!s.bound) s.bound = (date) => formatted(s, timeValue(date));
      return s.bound;
    }
    formatToParts(date) { return partsObjects(dateParts(state(this, "formatToParts"), timeValue(date))); }
    resolvedOptions() {
      const s = state(this, "resolvedOptions");
      const r = { locale: s.locale, calendar: "gregory", numberingSystem: s.data.numbering, timeZone: s.timeZone.name };
      const rs = runs(s.pattern);
      let hasHour = false;
      for (let i = 0; i < rs.length; i++) if (rs[i][0] === "h") hasHour = true;
      if (hasHour) { r.hourCycle = s.hourCycle; r.hour12 = s.hourCycle === "h12" || s.hourCycle === "h11"; }
      if (s.dateStyle !== undefined || s.timeStyle !== undefined) {
        if (s.dateStyle !== undefined) r.dateStyle = s.dateStyle;
        if (s.timeStyle !== undefined) r.timeStyle = s.timeStyle;
        return r;
      }
      const seen = { __proto__: null };
      for (let i = 0; i < rs.length; i++) seen[rs[i][0]] = rs[i];
      for (let i = 0; i < RESOLVED.length; i++) {
        const k = RESOLVED[i], f = s.fields[k];
        if (f === undefined) continue;
        const letter = { weekday: "E", era: "G", year: "y", month: "M", day: "d", dayPeriod: "a", hour: "h", minute: "m", second: "s", fractionalSecondDigits: "S", timeZoneName: "z" }[k];
        const run = seen[letter];
        if (run && (k === "day" || k === "hour" || k === "minute" || k === "second" || (k === "month" && run[1] <= 2) || k === "year")) {
          r[k] = k === "year" ? (run[1] === 2 ? "2-digit" : "numeric") : run[1] === 2 ? "2-digit" : "numeric";
        } else r[k] = f;
      }
      return r;
    }
    static supportedLocalesOf(locales) { return I.supportedLocalesOf(locales); }
  }
  defProp(DateTimeFormat.prototype, K.SymbolFn.toStringTag, { value: "Intl.DateTimeFormat", configurable: true });

  const cache = { __proto__: null };
  function toLocale(self, locales, options, required, defaults) {
    let t;
    try { t = call(K.dateTime, self); } catch (e) { throw new TypeErr("this is not a Date object."); }
    if (t !== t) return "Invalid Date";
    if (locales === undefined && options === undefined) {
      const key = required + defaults;
      const o = cache[key] || (cache[key] = resolve(undefined, undefined, required, defaults));
      return formatted(o, t);
    }
    return formatted(resolve(locales, options, required, defaults), t);
  }
  return { DateTimeFormat, toLocale, numberOptions, numberParts };
})
