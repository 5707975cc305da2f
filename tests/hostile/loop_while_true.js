function attack() { while (true) {} }
