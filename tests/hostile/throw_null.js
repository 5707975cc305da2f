function attack() { throw null; }
