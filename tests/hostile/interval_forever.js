function attack() { setInterval(() => {}, 1); return new Promise(() => {}); }
