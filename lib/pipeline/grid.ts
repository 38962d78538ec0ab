/**
 * Grid expansion: a validated pipeline file -> the list of cells it sweeps.
 *
 * Rules (also in pipelines/README.md, for users):
 * - A list in any dataset, features or training field, in sampler.name or in a sampler
 *   parameter expands into a grid: the cartesian product over every such field.
 * - `dataset` or `sampler` given as a list of maps: each map (itself expanded) is one value.
 * - Sampler parameters whose value is itself an array ({@link ARRAY_VALUED_SAMPLER_PARAMS})
 *   sweep only when given as a list of arrays: `betaRange: [1, 100]` is one value,
 *   `betaRange: [[1, 100], [0.1, 10]]` two.
 * - A `zip` group takes its dotted paths' lists position by position (one grid axis); such a
 *   path must not be set outside the group. `sampler` itself may be zipped: a list of sampler
 *   maps (each one value, its own name and params), so an exact-sampler cell at small K can sit
 *   beside annealed cells at large K.
 * - Order of cells (first field varies slowest): dataset fields, then features (seed last),
 *   then training (bits last), then sampler name and parameters. A zip group sits where its
 *   earliest path would.
 * - Dataset fields that do not apply to a dataset (split: EMNIST only, color: CIFAR-10 only,
 *   testFraction and splitSeed: digits only) are dropped from its cells; cells that become
 *   identical that way are kept once.
 */
import { resolve } from "node:path";
import { UserError } from "../errors.ts";
import {
  DEFAULT_DATASET,
  DEFAULT_FEATURES,
  DEFAULT_SAMPLER,
  DEFAULT_TRAINING,
} from "./defaults.ts";
import { formatProblem, type PipelineProblem, showValue } from "./explain.ts";
import type { SourceLocator } from "./positions.ts";
import { FIELDS, type PipelineFile, type RawSection } from "./schema.ts";
import { suggest } from "./suggest.ts";
import { DATASET_OWNERS, GRID_ORDER } from "./grid_fields.ts";
import type {
  CellConfig,
  DatasetConfig,
  FeatureConfig,
  SamplerConfig,
  TrainingConfig,
} from "./types.ts";
import { cellId } from "./cell_id.ts";

/** Sampler parameters whose single value is an array: they sweep only as a list of arrays. */
export const ARRAY_VALUED_SAMPLER_PARAMS: readonly string[] = [
  "betaRange",
  "betaSchedule",
  "initialStates",
];

/** What expansion needs besides the file: positions for errors, the file's directory. */
export interface GridContext {
  readonly locator: SourceLocator;
  /** Directory that relative dataDir paths are resolved against. */
  readonly baseDir: string;
}

/** One grid axis: the dotted paths it sets and, per position, their values. */
interface Axis {
  readonly paths: readonly string[];
  readonly points: readonly (readonly unknown[])[];
}

/** A zip group after validation. */
interface ZipGroup {
  readonly index: number;
  readonly paths: readonly string[];
  readonly lists: readonly (readonly unknown[])[];
}

function fail(problem: PipelineProblem): never {
  throw new UserError(formatProblem(problem), { code: "config" });
}

/** Splits "sampler.params.numReads" into the YAML path ["sampler", "params", "numReads"]. */
function yamlPath(dotted: string): string[] {
  const parts = dotted.split(".");
  if (parts[0] === "sampler" && parts[1] === "params" && parts.length > 3) {
    return ["sampler", "params", parts.slice(2).join(".")];
  }
  return parts;
}

/**
 * Whether a sampler parameter's value is a list of alternatives; throws on a mix of arrays and
 * non-arrays for an array-valued parameter, and on an empty list.
 */
function paramIsList(
  key: string,
  value: unknown,
  path: readonly PropertyKey[],
  ctx: GridContext,
): boolean {
  if (!Array.isArray(value)) return false;
  const arrays = value.filter(Array.isArray).length;
  if (ARRAY_VALUED_SAMPLER_PARAMS.includes(key)) {
    if (arrays === 0) return false;
    if (arrays === value.length) return true;
    fail({
      position: ctx.locator.at(path),
      message: `sampler.params.${key} mixes arrays and single values; give one array ` +
        `(such as [1, 100]) or a list of arrays to sweep (such as [[1, 100], [0.1, 10]])`,
    });
  }
  if (value.length === 0) {
    fail({
      position: ctx.locator.at(path),
      message: `sampler.params.${key} is an empty list; give a value or a list of values`,
    });
  }
  return true;
}

