/**
 * CPU time of the processes taking part in an ingest run, from /proc (Linux): what each
 * message costs in each process does not depend on what else the machine runs, unlike the
 * messages per second of a shared 2-core machine.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms; 0 when it is gone or /proc is not there. */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export function sumCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
}

/** Pids whose command name is `name` (e.g. the broker, `mosquitto`). */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * PostgreSQL backends serving `database` (their command line reads
 * `postgres: user database host(port) state`), found again at each call: a pool opens its
 * connections as it needs them.
 */
export function postgresBackends(database: string): number[] {
  return pidsNamed('postgres').filter((pid) => {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.split(/\s+/).includes(database);
    } catch {
      return false;
    }
  });
}

/** CPU ms per process group between `start()` and `stop()`. */
export class CpuMeter {
  private readonly at0 = new Map<string, number>();
  readonly spent = new Map<string, number>();

  constructor(private readonly groups: Record<string, () => number>) {}

  start(): void {
    for (const [name, read] of Object.entries(this.groups)) this.at0.set(name, read());
  }

  stop(): Map<string, number> {
    for (const [name, read] of Object.entries(this.groups)) {
      this.spent.set(name, read() - (this.at0.get(name) ?? 0));
    }
    return this.spent;
  }
}
