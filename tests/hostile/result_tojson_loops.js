function attack() { return { answer: 42, toJSON() { for (;;) {} } }; }
