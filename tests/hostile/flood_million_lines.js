function attack() { for (let i = 0; i < 1000000; i++) console.log("line", i); return 1; }
