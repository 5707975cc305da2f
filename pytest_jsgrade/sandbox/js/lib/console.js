// console: captured in order, formatted like Node (lib/inspect.js), capped at the output limit.
(function (K, H) {
  "use strict";
  const { strSlice } = K;
  const { call } = H;
  const LIMIT = H.config.output;
  let text = "", length = 0, exceeded = false;
  function write(line) {
    if (exceeded) return;
    if (length + line.length > LIMIT) {
      text += call(strSlice, line, 0, LIMIT - length);
      length = LIMIT;
      exceeded = true;
      return;
    }
    text += line;
    length += line.length;
  }
  // Past the output limit every console call throws, so a flood ends at once instead of at the time limit.
  function log(args) {
    if (!exceeded) write(H.lib("inspect").format(args) + "\n");
    if (exceeded) throw new K.RangeErr("console output limit exceeded (" + LIMIT + " characters)");
  }
  return { log, output: () => ({ text, exceeded }) };
})
