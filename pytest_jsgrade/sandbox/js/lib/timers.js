// Timers on a virtual clock: they fire in due order, one per event-loop step, when no job is
// pending. After the case has settled, intervals stop and queued timeouts still run (as Node
// runs them before exiting).
(function (K, H) {
  "use strict";
  const { Num, apply, MapCtor, mapSet, mapDelete, mapForEach } = K;
  const { call } = H;
  let now = 0, seq = 0;
  const timers = new MapCtor();
  function add(fn, delay, args, repeat) {
    if (typeof fn !== "function") throw new K.TypeErr("The \"callback\" argument must be of type function");
    delay = Num(delay);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    const id = ++seq;
    call(mapSet, timers, id, { fn, at: now + delay, delay, args, repeat, seq: id });
    return id;
  }
  function fireNext() {
    let best = null, bestId = 0;
    call(mapForEach, timers, (t, id) => {
      if (best === null || t.at < best.at || (t.at === best.at && t.seq < best.seq)) { best = t; bestId = id; }
    });
    if (best === null) return false;
    if (best.repeat) { best.at += best.delay; best.seq = ++seq; } else call(mapDelete, timers, bestId);
    if (best.at > now) now = best.at;
    apply(best.fn, undefined, best.args);
    return true;
  }
  return {
    setTimeout: (fn, delay, ...args) => add(fn, delay, args, false),
    setInterval: (fn, delay, ...args) => add(fn, delay, args, true),
    setImmediate: (fn, ...args) => add(fn, 0, args, false),
    clear: (id) => { call(mapDelete, timers, Num(id)); },
    // Fires the next due timer; true if one fired.
    step(settled) {
      if (settled) call(mapForEach, timers, (t, id) => { if (t.repeat) call(mapDelete, timers, id); });
      return fireNext();
    },
  };
})
