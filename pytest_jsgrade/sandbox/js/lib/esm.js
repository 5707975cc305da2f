// An ES module entry file: once its evaluation promise settles, its namespace is published
// (lib/exports.js); a rejection is a load error.
(function (K, H) {
  "use strict";
  const { promiseThen } = K;
  const { call } = H;
  let outcome = null;
  function watch(promise, path) {
    outcome = null;
    const fail = (e) => { outcome = { ok: false, error: H.lib("errors").thrownInfo(e) }; };
    call(promiseThen, promise, () => {
      call(promiseThen, import("<input>"), (ns) => { H.lib("exports").publish(path, ns); outcome = { ok: true }; }, fail);
    }, fail);
  }
  return { watch, result: () => outcome };
})
