/**
 * The "class-qubo" stage: every class QUBO of every training iteration, cached in compact form.
 *
 * A dense class QUBO is (width * K)^2 doubles (4 MB at n = 740, 67 MB at n = 2900), and a cell
 * solves classes x iterations of them, so storing them densely would cost gigabytes per cell.
 * The QUBO is a pure function of the Gram matrix (already cached upstream), eta, ridge and four
 * width-long vectors (gradient, centre, box lower corner and step), so the stage stores those
 * vectors and {@link rebuildClassQubo} rebuilds the exact dense matrix on demand, for
 * `qubo export` and `qubo solve`.
 */
import { sha256Hex } from "../cache/canonical.ts";
import type { FileArtifactCache } from "../cache/store.ts";
import type { Artifact, StageSpec } from "../cache/types.ts";
import { UserError } from "../errors.ts";
import type { Qubo } from "../qubo.ts";
import { buildClassQubo } from "../train/class_qubo.ts";
import { surrogateCurvature } from "../train/surrogate.ts";
import type { ClassQuboTask } from "../train/train_head.ts";
import { CLASS_QUBO, type ClassQuboInput } from "../stages/class_qubo.ts";

/** Stage name of the compact per-class, per-iteration QUBO entries. */
export const CLASS_QUBO_STAGE = CLASS_QUBO.name;

/** SHA-256 (hex) of the bytes of several arrays, in order. */
export async function digestArrays(parts: readonly Float64Array[]): Promise<string> {
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset);
    offset += p.byteLength;
  }
  return await sha256Hex(bytes);
}

/** Cache identity of one class QUBO: its ingredients (by digest) and the Gram matrix it used. */
export async function classQuboInput(
  task: ClassQuboTask,
  training: { readonly ridge: number },
  gramKey: string,
): Promise<ClassQuboInput> {
  const { gradient, center, lower, step, bits, eta } = task.ingredients;
  return {
    bits,
    eta,
    ridge: training.ridge,
    ingredients: await digestArrays([gradient, center, lower, step]),
    gram: gramKey,
  };
}

/** The stage spec of one class QUBO (what `qubo export` and tests look entries up by). */
export async function classQuboSpec(
  task: ClassQuboTask,
  training: { readonly ridge: number },
  gramKey: string,
): Promise<StageSpec> {
  return CLASS_QUBO.spec(await classQuboInput(task, training, gramKey));
}

/** The stored form: the four vectors, plus where the QUBO came from (not part of the key). */
export function classQuboArtifact(
  task: ClassQuboTask,
  training: { readonly ridge: number },
  cellId: string,
) {
  const { gradient, center, lower, step, bits, eta } = task.ingredients;
  return {
    meta: {
      bits,
      width: gradient.length,
      n: gradient.length * bits,
      eta,
      ridge: training.ridge,
      cell: cellId,
      iteration: task.iteration,
      classIndex: task.classIndex,
    },
    arrays: { gradient, center, lower, step },
  };
}

/**
 * The dense QUBO of a class-qubo entry, rebuilt from its vectors and the Gram matrix entry it
 * names upstream; the same matrix the sampler was given, bit for bit.
 */
export async function rebuildClassQubo(
  cache: FileArtifactCache,
  spec: StageSpec,
  artifact: Artifact,
  where: string,
): Promise<Qubo> {
  const meta = artifact.meta as { bits: number; width: number; eta: number; ridge: number };
  const arrays = artifact.arrays as Record<string, Float64Array | undefined>;
  const { gradient, center, lower, step } = arrays;
  if (!gradient || !center || !lower || !step || gradient.length !== meta.width) {
    throw new UserError(
      `${where} is not a complete class QUBO entry: re-run the sweep that made it.`,
    );
  }
  const gramKey = spec.upstream?.gram;
  const gram = gramKey ? await cache.read(gramKey) : undefined;
  const g = gram?.arrays.gram;
  if (!(g instanceof Float64Array) || g.length !== meta.width * meta.width) {
    throw new UserError(
      `${where} needs the Gram matrix entry ${
        gramKey?.slice(0, 12) ?? "?"
      }, which is no longer in the cache: re-run the sweep that made it.`,
    );
  }
  const h = surrogateCurvature(g, meta.width, meta.eta, meta.ridge);
  return buildClassQubo(h, meta.width, gradient, center, { bits: meta.bits, lower, step });
}
