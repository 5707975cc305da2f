// Evaluates each expression of a JSON list (argv[2], a file) in Node and prints the results as JSON.
const fs = require("fs");
const vm = require("vm");
eval(fs.readFileSync(__dirname + "/describe.js", "utf8"));
const exprs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = exprs.map((expr) => {
  try {
    return "= " + describe(vm.runInThisContext(`(function () { "use strict"; return (\n${expr}\n); })()`, { filename: "main.js" }));
  } catch (e) {
    return "! " + (e && e.name) + ": " + (e && e.message);
  }
});
process.stdout.write(JSON.stringify(out));
