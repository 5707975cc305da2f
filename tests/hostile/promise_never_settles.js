function attack() { return new Promise(() => {}); }
