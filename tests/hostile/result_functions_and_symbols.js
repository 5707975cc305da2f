function attack() { return [function named() {}, () => 1, class Thing {}, Symbol("tag")]; }
