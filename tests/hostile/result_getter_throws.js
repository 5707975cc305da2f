function attack() { return { get answer() { throw new Error("gotcha"); } }; }
