import type { ImageSet } from "../datasets/types.ts";
import type { ProgressFn } from "../progress.ts";
import { featureGrid, type FeatureSettings } from "./config.ts";
import { randomFilters } from "./filters.ts";

/** Raw (unstandardised) features: count x dim, row-major. */
export interface RawFeatures {
  /** Number of images. */
  readonly count: number;
  /** Features per image. */
  readonly dim: number;
  /** count x dim values, row-major. */
  readonly values: Float64Array;
}

const ACTIVATIONS: Record<FeatureSettings["activation"], (x: number) => number> = {
  relu: (x) => (x > 0 ? x : 0),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  abs: Math.abs,
  identity: (x) => x,
};

/**
 * x -> conv(F random filters, valid padding) -> activation -> pooling -> flatten, for every image.
 * Pixels are scaled to [0, 1] first. Feature order is filter-major (f, row, col), matching
 * featureGrid so weights can be drawn back onto the pooled map.
 */
export function extractFeatures(
  images: ImageSet,
  settings: FeatureSettings,
  onProgress?: ProgressFn,
): RawFeatures {
  const { channels, height, width, count } = images;
  const { kernel, stride, filters } = settings;
  if (kernel > height || kernel > width) {
    throw new RangeError(`kernel ${kernel} is larger than the ${height}x${width} images`);
  }
  const grid = featureGrid(settings, height, width);
  if (grid.height < 1 || grid.width < 1) {
    throw new RangeError(
      `pooling window ${settings.pool} leaves no features on ${height}x${width}`,
    );
  }
  const weights = randomFilters(settings, channels);
  const activate = ACTIVATIONS[settings.activation];
  const convHeight = Math.floor((height - kernel) / stride) + 1;
  const convWidth = Math.floor((width - kernel) / stride) + 1;
  const window = settings.pooling === "none" ? 1 : settings.pool;
  const usesMax = settings.pooling === "max";
  const dim = filters * grid.height * grid.width;
  const values = new Float64Array(count * dim);
  const imageSize = channels * height * width;
  const image = new Float64Array(imageSize);
  const conv = new Float64Array(convHeight * convWidth);
  const scale = 1 / images.maxValue;
  const fanIn = channels * kernel * kernel;
  const reportEvery = Math.max(1, Math.floor(count / 100));

  for (let n = 0; n < count; n++) {
    const base = n * imageSize;
    for (let i = 0; i < imageSize; i++) image[i] = images.pixels[base + i] * scale;
    const out = n * dim;
    for (let f = 0; f < filters; f++) {
      const w = f * fanIn;
      for (let r = 0; r < convHeight; r++) {
        for (let c = 0; c < convWidth; c++) {
          let sum = 0;
          let wi = w;
          for (let ch = 0; ch < channels; ch++) {
            const plane = ch * height * width;
            for (let kr = 0; kr < kernel; kr++) {
              const row = plane + (r * stride + kr) * width + c * stride;
              for (let kc = 0; kc < kernel; kc++) sum += weights[wi++] * image[row + kc];
            }
          }
          conv[r * convWidth + c] = activate(sum);
        }
      }
      const fOut = out + f * grid.height * grid.width;
      for (let pr = 0; pr < grid.height; pr++) {
        for (let pc = 0; pc < grid.width; pc++) {
          let acc = usesMax ? -Infinity : 0;
          for (let wr = 0; wr < window; wr++) {
            const row = (pr * window + wr) * convWidth + pc * window;
            for (let wc = 0; wc < window; wc++) {
              const v = conv[row + wc];
              acc = usesMax ? (v > acc ? v : acc) : acc + v;
            }
          }
          values[fOut + pr * grid.width + pc] = usesMax ? acc : acc / (window * window);
        }
      }
    }
    if (onProgress && (n % reportEvery === 0 || n === count - 1)) {
      onProgress({ label: "features", done: n + 1, total: count, unit: "images" });
    }
  }
  return { count, dim, values };
}
