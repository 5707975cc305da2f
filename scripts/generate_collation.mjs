// Generates the sandbox's collation tables (pytest_jsgrade/sandbox/js/data/collation-*.js) from
// ICU's root collation and its tailorings, as the Node.js that runs this script has them:
//
//     node scripts/generate_collation.mjs
//
// For every character of the covered ranges it records where ICU puts it: which characters share
// its primary weight (base letter), its secondary (accents) and its tertiary (case and variants).
// The sandbox compares strings on those three levels (decomposing characters the table lacks): a
// three-level approximation of the Unicode Collation Algorithm with no expansions or contractions.
// The table is written as the characters and their weights (see `weights`), combining marks last.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "pytest_jsgrade", "sandbox", "js", "data");
const RANGES = [[0x09, 0x0d], [0x20, 0x7e], [0xa0, 0x24f], [0x250, 0x2af], [0x2b0, 0x2ff], [0x300, 0x36f], [0x370, 0x3ff],
  [0x400, 0x52f], [0x5d0, 0x5ea], [0x1e00, 0x1eff], [0x2010, 0x205e], [0x20a0, 0x20c0], [0x2100, 0x214f], [0x2190, 0x21ff],
  [0x2200, 0x22ff], [0x2460, 0x24ff], [0x2500, 0x257f], [0x25a0, 0x25ff], [0x2600, 0x26ff], [0x3000, 0x303f], [0x3041, 0x30ff]];
// Locales whose tailoring changes the order of the covered characters; the others use the root.
const LOCALES = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "nb", "fi", "pl", "cs", "ru", "uk", "tr", "el", "ja", "zh", "ko", "hi",
  "id", "vi", "he", "de-AT", "de-CH", "fr-CA", "en-GB", "en-IN", "es-MX", "pt-PT", "zh-Hant"];

function chars(base) {
  const out = [];
  for (const [a, b] of RANGES) {
    for (let c = a; c <= b; c++) {
      const s = String.fromCodePoint(c);
      if (!/\P{Cn}/u.test(s)) continue;
      // A character that decomposes is looked up as its parts (base letter, then accents), unless
      // the locale made it a letter of its own (Swedish "ä" after "z"): then it keeps its own place.
      const d = s.normalize("NFD");
      if (d === s || base(s, [...d][0]) !== 0) out.push(s);
    }
  }
  return out;
}

function table(locale) {
  const base = new Intl.Collator(locale, { sensitivity: "base" }).compare;
  const accent = new Intl.Collator(locale, { sensitivity: "accent" }).compare;
  const variant = new Intl.Collator(locale, { sensitivity: "variant" }).compare;
  const all = chars(base);
  const marks = all.filter((c) => base("a" + c, "a") === 0 && variant("a" + c, "a") !== 0);
  const ignored = new Set(all.filter((c) => variant("a" + c, "a") === 0));
  const markSet = new Set(marks);
  const letters = all.filter((c) => !markSet.has(c) && !ignored.has(c)).sort(variant);
  let order = "";
  for (let i = 0; i < letters.length; i++) {
    const c = letters[i], p = letters[i - 1];
    const level = i === 0 || base(p, c) !== 0 ? "1" : accent(p, c) !== 0 ? "2" : variant(p, c) !== 0 ? "3" : "0";
    order += level + c;
  }
  const markOrder = marks.sort((x, y) => accent("a" + x, "a" + y)).join("");
  // Characters that ignorePunctuation skips (ICU's variable characters: spaces and punctuation).
  const shifted = new Intl.Collator(locale, { ignorePunctuation: true }).compare;
  const variable = letters.filter((c) => shifted("a" + c + "b", "ab") === 0).join("");
  // Letters ICU compares as two letters ("ß" as "ss", "æ" as "ae"), which the table cannot order.
  const expansions = {};
  const pairs = [];
  for (let a = 97; a <= 122; a++) for (let b = 97; b <= 122; b++) pairs.push(String.fromCharCode(a, b));
  for (const c of letters) {
    if (c.length !== 1 || c.charCodeAt(0) < 0xc0 || c.charCodeAt(0) > 0x24f) continue;
    const lower = c.toLowerCase();
    // A pair that is itself a letter of the locale (Danish "aa", which is "å") is not an expansion.
    const contraction = (p) => variant(p, p[0] + String.fromCharCode(p.charCodeAt(1) + 1)) > 0;
    const found = pairs.find((p) => base(lower, p) === 0 && !contraction(p));
    if (found && base(c, found) === 0) expansions[c] = c === lower ? found : found.toUpperCase();
  }
  return { order, marks: markOrder, ignored: [...ignored].join(""), variable, expansions };
}

// The order as the sandbox reads it: the characters, and four numbers for each (primary, secondary,
// tertiary, and 1 for a variable character: a space or punctuation), looked up as characters are met.
function weights(order, marks, variable) {
  const chars = [], values = [];
  let p = 0, s = 5, t = 5;
  const list = [...order], markSet = new Set(marks);
  for (let i = 0; i < list.length; i += 2) {
    const level = list[i], ch = list[i + 1];
    if (level === "1") { p++; s = 5; t = 5; } else if (level === "2") { s++; t = 5; } else if (level === "3") t++;
    if (markSet.has(ch)) continue;  // the root's combining marks keep their own weights (a locale's "a" + mark is its letter)
    chars.push(ch);
    values.push(p, s, t, variable.includes(ch) ? 1 : 0);
  }
  let rank = 45;  // combining marks: no primary, a secondary above every letter's
  for (const ch of marks) { chars.push(ch); values.push(0, ++rank, 5, 0); }
  return { chars: chars.join(""), weights: values };
}

function asciiJs(value) {
  const json = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  return `(function (K, H) { "use strict"; return ${json}; })\n`;
}

const root = table("und");
writeFileSync(join(OUT, "collation-root.js"), asciiJs({ icu: process.versions.icu, unicode: process.versions.unicode,
  ...weights(root.order, root.marks, root.variable), expansions: root.expansions }));
const tailored = [];
for (const locale of LOCALES) {
  const t = table(locale);
  if (t.order === root.order && t.marks === root.marks) continue;
  tailored.push(locale);
  writeFileSync(join(OUT, `collation-${locale}.js`), asciiJs({ ...weights(t.order, root.marks, root.variable), expansions: t.expansions }));
}
writeFileSync(join(OUT, "collation-index.js"), asciiJs({ tailored }));
console.log(`root order of ${[...root.order].length / 2} characters; tailored: ${tailored.join(" ")}`);
