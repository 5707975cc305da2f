function attack() { console.log("\ud800 and \udfff"); return "\ud800" + "a" + "\udc00"; }
