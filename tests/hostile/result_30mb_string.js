function attack() { return "x".repeat(30 * 1024 * 1024); }
