import { SeededRandom } from "../random.ts";
import type { FeatureSettings } from "./config.ts";

/**
 * Random frozen filters (Extreme Learning Machine): filters x channels x k x k weights, scaled by
 * 1/sqrt(fan-in) so the pre-activation has roughly unit variance for unit-variance pixels.
 */
export function randomFilters(settings: FeatureSettings, channels: number): Float64Array {
  const { filters, kernel, seed, filterInit } = settings;
  const fanIn = channels * kernel * kernel;
  const scale = 1 / Math.sqrt(fanIn);
  const random = new SeededRandom(seed);
  const weights = new Float64Array(filters * fanIn);
  for (let i = 0; i < weights.length; i++) {
    switch (filterInit) {
      case "gaussian":
        weights[i] = random.normal() * scale;
        break;
      case "uniform": // variance 1/fanIn as for the others
        weights[i] = (2 * random.next() - 1) * Math.sqrt(3) * scale;
        break;
      case "rademacher":
        weights[i] = (random.next() < 0.5 ? -1 : 1) * scale;
        break;
    }
  }
  return weights;
}
