function attack() { throw Object.create(null); }
