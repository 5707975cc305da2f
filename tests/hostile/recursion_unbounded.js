function attack(n = 0) { return attack(n + 1) + 1; }
