function attack() { let s = "x"; for (;;) s += s; }
