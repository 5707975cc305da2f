interface Collection<T> {
  push(item: T): number;
  pop(): T | undefined;
}

export class Stack<T> implements Collection<T> {
  private items: T[] = [];

  constructor(public readonly name: string = "stack") {}

  push(item: T): number {
    this.items.push(item);
    return this.items.length;
  }

  pop(): T | undefined {
    return this.items.shift();          // takes from the wrong end
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
