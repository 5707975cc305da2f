// Imports each program's main.mjs (argv[2], a JSON list of folders) in Node, one after the other,
// and prints, for each, what it printed (as console.log formats it), its `result` export as JSON, or the class and message of
// what it threw: the oracle of tests/test_esm_node.py.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { format } from "node:util";

const folders = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = [];
let printed = [];
console.log = (...parts) => { printed.push(format(...parts)); };
for (const folder of folders) {
  printed = [];
  const answer = {};
  try {
    const ns = await import(pathToFileURL(folder + "/main.mjs").href);
    answer.value = JSON.stringify(ns.result === undefined ? null : ns.result);
  } catch (e) {
    answer.error = e && e.name;
    answer.message = e && e.message;
  }
  answer.printed = printed;
  out.push(answer);
}
process.stdout.write(JSON.stringify(out));
