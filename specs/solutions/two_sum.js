// A plain script: top-level functions are in scope for the grader's calls.
function twoSum(nums, target) {
  if (!Array.isArray(nums)) {
    throw new TypeError("nums must be an array");
  }
  const seen = new Map();
  for (let i = 0; i < nums.length; i++) {
    const need = target - nums[i];
    if (seen.has(need)) {
      return [seen.get(need), i];
    }
    seen.set(nums[i], i);
  }
  return undefined;
}
