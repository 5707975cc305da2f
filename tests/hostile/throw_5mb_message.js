function attack() { throw new Error("m".repeat(5 * 1024 * 1024)); }
