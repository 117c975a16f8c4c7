// Timing helpers shared by the node and the Chromium runs (only `performance.now()`, no Node API).

/** Sorted copy's q-quantile (0..1), nearest rank. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const median = quantile(s, 0.5);
  return {
    median, p10: quantile(s, 0.1), p90: quantile(s, 0.9), p99: quantile(s, 0.99), min: s[0], max: s[s.length - 1],
    // Spread: half the p10..p90 range relative to the median, in percent.
    spreadPct: median > 0 ? (100 * (quantile(s, 0.9) - quantile(s, 0.1))) / (2 * median) : 0,
    n: s.length,
  };
}

/**
 * Times `pass()` (one pass over a corpus of `items` inputs) `samples` times after `warmup` passes;
 * returns per-input time in microseconds (median, spread) and the last pass's result.
 * A pass is repeated until it lasts at least `minMs`, so timer resolution never dominates.
 */
export async function timePasses(pass, { items, samples = 15, warmup = 2, minMs = 20, isAsync = false }) {
  let result;
  for (let i = 0; i < warmup; i++) result = isAsync ? await pass() : pass();
  const perItemUs = [];
  for (let s = 0; s < samples; s++) {
    let reps = 0;
    const t0 = performance.now();
    let t1 = t0;
    do {
      result = isAsync ? await pass() : pass();
      reps++;
      t1 = performance.now();
    } while (t1 - t0 < minMs);
    perItemUs.push(((t1 - t0) * 1000) / (reps * items));
  }
  return { us: summarize(perItemUs), result };
}

/** Ratio > 1: authlens is that many times faster than the peer. */
export function ratio(peerUs, authlensUs) {
  return authlensUs > 0 ? peerUs / authlensUs : null;
}
