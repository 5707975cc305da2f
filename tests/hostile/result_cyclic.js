function attack() { const a = { name: "a" }; a.self = a; a.list = [a]; return a; }
