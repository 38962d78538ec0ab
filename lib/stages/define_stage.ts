/**
 * One definition per cached stage: its name, code version, how its declared params and upstream
 * keys come from its inputs, and the shape of what it stores. `run` computes through it, `plan`
 * and `why` build the same specs from it, and every read of a stored artifact is validated
 * against it, so what plan predicts cannot drift from what run does.
 */
import type { z } from "zod";
import { stageKey } from "../cache/canonical.ts";
import type {
  Artifact,
  ArtifactArray,
  CachedArtifact,
  StageSpec,
  WriteOptions,
} from "../cache/types.ts";
import { UserError } from "../errors.ts";

/** Typed-array constructors an artifact's named arrays are checked against. */
export type ArrayKind =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Uint16ArrayConstructor
  | Uint8ArrayConstructor;

/** The array type a constructor makes (on any buffer, shared memory included). */
type ArrayOf<C> = C extends Float64ArrayConstructor ? Float64Array
  : C extends Float32ArrayConstructor ? Float32Array
  : C extends Int32ArrayConstructor ? Int32Array
  : C extends Uint32ArrayConstructor ? Uint32Array
  : C extends Uint16ArrayConstructor ? Uint16Array
  : Uint8Array;

type ArraysOf<A extends Record<string, ArrayKind>> = { [K in keyof A]: ArrayOf<A[K]> };

/** A stage's stored artifact, validated. */
export interface StageResult<M, A extends Record<string, ArrayKind>> {
  readonly key: string;
  readonly hit: boolean;
  readonly meta: M;
  readonly arrays: ArraysOf<A>;
}

/** What a stage declares. */
export interface StageDeclaration<I, M, A extends Record<string, ArrayKind>> {
  readonly name: string;
  /** Bump when the stage's output for the same inputs changes. */
  readonly version: number;
  /** The declared params of the cache key. */
  readonly params: (input: I) => unknown;
  /** Upstream cache keys by role. */
  readonly upstream: (input: I) => Record<string, string>;
  /** Schema of the stored JSON meta. */
  readonly meta: z.ZodType<M>;
  /** Named typed arrays the artifact must hold. */
  readonly arrays: A;
}

/** A defined stage: spec and key builders, and a validating getOrCompute. */
export interface Stage<I, M, A extends Record<string, ArrayKind>>
  extends StageDeclaration<I, M, A> {
  spec(input: I): StageSpec;
  key(input: I): Promise<string>;
  /** Checks a stored artifact against the declaration; throws naming the entry otherwise. */
  read(entry: CachedArtifact): StageResult<M, A>;
  /** The cached result, or computes, stores and returns it (`write` as the cache's). */
  run(
    cache: {
      getOrCompute(
        spec: StageSpec,
        compute: () => Promise<Artifact>,
        write?: WriteOptions,
      ): Promise<CachedArtifact>;
    },
    input: I,
    compute: () => Promise<{ meta: M; arrays: ArraysOf<A> }> | { meta: M; arrays: ArraysOf<A> },
    write?: WriteOptions,
  ): Promise<StageResult<M, A>>;
}

/** A cache entry that does not hold what its stage stores (an old or foreign entry). */
function shapeError(stage: string, key: string, what: string): UserError {
  return new UserError(
    `cache entry ${
      key.slice(0, 12)
    } of stage "${stage}" does not hold what the stage stores (${what}); delete it (rm -r the entry, see \`deno task cache ls\`) and run again.`,
  );
}

/** Defines a stage from its declaration. */
export function defineStage<I, M, A extends Record<string, ArrayKind>>(
  declaration: StageDeclaration<I, M, A>,
): Stage<I, M, A> {
  const spec = (input: I): StageSpec => ({
    stage: declaration.name,
    version: declaration.version,
    params: declaration.params(input),
    upstream: declaration.upstream(input),
  });
  const read = (entry: CachedArtifact): StageResult<M, A> => {
    const parsed = declaration.meta.safeParse(entry.artifact.meta);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw shapeError(
        declaration.name,
        entry.key,
        `meta ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      );
    }
    const arrays: Record<string, ArtifactArray> = {};
    for (const [name, kind] of Object.entries(declaration.arrays)) {
      const array = entry.artifact.arrays[name];
      if (!(array instanceof kind)) {
        throw shapeError(declaration.name, entry.key, `array "${name}" missing`);
      }
      arrays[name] = array;
    }
    return { key: entry.key, hit: entry.hit, meta: parsed.data, arrays: arrays as ArraysOf<A> };
  };
  return {
    ...declaration,
    spec,
    key: (input) => stageKey(spec(input)),
    read,
    run: async (cache, input, compute, write) =>
      read(await cache.getOrCompute(spec(input), async () => await compute(), write)),
  };
}
