function average(xs) {
  if (xs.length === 0) return 0;
  for (const x of xs) console.log("adding", x);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

// Counts recursively: one stack frame per element, too deep for long lists.
function countBelow(xs, v, i = 0) {
  return i === xs.length ? 0 : (xs[i] < v ? 1 : 0) + countBelow(xs, v, i + 1);
}

function median(xs) {
  const sorted = xs.filter(() => true);
  sorted.sort((a, b) => countBelow(xs, a) - countBelow(xs, b));
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function frequencies(items) {
  const counts = {};
  for (const item of items) {
    console.log("counting", item);
    counts[item] = (counts[item] || 0) + 1;
  }
  return counts;
}

// Boxes every number in an object: far more memory than a typed array.
function histogram(n) {
  const bins = [];
  for (let i = 0; i < n; i++) bins.push({ bin: i, count: 0, label: `bin ${i}` });
  return bins;
}

module.exports = { average, median, frequencies, histogram };
