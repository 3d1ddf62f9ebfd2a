/** Random draws for the traffic simulator; `rand` is injectable so tests are repeatable. */
export type Rand = () => number;

/** A small seeded generator (mulberry32). */
export function seeded(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponential with the given mean: gaps between Poisson arrivals, patience. */
export const exponential = (mean: number, rand: Rand) => -Math.log(1 - rand()) * mean;

/** Log-normal with the given mean and coefficient of variation: handle times are skewed to the right. */
export function logNormal(mean: number, cv: number, rand: Rand) {
  const s2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - s2 / 2;
  const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Math.exp(mu + Math.sqrt(s2) * z);
}

/** One item by weight. */
export function pick<T>(items: readonly { value: T; weight: number }[], rand: Rand): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rand() * total;
  for (const i of items) if ((r -= i.weight) < 0) return i.value;
  return items[items.length - 1]!.value;
}

/** Arrival times (ms from start) of a Poisson process with `perMinute` arrivals until `durationMs`. */
export function arrivals(perMinute: number, durationMs: number, rand: Rand): number[] {
  const out: number[] = [];
  const meanGap = 60_000 / perMinute;
  for (let t = exponential(meanGap, rand); t < durationMs; t += exponential(meanGap, rand)) out.push(t);
  return out;
}
