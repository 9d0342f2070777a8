/**
 * Peak memory over a run: this process's resident set (all its threads: the worker's workflow threads included), its
 * main heap, and the resident set of the processes it started (the Temporal test server), sampled twice a second.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryPeaks {
  /** Peak resident set of this process during the run, as sampled. */
  rssBytes: number;
  /** Peak of the main thread's heap in use, as sampled. */
  heapUsedBytes: number;
  /** Peak of the summed resident sets of this process's descendants, as sampled (Linux; 0 elsewhere). */
  childrenRssBytes: number;
}

/** Parent of each process, from /proc (Linux); empty elsewhere. */
function parents(): Map<number, number> {
  const result = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return result;
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      result.set(Number(pid), ppid);
    } catch {
      // The process ended meanwhile.
    }
  }
  return result;
}

function rssOf(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Summed resident set of every descendant of this process. */
function childrenRss(): number {
  const parentOf = parents();
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf)
      if (!mine.has(pid) && mine.has(ppid)) {
        mine.add(pid);
        grew = true;
      }
  }
  mine.delete(process.pid);
  return [...mine].reduce((sum, pid) => sum + rssOf(pid), 0);
}

/** Starts sampling; `stop()` ends it and gives the peaks. */
export function sampleMemory(intervalMs = 500): { stop(): MemoryPeaks } {
  let rssBytes = 0;
  let heapUsedBytes = 0;
  let childrenRssBytes = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rssBytes = Math.max(rssBytes, usage.rss);
    heapUsedBytes = Math.max(heapUsedBytes, usage.heapUsed);
    childrenRssBytes = Math.max(childrenRssBytes, childrenRss());
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rssBytes, heapUsedBytes, childrenRssBytes };
    },
  };
}