/** Every dotted path a zip group may name (sampler.params.<name> is open). */
function zipCandidates(file: PipelineFile): string[] {
  const out: string[] = [];
  if (!Array.isArray(file.dataset)) {
    out.push(
      ...GRID_ORDER.dataset.filter((f) => FIELDS[`dataset.${f}`].grid).map((f) => `dataset.${f}`),
    );
  }
  out.push(...GRID_ORDER.features.map((f) => `features.${f}`));
  out.push(...GRID_ORDER.training.map((f) => `training.${f}`));
  if (!Array.isArray(file.sampler)) out.push("sampler", "sampler.name", "sampler.params.<name>");
  return out;
}

/** Keys a sampler map may have. */
const SAMPLER_KEYS = ["name", "params"];

/**
 * One value of a zipped `sampler` list: a map with a valid name (default sa) and a params map
 * whose values are single values (a zipped map is one point of the group, it does not sweep).
 */
function checkZippedSampler(value: unknown, g: number, i: number, ctx: GridContext): void {
  const at = (...path: PropertyKey[]) => ctx.locator.at(["zip", g, "sampler", i, ...path]);
  const where = `sampler[${i}] in zip[${g}]`;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail({
      position: at(),
      message: `${where} must be a sampler map such as { name: exact } or ` +
        `{ name: sa, params: { numSweeps: 200 } }, got ${showValue(value)}`,
    });
  }
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    if (SAMPLER_KEYS.includes(key)) continue;
    const guess = suggest(key, SAMPLER_KEYS);
    fail({
      position: ctx.locator.at(["zip", g, "sampler", i, key], true),
      message: `unknown key '${key}' in ${where}` +
        (guess ? `; did you mean '${guess}'?` : "; a sampler map has 'name' and 'params'"),
    });
  }
  const name = FIELDS["sampler.name"];
  if (map.name !== undefined && !name.scalar.safeParse(map.name).success) {
    const guess = typeof map.name === "string" ? suggest(map.name, name.choices ?? []) : undefined;
    fail({
      position: at("name"),
      message: `${where}: name must be ${name.expect}, got ${showValue(map.name)}` +
        (guess ? `; did you mean '${guess}'?` : ""),
    });
  }
  const params = map.params;
  if (params === undefined) return;
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    fail({
      position: at("params"),
      message: `${where}: params must be a map of sampler parameters, got ${showValue(params)}`,
    });
  }
  for (const [key, v] of Object.entries(params as Record<string, unknown>)) {
    if (paramIsList(key, v, ["zip", g, "sampler", i, "params", key], ctx)) {
      fail({
        position: at("params", key),
        message: `${where}: params.${key} is a list, but a zipped sampler map is one value; ` +
          `give one value, or add another sampler map to the zip group for each value`,
      });
    }
  }
}

