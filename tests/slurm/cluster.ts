/**
 * A real single-node Slurm cluster for tests: munged, slurmctld and slurmd for this host, with
 * a generated slurm.conf (CPUs = nproc, no accounting) and every file under one temporary
 * directory. Clients reach it through SLURM_CONF (see {@link SlurmCluster.env}). stop() ends the
 * daemons it started, by pid, whatever state they are in.
 */
import { hostname } from "node:os";

/** A running cluster. */
export interface SlurmCluster {
  readonly dir: string;
  /** Environment for Slurm clients (and the submitting CLI). */
  readonly env: Record<string, string>;
  /** Runs a Slurm client command against this cluster. */
  command(
    name: string,
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

const INSTALL = "install Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge); " +
  ".ci/run does this in CI";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function exec(
  name: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  // Daemons live in /usr/sbin, which a CI user's PATH may lack.
  const program = name.endsWith("d") && (await isFile(`/usr/sbin/${name}`))
    ? `/usr/sbin/${name}`
    : name;
  try {
    const out = await new Deno.Command(program, { args, env, stdout: "piped", stderr: "piped" })
      .output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`${name} is not installed: ${INSTALL}`);
    }
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

async function readPid(path: string): Promise<number | undefined> {
  try {
    const pid = Number((await Deno.readTextFile(path)).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

async function tail(path: string, lines = 15): Promise<string> {
  try {
    return (await Deno.readTextFile(path)).trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Waits until `ready()` or `seconds` pass (checking every 100 ms). */
async function until(ready: () => Promise<boolean>, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await ready()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return await ready();
}

/** The slurm.conf of a one-node cluster on this host. */
export function slurmConf(
  dir: string,
  host: string,
  cpus: number,
  ports: { ctld: number; d: number },
): string {
  return [
    "ClusterName=qubo-cnn-test",
    `SlurmctldHost=${host}(127.0.0.1)`,
    `SlurmctldPort=${ports.ctld}`,
    `SlurmdPort=${ports.d}`,
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${dir}/munge/socket`,
    "SlurmUser=root",
    "SlurmdUser=root",
    `StateSaveLocation=${dir}/state`,
    `SlurmdSpoolDir=${dir}/spool`,
    `SlurmctldPidFile=${dir}/slurmctld.pid`,
    `SlurmdPidFile=${dir}/slurmd.pid`,
    `SlurmctldLogFile=${dir}/slurmctld.log`,
    `SlurmdLogFile=${dir}/slurmd.log`,
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "JobAcctGatherType=jobacct_gather/none",
    "AccountingStorageType=accounting_storage/none",
    "JobCompType=jobcomp/none",
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_CPU",
    "SchedulerType=sched/backfill",
    "MpiDefault=none",
    "ReturnToService=2",
    `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} State=UNKNOWN`,
    `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    "",
  ].join("\n");
}

/** Starts the cluster; throws (after stopping what it started) when it cannot. */
export async function startCluster(): Promise<SlurmCluster> {
  const dir = await Deno.makeTempDir({ prefix: "qubo-cnn-slurm-" });
  await Deno.chmod(dir, 0o755);
  for (const sub of ["state", "spool", "munge"]) await Deno.mkdir(`${dir}/${sub}`);
  await Deno.chmod(`${dir}/munge`, 0o700);
  const key = crypto.getRandomValues(new Uint8Array(1024));
  await Deno.writeFile(`${dir}/munge/key`, key, { mode: 0o400 });
  const host = hostname().split(".")[0];
  const cpus = Number((await exec("nproc", [])).stdout.trim()) || 1;
  const conf = `${dir}/slurm.conf`;
  await Deno.writeTextFile(conf, slurmConf(dir, host, cpus, { ctld: freePort(), d: freePort() }));
  const env = { SLURM_CONF: conf };
  const pidFiles = [`${dir}/slurmd.pid`, `${dir}/slurmctld.pid`, `${dir}/munge/pid`];

  const cluster: SlurmCluster = {
    dir,
    env,
    command: (name, ...args) => exec(name, args, env),
    async stop() {
      // Jobs first, so no slurmstepd outlives slurmd; then the daemons, by their pid files.
      await exec("scancel", ["--full", "--user=root"], env).catch(() => {});
      await until(async () =>
        (await exec("squeue", ["-h"], env).catch(() => ({ stdout: "" })))
          .stdout.trim() === "", 10).catch(() => false);
      for (const file of pidFiles) {
        const pid = await readPid(file);
        if (pid === undefined || !alive(pid)) continue;
        Deno.kill(pid, "SIGTERM");
        if (!(await until(() => Promise.resolve(!alive(pid)), 10))) Deno.kill(pid, "SIGKILL");
      }
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
  try {
    const munged = await exec("munged", [
      "--force",
      `--key-file=${dir}/munge/key`,
      `--socket=${dir}/munge/socket`,
      `--pid-file=${dir}/munge/pid`,
      `--seed-file=${dir}/munge/seed`,
      `--log-file=${dir}/munge/log`,
    ]);
    if (munged.code !== 0) {
      throw new Error(`munged did not start: ${munged.stderr}${await tail(`${dir}/munge/log`)}`);
    }
    for (const daemon of ["slurmctld", "slurmd"]) {
      const started = await exec(daemon, ["-f", conf], env);
      if (started.code !== 0) {
        throw new Error(
          `${daemon} did not start (${started.code}): ${started.stderr}\n` +
            (await tail(`${dir}/${daemon}.log`)),
        );
      }
    }
    const idle = await until(async () => {
      const sinfo = await exec("sinfo", ["-h", "-o", "%T"], env);
      return sinfo.code === 0 && sinfo.stdout.trim() === "idle";
    }, 30);
    if (!idle) {
      throw new Error(
        `the Slurm node did not become idle within 30 s:\n${await tail(
          `${dir}/slurmctld.log`,
        )}\n${await tail(
          `${dir}/slurmd.log`,
        )}`,
      );
    }
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
