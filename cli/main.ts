/**
 * qubo-cnn command line: `run`, `plan`, `why`, `report`, `cache`, `qubo`, `datasets`,
 * `dwave`.
 * Errors a user can meet print as one sentence (plus details), never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { isUserError, type UserError } from "../lib/errors.ts";
import { DEFAULT_CACHE_DIR } from "../lib/cache/layout.ts";
import { VERSION } from "../lib/version.ts";
import { registerCacheCommand } from "./cache.ts";
import { registerDatasetsCommand } from "./datasets.ts";
import { registerDwaveCommand } from "./dwave.ts";
import { registerQuboCommand } from "./qubo.ts";
import { registerReportCommand } from "./report.ts";
import { registerRunCommands } from "./run.ts";
import { registerStatusCommand } from "./status.ts";
import { registerWhyCommand } from "./why.ts";
import { registerRunsCommand } from "./runs.ts";
import { registerCompareCommand } from "./compare.ts";
import { registerExportCommand } from "./export.ts";

/** Builds the whole CLI (exported for tests). */
export function buildProgram(): Command {
  const program = new Command()
    .name("qubo-cnn")
    .description("Train CNN classifier heads by per-class QUBOs on a local annealer or D-Wave.")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  registerRunCommands(program);
  registerReportCommand(program);
  registerCacheCommand(program, { cacheDir: DEFAULT_CACHE_DIR });
  registerQuboCommand(program, { cacheDir: DEFAULT_CACHE_DIR });
  registerDatasetsCommand(program);
  registerDwaveCommand(program);
  registerWhyCommand(program);
  registerStatusCommand(program);
  registerRunsCommand(program);
  registerCompareCommand(program);
  registerExportCommand(program);
  return program;
}

/** Runs the CLI with `args`, mapping errors to exit codes and clear messages. */
export async function main(args: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(args, { from: "user" });
    return typeof Deno.exitCode === "number" ? Deno.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" ? 0 : 2;
    }
    if (isUserError(error)) {
      console.error(`error: ${error.message}`);
      for (const line of (error as UserError).details ?? []) console.error(`  ${line}`);
      return 1;
    }
    if (error instanceof Error && error.name === "AbortError") {
      console.error(
        "interrupted: finished work is kept in the cache; run the same command to resume.",
      );
      return 130;
    }
    console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (Deno.env.get("QUBO_CNN_DEBUG")) console.error(error);
    else console.error("  (set QUBO_CNN_DEBUG=1 for the stack trace, and please report it)");
    return 70;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
