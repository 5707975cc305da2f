function attack() {
  const e = new Error("x");
  Object.defineProperty(e, "message", { get() { for (;;) {} } });
  e.toString = () => { for (;;) {} };
  throw e;
}
