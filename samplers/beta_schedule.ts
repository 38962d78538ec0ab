/**
 * Beta schedules of simulated annealing, as neal builds them: one beta per group of
 * numSweepsPerBeta sweeps, interpolated over [hot, cold] geometrically (np.geomspace) or
 * linearly (np.linspace); a single beta means "anneal at the cold end".
 */
import type { BetaRange } from "./beta_range.ts";

/** How betas are interpolated between the ends of the range. */
export type BetaScheduleType = "geometric" | "linear" | "custom";

/** `count` betas from hot to cold, both ends exact. */
export function interpolateSchedule(
  range: BetaRange,
  count: number,
  type: "geometric" | "linear",
): Float64Array {
  const [hot, cold] = range;
  const schedule = new Float64Array(count);
  if (count === 0) return schedule;
  if (count === 1) {
    schedule[0] = cold;
    return schedule;
  }
  const last = count - 1;
  if (type === "linear") {
    for (let k = 0; k < count; k++) schedule[k] = hot + ((cold - hot) * k) / last;
  } else {
    const logHot = Math.log(hot), logCold = Math.log(cold);
    for (let k = 0; k < count; k++) {
      schedule[k] = Math.exp(logHot + ((logCold - logHot) * k) / last);
    }
  }
  schedule[0] = hot;
  schedule[last] = cold;
  return schedule;
}

/** At most `maxPoints` evenly spaced entries of a schedule (first and last included), for info. */
export function thinSchedule(schedule: Float64Array, maxPoints = 200): number[] {
  const length = schedule.length;
  if (length <= maxPoints) return Array.from(schedule);
  const points: number[] = [];
  for (let k = 0; k < maxPoints; k++) {
    points.push(schedule[Math.round((k * (length - 1)) / (maxPoints - 1))]);
  }
  return points;
}