function rawAt(file: PipelineFile, dotted: string): unknown {
  const [section, ...rest] = yamlPath(dotted);
  let node: unknown = (file as Record<string, unknown>)[section];
  for (const key of rest) {
    if (node === null || typeof node !== "object" || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function validateZip(file: PipelineFile, ctx: GridContext): ZipGroup[] {
  const groups: ZipGroup[] = [];
  const owner = new Map<string, number>();
  const candidates = zipCandidates(file);
  (file.zip ?? []).forEach((group, g) => {
    const paths = Object.keys(group);
    if (paths.length === 0) {
      fail({
        position: ctx.locator.at(["zip", g]),
        message: `zip[${g}] is empty; name two or more dotted paths with lists of values`,
      });
    }
    for (const path of paths) {
      const where = ctx.locator.at(["zip", g, path], true);
      const isParam = /^sampler\.params\.[^.].*$/.test(path) && !Array.isArray(file.sampler);
      if (!candidates.includes(path) && !isParam) {
        const section = path.split(".")[0];
        const listed = (section === "dataset" && Array.isArray(file.dataset)) ||
          (section === "sampler" && Array.isArray(file.sampler));
        if (listed) {
          fail({
            position: where,
            message: `zip[${g}] names ${path}, but ${section} is a list of maps; zip ` +
              `${section} fields only when ${section} is a single map`,
          });
        }
        const guess = suggest(path, candidates.filter((c) => !c.includes("<")));
        fail({
          position: where,
          message: `unknown path '${path}' in zip[${g}]` +
            (guess ? `; did you mean '${guess}'?` : ";") +
            ` Allowed: ${candidates.join(", ")}`,
        });
      }
      const previous = owner.get(path);
      if (previous !== undefined) {
        fail({
          position: where,
          message: `${path} is in both zip[${previous}] and zip[${g}]; keep it in one group`,
        });
      }
      owner.set(path, g);
      if (rawAt(file, path) !== undefined) {
        const outside = ctx.locator.at(yamlPath(path), true);
        fail({
          position: where,
          message: `${path} is set both in zip[${g}] and at ${outside.text}; set it in one place`,
        });
      }
      if (path === "sampler") {
        group[path].forEach((value, i) => checkZippedSampler(value, g, i, ctx));
      }
      const spec = FIELDS[path];
      group[path].forEach((value, i) => {
        if (spec && !spec.scalar.safeParse(value).success) {
          fail({
            position: ctx.locator.at(["zip", g, path, i]),
            message: `${path}[${i}] in zip[${g}] must be ${spec.expect}, got ${showValue(value)}`,
          });
        }
      });
    }
    const lengths = paths.map((p) => group[p].length);
    const part = paths.find((p) => p.startsWith("sampler."));
    const whole = [...owner].find(([p]) => p === "sampler");
    const partOwner = [...owner].find(([p]) => p.startsWith("sampler."));
    if (whole && partOwner) {
      const [path, index] = whole[1] === g && part ? [part, g] : [partOwner[0], partOwner[1]];
      fail({
        position: ctx.locator.at(["zip", index, path], true),
        message: `zip[${index}] names ${path}, but zip[${whole[1]}] zips whole sampler maps; ` +
          `put the name and params into those maps`,
      });
    }
    if (lengths.some((n) => n !== lengths[0])) {
      fail({
        position: ctx.locator.at(["zip", g]),
        message: `zip[${g}] needs lists of the same length, got ` +
          paths.map((p, i) => `${lengths[i]} for ${p}`).join(", "),
      });
    }
    groups.push({ index: g, paths, lists: paths.map((p) => group[p]) });
  });
  return groups;
}

/** A dataset map needs a name, written in it or given by a zip group. */
function checkName(
  map: RawSection,
  mapPath: readonly PropertyKey[],
  zip: readonly ZipGroup[],
  ctx: GridContext,
): void {
  if (map.name !== undefined || zip.some((z) => z.paths.includes("dataset.name"))) return;
  fail({
    position: ctx.locator.at(mapPath),
    message: `${mapPath.length > 1 ? `dataset[${String(mapPath[1])}]` : "dataset"} is missing ` +
      `'name', which must be ${FIELDS["dataset.name"].expect}`,
  });
}

/** Rejects a dataset field that applies to none of the datasets it would go with. */
function checkApplicability(
  map: RawSection,
  mapPath: readonly PropertyKey[],
  zip: readonly ZipGroup[],
  ctx: GridContext,
): void {
  const zipped = (field: string) => {
    const group = zip.find((z) => z.paths.includes(`dataset.${field}`));
    return group ? { group, list: group.lists[group.paths.indexOf(`dataset.${field}`)] } : null;
  };
  const nameZip = zipped("name");
  const names = new Set<unknown>(
    nameZip ? nameZip.list : Array.isArray(map.name) ? map.name : [map.name],
  );
  for (const [field, dataset] of Object.entries(DATASET_OWNERS)) {
    const zipHit = zipped(field);
    if ((map[field] === undefined && !zipHit) || names.has(dataset)) continue;
    const position = zipHit
      ? ctx.locator.at(["zip", zipHit.group.index, `dataset.${field}`], true)
      : ctx.locator.at([...mapPath, field], true);
    fail({
      position,
      message: `dataset.${field} applies only to ${dataset}, not to ${[...names].join(", ")}; ` +
        `remove it or change dataset.name`,
    });
  }
}

/** Cartesian product of axes, the first axis varying slowest. */
function product(axes: readonly Axis[]): Map<string, unknown>[] {
  let out: Map<string, unknown>[] = [new Map()];
  for (const axis of axes) {
    const next: Map<string, unknown>[] = [];
    for (const partial of out) {
      for (const point of axis.points) {
        const m = new Map(partial);
        axis.paths.forEach((p, j) => m.set(p, point[j]));
        next.push(m);
      }
    }
    out = next;
  }
  return out;
}

/** Expands one map of a list (`dataset: [...]`, `sampler: [...]`) into its own records. */
function expandListedMap(
  map: RawSection,
  keys: readonly string[],
  mapPath: readonly PropertyKey[],
  ctx: GridContext,
): RawSection[] {
  const axes: Axis[] = [];
  const base: Record<string, unknown> = {};
  const section = String(mapPath[0]);
  for (const key of keys) {
    const value = map[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && FIELDS[`${section}.${key}`]?.grid) {
      axes.push({ paths: [key], points: value.map((v) => [v]) });
    } else base[key] = value;
  }
  const params = map.params as Record<string, unknown> | undefined;
  if (section === "sampler" && params) {
    base.params = {};
    for (const [key, value] of Object.entries(params)) {
      if (paramIsList(key, value, [...mapPath, "params", key], ctx)) {
        axes.push({ paths: [`params.${key}`], points: (value as unknown[]).map((v) => [v]) });
      } else (base.params as Record<string, unknown>)[key] = value;
    }
  }
  return product(axes).map((point) => {
    const out: RawSection = structuredClone(base);
    for (const [path, value] of point) {
      if (path.startsWith("params.")) {
        (out.params as Record<string, unknown>)[path.slice(7)] = value;
      } else out[path] = value;
    }
    return out;
  });
}

/** One grid slot, in grid order: a field (maybe a list) or a listed section (composite). */
type Slot =
  | { kind: "field"; dotted: string; value: unknown; list: boolean }
  | { kind: "composite"; dotted: "dataset" | "sampler"; records: RawSection[] };

function slots(file: PipelineFile, zip: readonly ZipGroup[], ctx: GridContext): Slot[] {
  const out: Slot[] = [];
  const field = (dotted: string, value: unknown, list?: boolean) =>
    out.push({ kind: "field", dotted, value, list: list ?? Array.isArray(value) });
  if (Array.isArray(file.dataset)) {
    const records = file.dataset.flatMap((map, i) => {
      checkName(map, ["dataset", i], [], ctx);
      checkApplicability(map, ["dataset", i], [], ctx);
      return expandListedMap(map, GRID_ORDER.dataset, ["dataset", i], ctx);
    });
    out.push({ kind: "composite", dotted: "dataset", records });
  } else {
    checkName(file.dataset, ["dataset"], zip, ctx);
    checkApplicability(file.dataset, ["dataset"], zip, ctx);
    for (const key of GRID_ORDER.dataset) {
      field(`dataset.${key}`, file.dataset[key], FIELDS[`dataset.${key}`].grid ? undefined : false);
    }
  }
  for (const key of GRID_ORDER.features) field(`features.${key}`, file.features?.[key]);
  for (const key of GRID_ORDER.training) field(`training.${key}`, file.training?.[key]);
  if (Array.isArray(file.sampler)) {
    const records = file.sampler.flatMap((map, i) =>
      expandListedMap(map, ["name"], ["sampler", i], ctx)
    );
    out.push({ kind: "composite", dotted: "sampler", records });
  } else if (zip.some((z) => z.paths.includes("sampler"))) {
    field("sampler", undefined); // whole sampler maps, zipped
  } else {
    field("sampler.name", file.sampler?.name);
    const params = (file.sampler?.params ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(params)) {
      field(
        `sampler.params.${key}`,
        value,
        paramIsList(key, value, ["sampler", "params", key], ctx),
      );
    }
    // Parameters named only in a zip group come after the written ones.
    for (const group of zip) {
      for (const path of group.paths) {
        if (path.startsWith("sampler.params.") && !(path.slice(15) in params)) {
          field(path, undefined);
        }
      }
    }
  }
  return out;
}

/**
 * A cell's dataset: every schema field that applies to the dataset, given or defaulted; fields
 * whose value is null (all images, no directory) are left out; dataDir is made absolute.
 */
function datasetConfig(raw: RawSection, baseDir: string): DatasetConfig {
  const name = raw.name as DatasetConfig["name"];
  const out: Record<string, unknown> = { name };
  for (const key of GRID_ORDER.dataset) {
    if (key === "name") continue;
    const owner = DATASET_OWNERS[key];
    if (owner !== undefined && owner !== name) continue;
    const value = raw[key] ?? (DEFAULT_DATASET as Record<string, unknown>)[key];
    if (value === null || value === undefined) continue;
    out[key] = key === "dataDir" ? resolve(baseDir, value as string) : value;
  }
  return out as unknown as DatasetConfig;
}

function collect(values: Map<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of values) {
    if (path.startsWith(prefix) && value !== undefined) out[path.slice(prefix.length)] = value;
  }
  return out;
}

/**
 * Expands a validated pipeline file into its cells, in grid order, with unique ids.
 * Throws UserError (with file:line:column) for zip and grid problems.
 */
export function expandGrid(file: PipelineFile, ctx: GridContext): CellConfig[] {
  const zip = validateZip(file, ctx);
  const base = new Map<string, unknown>();
  const axes: Axis[] = [];
  const emitted = new Set<number>();
  for (const slot of slots(file, zip, ctx)) {
    if (slot.kind === "composite") {
      axes.push({ paths: [slot.dotted], points: slot.records.map((r) => [r]) });
      continue;
    }
    const group = zip.find((z) => z.paths.includes(slot.dotted));
    if (group) {
      if (emitted.has(group.index)) continue;
      emitted.add(group.index);
      const length = group.lists[0].length;
      const points = Array.from({ length }, (_, i) => group.lists.map((list) => list[i]));
      axes.push({ paths: group.paths, points });
    } else if (slot.list) {
      axes.push({ paths: [slot.dotted], points: (slot.value as unknown[]).map((v) => [v]) });
    } else if (slot.value !== undefined) base.set(slot.dotted, slot.value);
  }

  const cells: { config: Omit<CellConfig, "id">; key: string }[] = [];
  for (const point of product(axes)) {
    const values = new Map([...base, ...point]);
    const dataset = datasetConfig(
      (values.get("dataset") as RawSection | undefined) ?? collect(values, "dataset."),
      ctx.baseDir,
    );
    const features = { ...DEFAULT_FEATURES, ...collect(values, "features.") } as FeatureConfig;
    const training = { ...DEFAULT_TRAINING, ...collect(values, "training.") } as TrainingConfig;
    const listed = values.get("sampler") as RawSection | undefined;
    const sampler: SamplerConfig = listed
      ? {
        name: (listed.name ?? DEFAULT_SAMPLER.name) as SamplerConfig["name"],
        params: (listed.params ?? {}) as Record<string, unknown>,
      }
      : {
        name: (values.get("sampler.name") ?? DEFAULT_SAMPLER.name) as SamplerConfig["name"],
        params: collect(values, "sampler.params."),
      };
    cells.push({
      config: { dataset, features, training, sampler },
      key: JSON.stringify([...point]),
    });
  }
  return uniqueCells(cells, ctx);
}

/**
 * Names the cells and drops those that became identical only because a dataset field that
 * does not apply was dropped; any other repeated id is an error.
 */
function uniqueCells(
  cells: readonly { config: Omit<CellConfig, "id">; key: string }[],
  ctx: GridContext,
): CellConfig[] {
  const ids = cellId(cells.map((c) => c.config));
  const seen = new Map<string, number>();
  const out: CellConfig[] = [];
  cells.forEach((cell, i) => {
    const id = ids[i];
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      out.push({ id, ...cell.config });
      return;
    }
    const sameConfig = JSON.stringify(cells[first].config) === JSON.stringify(cell.config);
    if (sameConfig && cells[first].key !== cell.key) return;
    throw new UserError(
      `${ctx.locator.file}: cells ${first + 1} and ${i + 1} of the grid would both be named ` +
        `'${id}'; remove the repeated value (or the map that repeats another)`,
      { code: "config" },
    );
  });
  return out;
}
