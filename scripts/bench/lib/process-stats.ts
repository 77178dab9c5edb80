// What the benchmarks read about a process from /proc (Linux): resident memory and its
// peak, CPU time, and the CPU of the PostgreSQL backends serving one database.
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
