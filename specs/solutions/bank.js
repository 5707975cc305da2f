class Account {
  constructor(owner) {
    this.owner = owner;
    this.balance = 0;
    this.log = [];
  }

  deposit(amount) {
    this.balance += amount;
    this.log.push(`+${amount}`);
    return this.balance;
  }

  withdraw(amount) {
    if (amount > this.balance) throw new Error("Insufficient funds");
    this.balance -= amount;
    this.log.push(`-${amount}`);
    return this.balance;
  }

  printStatement() {
    console.log(this.owner);
    for (const entry of this.log) console.log(entry);
    console.log(`balance ${this.balance}`);
  }
}

module.exports = { Account };
