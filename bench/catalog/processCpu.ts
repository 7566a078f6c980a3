/*
 * CPU seconds (user + system) of processes, read from /proc, to show where the time of
 * a browser measurement went: the portal's backend, Chromium, PostgreSQL.
 */
import fs from 'node:fs';

interface ProcessStat {
  pid: number;
  ppid: number;
  cpuSeconds: number;
}

function readStat(pid: string): ProcessStat | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid: Number(pid),
      ppid: Number(fields[1]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
    };
  } catch {
    return undefined; // The process ended between listing and reading.
  }
}

function allStats(): ProcessStat[] {
  return fs
    .readdirSync('/proc')
    .filter(name => /^\d+$/.test(name))
    .map(readStat)
    .filter((s): s is ProcessStat => !!s);
}

function treeCpuSeconds(stats: ProcessStat[], root: ProcessStat): number {
  const children = new Map<number, ProcessStat[]>();
  for (const s of stats) {
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  }
  let total = 0;
  const queue = [root];
  while (queue.length) {
    const s = queue.pop()!;
    total += s.cpuSeconds;
    queue.push(...(children.get(s.pid) ?? []));
  }
  return total;
}

/** CPU seconds of a process and all its descendants. */
export function processTreeCpuSeconds(rootPid: number): number {
  const stats = allStats();
  const root = stats.find(s => s.pid === rootPid);
  return root ? treeCpuSeconds(stats, root) : NaN;
}

/**
 * CPU seconds of this process's children whose command line contains `command`, with
 * their descendants: Chromium as Playwright started it, renderers included.
 */
export function childrenCpuSeconds(command: string): number {
  const stats = allStats();
  return stats
    .filter(s => s.ppid === process.pid)
    .filter(s => {
      try {
        return fs
          .readFileSync(`/proc/${s.pid}/cmdline`, 'utf8')
          .includes(command);
      } catch {
        return false;
      }
    })
    .reduce((sum, s) => sum + treeCpuSeconds(stats, s), 0);
}
