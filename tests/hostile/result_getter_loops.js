function attack() { return { get answer() { for (;;) {} } }; }
