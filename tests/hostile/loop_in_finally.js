function attack() { try { return 1; } finally { for (;;) {} } }
