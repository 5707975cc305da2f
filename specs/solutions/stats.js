// CommonJS: exported names are in scope for the grader's calls.
function average(xs) {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs) {
  const sorted = xs.toSorted((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function frequencies(items) {
  const counts = new Map();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function histogram(n) {
  if (n <= 0) throw new RangeError("n must be positive");
  return new Uint32Array(n);
}

module.exports = { average, median, frequencies, histogram };
