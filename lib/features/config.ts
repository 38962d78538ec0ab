/** Settings of the random frozen convolution (every free choice is a pipeline parameter). */
export interface FeatureSettings {
  /** Number of random filters F. */
  readonly filters: number;
  /** Filter size k (k x k, spanning every input channel). */
  readonly kernel: number;
  /** Step of the convolution. */
  readonly stride: number;
  /** Nonlinearity applied to every convolution output. */
  readonly activation: "relu" | "tanh" | "sigmoid" | "abs" | "identity";
  /** Pooling of the activated maps ("none": no pooling). */
  readonly pooling: "mean" | "max" | "none";
  /** Pooling window and stride. */
  readonly pool: number;
  /** Distribution the filter weights are drawn from. */
  readonly filterInit: "gaussian" | "uniform" | "rademacher";
  /** Seed of the filters. */
  readonly seed: number;
}

/** Shape of the pooled feature map for an input of the given size. */
export function featureGrid(
  settings: FeatureSettings,
  height: number,
  width: number,
): { filters: number; height: number; width: number } {
  const convHeight = Math.floor((height - settings.kernel) / settings.stride) + 1;
  const convWidth = Math.floor((width - settings.kernel) / settings.stride) + 1;
  const window = settings.pooling === "none" ? 1 : settings.pool;
  return {
    filters: settings.filters,
    height: Math.floor(convHeight / window),
    width: Math.floor(convWidth / window),
  };
}
