function attack() { const keep = []; for (;;) keep.push(new ArrayBuffer(1 << 24)); }
