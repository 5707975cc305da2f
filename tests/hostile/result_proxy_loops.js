function attack() { return new Proxy({}, { ownKeys() { for (;;) {} } }); }
