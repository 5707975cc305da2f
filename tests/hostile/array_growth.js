function attack() { const a = []; for (;;) a.push([a.length, a.length]); }
