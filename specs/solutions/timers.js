const delay = (ms, value) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

function countdown(from) {
  return new Promise((resolve) => {
    let n = from;
    const id = setInterval(() => {
      if (n === 0) {
        clearInterval(id);
        resolve("liftoff");
        return;
      }
      console.log(n--);
    }, 1000);
  });
}

async function task(ms) {
  if (ms < 0) throw new Error(`negative delay ${ms}`);
  await delay(ms);
  return ms;
}

const fetchAll = (delays) => Promise.all(delays.map(task));

async function retry(fn, tries) {
  for (let i = 0; i < tries; i++) {
    try {
      return await fn();
    } catch {
      await delay(10);
    }
  }
  throw new Error(`gave up after ${tries} tries`);
}

module.exports = { delay, countdown, fetchAll, retry };
