// Compiles each file of a JSON list ({text, module}) as Node would load it and prints, for each,
// V8's SyntaxError message (or "" when the file compiles). Run with --experimental-vm-modules.
"use strict";
const fs = require("fs");
const vm = require("vm");
const files = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = files.map(({ text, module }) => {
  try {
    if (module) new vm.SourceTextModule(text);
    else new vm.Script(text);
    return "";
  } catch (e) {
    return e instanceof SyntaxError ? e.message : "not a SyntaxError: " + e;
  }
});
process.stdout.write(JSON.stringify(out));
