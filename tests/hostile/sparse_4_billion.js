function attack() { const a = []; a.length = 4294967295; a[7] = "x"; return a; }
