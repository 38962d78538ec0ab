/**
 * The `qubo` command: `qubo export KEY` writes a cached QUBO (any class QUBO of any iteration,
 * stage "class-qubo", or a cell's sample, stage "qubo") in the qbsolv `.qubo`, JSON COO or
 * dimod BQM format, for other solvers; `qubo solve FILE` imports a QUBO file in any of them and
 * solves it with one of our samplers. Errors are UserErrors that main prints.
 */
import { type Command, Option } from "commander";
import { canonicalJson } from "../lib/cache/canonical.ts";
import { resolveKeyPrefix } from "../lib/cache/inspect.ts";
import { openCache } from "../lib/cache/store.ts";
import { UserError } from "../lib/errors.ts";
import { quboCouplerCount } from "../lib/qubo.ts";
import {
  QUBO_FILE_FORMATS,
  QUBO_STAGE,
  type QuboFileFormat,
  quboFromArtifact,
  readQuboFile,
  writeQubo,
  writeQuboBytes,
} from "../lib/qubo_format.ts";
import { writeResultFile } from "../lib/results/out_dir.ts";
import { CLASS_QUBO_STAGE, rebuildClassQubo } from "../lib/runner/class_qubo_stage.ts";
import { exactSampler } from "../samplers/exact.ts";
import { saSampler } from "../samplers/sa.ts";
import { bestSampleIndex, sampleBits, type Sampler } from "../samplers/sampler.ts";

/** Defaults and I/O of the qubo command; tests replace out and samplers. */
export interface QuboCommandOptions {
  /** Cache directory when --cache-dir is not given (default ".cache"). */
  readonly cacheDir?: string;
  /** Writes one line (or, for an export to stdout, the whole text); default console.log. */
  readonly out?: (text: string) => void;
  /** Samplers `qubo solve` offers, by name (default sa and exact). */
  readonly samplers?: Readonly<Record<string, Sampler>>;
}

/** Samplers `qubo solve` offers when none are given. */
export const DEFAULT_SOLVE_SAMPLERS: Readonly<Record<string, Sampler>> = {
  sa: saSampler as Sampler,
  exact: exactSampler as Sampler,
};

/**
 * Sampler parameters from "name=value" texts: the value is read as JSON when it is JSON
 * (numbers, booleans, arrays such as [0.1,10]), else kept as a string.
 */
export function parseSamplerParams(texts: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const text of texts) {
    const at = text.indexOf("=");
    const name = at > 0 ? text.slice(0, at).trim() : "";
    if (!name) {
      throw new UserError(`--param "${text}" must be name=value, e.g. --param numReads=20.`);
    }
    if (Object.hasOwn(params, name)) {
      throw new UserError(`--param ${name} is given twice: give each parameter once.`);
    }
    const raw = text.slice(at + 1).trim();
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // not JSON: a plain string such as "geometric"
    }
    Object.defineProperty(params, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return params;
}

/** Format for an export: the option, else the output file's extension, else qbsolv. */
function exportFormat(format: string | undefined, file: string | undefined): QuboFileFormat {
  if (format !== undefined) return format as QuboFileFormat;
  const name = file?.toLowerCase() ?? "";
  return name.endsWith(".json") ? "json" : name.endsWith(".bqm") ? "bqm" : "qbsolv";
}

