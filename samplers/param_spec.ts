/** How a sampler declares one of its parameters (for the registry, the schema and docs). */
/** One parameter as a sampler declares it. */
export interface SamplerParamSpec {
  /** Parameter name, as pipelines write it (camelCase). */
  readonly name: string;
  /** Value type, for the schema and for readers. */
  readonly type: "integer" | "number" | "boolean" | "string" | "enum" | "number-list" | "bits";
  /** Allowed values of an enum. */
  readonly values?: readonly string[];
  /** Inclusive bounds of a number. */
  readonly min?: number;
  /** Inclusive upper bound of a number. */
  readonly max?: number;
  /**
   * The value used when the parameter is left out, or a sentence saying how it is chosen when
   * that depends on the problem or the solver (`computed`).
   */
  readonly default?: unknown;
  /** How the value is chosen when it depends on the problem or the solver. */
  readonly computed?: string;
  /** What the parameter means, in one sentence. */
  readonly description: string;
}
