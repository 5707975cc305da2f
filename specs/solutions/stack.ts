export class Stack<T> {
  private items: T[] = [];

  constructor(public readonly name: string = "stack") {}

  push(item: T): number {
    this.items.push(item);
    return this.items.length;
  }

  pop(): T {
    if (this.items.length === 0) {
      throw new RangeError(`${this.name} is empty`);
    }
    return this.items.pop()!;
  }

  peek(): T | undefined {
    return this.items[this.items.length - 1];
  }

  get size(): number {
    return this.items.length;
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }
}
