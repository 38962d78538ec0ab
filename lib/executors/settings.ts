/**
 * The executor's settings: the pipeline's `executor:` section, then a profile file (the same
 * fields, for a cluster's defaults kept out of pipelines), then flags, each overriding the one
 * before.
 */
import { parse as parseYaml } from "yaml";
import { UserError } from "../errors.ts";
import { EXECUTOR_FIELDS } from "../pipeline/schema.ts";
import type { Pipeline } from "../pipeline/types.ts";
import type { ExecutorName } from "./executor.ts";

/** Resolved executor settings (Slurm fields absent where Slurm's defaults apply). */
export interface ExecutorSettings {
  readonly name: ExecutorName;
  readonly partition?: string;
  readonly time?: string;
  readonly cpusPerTask: number;
  readonly mem?: string;
  readonly account?: string;
  readonly qos?: string;
  readonly sbatchArgs: readonly string[];
  readonly pollSeconds: number;
}

/** Settings as one source gives them (any subset). */
export type ExecutorOverrides = { -readonly [K in keyof ExecutorSettings]?: ExecutorSettings[K] };

const DEFAULTS: ExecutorSettings = {
  name: "local",
  cpusPerTask: EXECUTOR_FIELDS.cpusPerTask.default as number,
  sbatchArgs: [],
  pollSeconds: EXECUTOR_FIELDS.pollSeconds.default as number,
};

/** Checks one source's fields against the schema; `where` names the source in errors. */
export function validateOverrides(raw: unknown, where: string): ExecutorOverrides {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new UserError(`${where} must be a map of executor settings`, { code: "config" });
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === undefined) continue;
    const spec = EXECUTOR_FIELDS[key];
    if (!spec) {
      throw new UserError(
        `${where}: unknown executor setting '${key}'; use one of ${
          Object.keys(EXECUTOR_FIELDS).join(", ")
        }`,
        { code: "config" },
      );
    }
    if (!spec.scalar.safeParse(value).success) {
      throw new UserError(
        `${where}: executor setting '${key}' must be ${spec.expect}, got ${JSON.stringify(value)}`,
        { code: "config" },
      );
    }
    out[key] = value;
  }
  return out as ExecutorOverrides;
}

/** The pipeline file's `executor:` section (already validated by the loader), or nothing. */
export async function pipelineSection(pipeline: Pipeline): Promise<ExecutorOverrides> {
  let text: string;
  try {
    text = await Deno.readTextFile(pipeline.file);
  } catch {
    return {}; // parsed from text (tests): no file, no section
  }
  const raw = parseYaml(text) as Record<string, unknown> | null;
  return validateOverrides(raw?.executor, `${pipeline.file} executor`);
}

/** A profile file: YAML with the fields of an `executor:` section at its top level. */
export async function readProfile(path: string): Promise<ExecutorOverrides> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound ? "not found" : String(error);
    throw new UserError(`executor profile '${path}' cannot be read (${reason}); check the path`, {
      code: "config",
    });
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UserError(`executor profile '${path}' is not valid YAML: ${reason}`, {
      code: "config",
    });
  }
  return validateOverrides(raw, `executor profile '${path}'`);
}

/** Merges the sources in order, later ones winning field by field. */
export function mergeSettings(...sources: ExecutorOverrides[]): ExecutorSettings {
  const merged: Record<string, unknown> = { ...DEFAULTS };
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (value !== undefined) merged[key] = value;
    }
  }
  return merged as unknown as ExecutorSettings;
}

/** The sbatch options the settings ask for, in a fixed order. */
export function sbatchResourceArgs(settings: ExecutorSettings): string[] {
  const args: string[] = [];
  if (settings.partition) args.push(`--partition=${settings.partition}`);
  if (settings.account) args.push(`--account=${settings.account}`);
  if (settings.qos) args.push(`--qos=${settings.qos}`);
  if (settings.time) args.push(`--time=${settings.time}`);
  args.push(`--cpus-per-task=${settings.cpusPerTask}`);
  if (settings.mem) args.push(`--mem=${settings.mem}`);
  args.push(...settings.sbatchArgs);
  return args;
}

/** What `plan` prints about the executor. */
export function describeSettings(settings: ExecutorSettings): string {
  if (settings.name === "local") return "executor: local (this machine's Worker pool)";
  return [
    "executor: slurm (shared stages, then one array task per cell to compute, then the assembly)",
    `  sbatch ${sbatchResourceArgs(settings).join(" ")}`,
    `  polls the queue every ${settings.pollSeconds} s while waiting`,
  ].join("\n");
}
