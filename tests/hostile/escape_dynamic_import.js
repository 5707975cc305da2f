async function attack() {
  const found = [];
  for (const name of ["fs", "std", "os", "/etc/passwd", "../../secret.js", "./attack.js"]) {
    try { await import(name); found.push(name); } catch (e) { /* refused */ }
  }
  return found;
}
