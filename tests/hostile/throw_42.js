function attack() { throw 42; }
