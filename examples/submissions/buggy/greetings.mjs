export function greet(name) {
  console.log(`Hello, ${name}!`);
}

export const shout = (text) => {
  return `${text.toUpperCase()}!`
;

export function initials(fullName) {
  return fullName.split(" ").map((part) => part[0]).join("");
}
