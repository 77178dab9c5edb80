// What the benchmarks read about processes from /proc (Linux): resident memory and its
// peak, CPU time, the CPU of the PostgreSQL backends serving one database, and how busy the
// rest of the machine was meanwhile.
import fs from 'node:fs';

const kbField = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);

/** Resident memory now and the kernel's own peak (VmHWM), in bytes. */
export function memoryOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: kbField(status, 'VmRSS') * 1024, hwm: kbField(status, 'VmHWM') * 1024 };
}

/** Starts the kernel's peak (VmHWM) again from the current RSS. */
export function resetPeakMemory(pid: number) {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/**
 * The part of RSS that is WebAssembly memory (PGlite's heap: shared buffers, caches): V8
 * reserves 8 GiB or more for it (guard regions) and makes the used part read-write, so it
 * shows as a rw-p mapping directly followed by the rest of the reservation, ---p.
 */
export function wasmMemoryOf(pid: number) {
  type Mapping = { start: bigint; end: bigint; perms: string; rssKb: number };
  const maps: Mapping[] = [];
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (range) maps.push({ start: BigInt(`0x${range[1]}`), end: BigInt(`0x${range[2]}`), perms: range[3]!, rssKb: 0 });
    else if (line.startsWith('Rss:') && maps.length) maps.at(-1)!.rssKb = Number(line.split(/\s+/)[1]);
  }
  let kb = 0;
  maps.forEach((m, i) => {
    const used = maps[i - 1];
    if (m.perms === '---p' && used?.perms === 'rw-p' && used.end === m.start && m.end - used.start >= 4n << 30n) kb += used.rssKb;
  });
  return kb * 1024;
}

/** CPU seconds a process has used (user + system), from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds of the PostgreSQL backends (on this machine) connected to `database`, by pid:
 * each backend's process title names its database (`postgres: user database host(port) …`).
 * Background processes (WAL writer, checkpointer) serve every database and are not counted.
 */
export function postgresBackendCpu(database: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.split(/\s+/)[2] === database) found.set(Number(entry), cpuSecondsOf(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** CPU seconds used between two postgresBackendCpu samples (a backend new since `before` counts from zero). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>) {
  let seconds = 0;
  for (const [pid, cpu] of after) seconds += cpu - (before.get(pid) ?? 0);
  return seconds;
}

/** CPU seconds the whole machine has been busy (every core: user, system, interrupts, steal), from /proc/stat. */
export function machineBusySeconds() {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** Seconds in which some runnable task waited for a CPU (Linux pressure stall information), or NaN without PSI. */
export function cpuWaitSeconds() {
  try {
    return Number(/total=(\d+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))![1]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far: each of `pids`, the backends serving `database`, this process, the whole machine. */
export function sampleCpu(pids: number[], database?: string) {
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    servers: pids.map(cpuSecondsOf),
    postgres: database ? postgresBackendCpu(database) : new Map<number, number>(),
    generator: (own.user + own.system) / 1e6,
    machine: machineBusySeconds(),
    waiting: cpuWaitSeconds(),
  };
}
export type CpuSample = ReturnType<typeof sampleCpu>;

/** CPU used between two samples, in seconds; `others` is everything else on the machine. */
export function cpuUsedBetween(a: CpuSample, b: CpuSample) {
  const servers = b.servers.map((c, i) => c - a.servers[i]!);
  const postgres = cpuBetween(a.postgres, b.postgres);
  const generator = b.generator - a.generator;
  const others = Math.max(0, b.machine - a.machine - servers.reduce((x, y) => x + y, 0) - postgres - generator);
  return { seconds: (b.at - a.at) / 1000, servers, postgres, generator, others, waiting: b.waiting - a.waiting };
}
