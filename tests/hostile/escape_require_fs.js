function attack() { return require("fs").readFileSync("/etc/passwd", "utf8"); }
