/** Settings of the QUBO training loop; every free constant is a pipeline parameter. */
export interface TrainSettings {
  /** K, bits per weight. */
  readonly bits: number;
  /** `trust`: box centred on w_t, half-width trustScale * |continuous step|; `fixed`: [-R, R]. */
  readonly policy: "trust" | "fixed";
  /** Outer iterations T (at most). */
  readonly iterations: number;
  /**
   * Curvature scale of the surrogate H = eta G + ridge I. 1/2 is Bohning's bound, a true
   * majoriser of the softmax loss; with the adaptive schedule it is also the largest eta used.
   */
  readonly eta: number;
  /**
   * `fixed`: eta every iteration (the paper's setting; slow once the fit is good, because the
   * worst-case bound is far above the loss's real curvature). `adaptive`: after an iteration that
   * lowered the training objective, eta *= etaShrink (down to etaMin); after one that raised
   * it, the weights are restored and eta *= etaGrow (up to eta), so the loss never increases.
   */
  readonly etaSchedule: "adaptive" | "fixed";
  /** Smallest eta of the adaptive schedule. */
  readonly etaMin: number;
  /** Factor applied to eta after an iteration that lowered the objective (adaptive). */
  readonly etaShrink: number;
  /** Factor applied to eta after an iteration that was undone (adaptive). */
  readonly etaGrow: number;
  /** Ridge lambda added to G. */
  readonly ridge: number;
  /** `trust`: half-width of the box as a multiple of |continuous step|. */
  readonly trustScale: number;
  /** `trust`: smallest half-width of the box. */
  readonly minHalfWidth: number;
  /** `fixed`: the box is [-fixedRadius, fixedRadius] for every weight. */
  readonly fixedRadius: number;
  /** Stop after this many iterations without relative training-loss improvement > tolerance. */
  readonly patience: number;
  /** Relative training-loss improvement that counts as progress (see patience). */
  readonly tolerance: number;
  /**
   * Precision the annealer's cold end resolves, in bits below the top of the box: the cold
   * beta makes a weight move of 2^-coldPrecision of the half-width cost ln(100)/beta.
   */
  readonly coldPrecision: number;
}

/** Sensible defaults (DESIGN.md 1.1: trust policy sized from the step). */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  bits: 10,
  policy: "trust",
  iterations: 30,
  eta: 0.5,
  etaSchedule: "adaptive",
  etaMin: 0.005,
  etaShrink: 0.85,
  etaGrow: 2,
  ridge: 0.01,
  trustScale: 2,
  minHalfWidth: 1e-6,
  fixedRadius: 4,
  patience: 3,
  tolerance: 1e-6,
  coldPrecision: 8,
};