/** Adds `qubo export` and `qubo solve` to `program`. */
export function registerQuboCommand(program: Command, options: QuboCommandOptions = {}): Command {
  const out = options.out ?? ((text: string) => console.log(text));
  const samplers = options.samplers ?? DEFAULT_SOLVE_SAMPLERS;
  const defaultDir = options.cacheDir ?? ".cache";
  const qubo = program
    .command("qubo")
    .description("export cached QUBOs for other solvers, or solve a QUBO file");
  qubo
    .command("export")
    .description(
      'write a cached QUBO (stage "class-qubo" or "qubo") as qbsolv .qubo text, JSON COO or a dimod BQM file',
    )
    .argument("<key>", "the entry's key or a unique prefix of it (see: cache ls)")
    .addOption(new Option("--format <format>", "file format").choices(QUBO_FILE_FORMATS))
    .option("-o, --output <file>", "write to this file instead of standard output")
    .option("--cache-dir <dir>", `cache directory (default: ${defaultDir})`)
    .action(
      async (prefix: string, opts: { format?: string; output?: string; cacheDir?: string }) => {
        const dir = opts.cacheDir ?? defaultDir;
        const found = await resolveKeyPrefix(dir, prefix);
        if (Array.isArray(found)) {
          throw found.length === 0
            ? new UserError(
              `No entry in cache ${dir} has a key starting with "${prefix}": list them with: cache ls.`,
            )
            : new UserError(
              `Key prefix "${prefix}" matches ${found.length} entries in cache ${dir} ` +
                `(${
                  found.slice(0, 3).map((k) => k.slice(0, 12)).join(", ")
                }...): give more digits.`,
            );
        }
        const key = found;
        let corrupt = "";
        const cache = await openCache(dir, {
          onEvent: (e) => {
            if (e.kind === "corrupt") corrupt = e.reason;
          },
        });
        const entry = await cache.readEntry(key);
        if (!entry) {
          throw new UserError(
            `Cache entry ${key.slice(0, 12)} ${
              corrupt
                ? `was corrupt (${corrupt}) and has been removed`
                : "disappeared while reading"
            }: re-run the sweep that made it.`,
          );
        }
        const where = `Cache entry ${key.slice(0, 12)}`;
        let problem;
        if (entry.spec.stage === QUBO_STAGE) {
          problem = quboFromArtifact(entry.artifact, where);
        } else if (entry.spec.stage === CLASS_QUBO_STAGE) {
          problem = await rebuildClassQubo(cache, entry.spec, entry.artifact, where);
        } else {
          throw new UserError(
            `${where} is a "${entry.spec.stage}" artifact, not a QUBO: ` +
              `export an entry of stage "${CLASS_QUBO_STAGE}" or "${QUBO_STAGE}" (see: cache ls).`,
          );
        }
        const format = exportFormat(opts.format, opts.output);
        const comments = [
          `qubo-cnn cache entry ${key}`,
          `meta ${canonicalJson(entry.artifact.meta)}`,
        ];
        if (opts.output === undefined) {
          if (format === "bqm") {
            throw new UserError(
              "A BQM file is binary, not text for the terminal: give the file to write with -o, e.g. -o class.bqm.",
            );
          }
          const text = writeQubo(problem, format, comments);
          out(text.endsWith("\n") ? text.slice(0, -1) : text);
          return;
        }
        // Through a temporary file and a rename: a full disk leaves no truncated export, and
        // the UserError names the file.
        await writeResultFile(opts.output, writeQuboBytes(problem, format, comments));
        out(
          `wrote ${opts.output} (${format}): n = ${problem.n} variables, ` +
            `${quboCouplerCount(problem)} couplers`,
        );
      },
    );
  qubo
    .command("solve")
    .description("import a QUBO file (qbsolv .qubo, JSON COO or dimod .bqm) and solve it")
    .argument("<file>", "the QUBO file")
    .addOption(
      new Option("--sampler <name>", "sampler to use").choices(Object.keys(samplers)).default(
        Object.keys(samplers)[0],
      ),
    )
    .option(
      "--param <name=value...>",
      "sampler parameter, repeatable (e.g. --param numReads=20 --param seed=1)",
    )
    .addOption(
      new Option("--format <format>", "file format (default: from the extension)").choices(
        QUBO_FILE_FORMATS,
      ),
    )
    .action(async (file: string, opts: { sampler: string; param?: string[]; format?: string }) => {
      const problem = await readQuboFile(file, opts.format as QuboFileFormat | undefined);
      const params = parseSamplerParams(opts.param ?? []);
      const sampler = samplers[opts.sampler];
      const set = await sampler.sample(problem, params);
      const best = bestSampleIndex(set);
      const bestEnergy = set.energies[best];
      let reached = 0;
      for (let r = 0; r < set.numReads; r++) if (set.energies[r] === bestEnergy) reached++;
      const beta = set.info.betaRange ? `, beta range [${set.info.betaRange.join(", ")}]` : "";
      out(
        `problem: ${file}, n = ${problem.n} variables, ${quboCouplerCount(problem)} couplers, ` +
          `offset ${problem.offset}`,
      );
      out(
        `sampler: ${sampler.name}, ${set.numReads} reads in ${
          set.info.timing.total.toFixed(3)
        } s${beta}`,
      );
      out(`best energy: ${bestEnergy} (${reached} of ${set.numReads} reads reached it)`);
      out(`bits: ${problem.n === 0 ? "(none)" : sampleBits(set, best).join("")}`);
    });
  return qubo;
}
