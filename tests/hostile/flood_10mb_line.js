function attack() { console.log("y".repeat(10 * 1024 * 1024)); return 1; }
