// CPU time of the processes a run uses, read from Linux's /proc (elsewhere: null), so a
// row can say where a machine's cores went: Seats, PostgreSQL, the load generator.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux the bench runs on

/** The fields of /proc/<pid>/stat after the command name (field 3 on), or null. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime, stime, cutime and cstime of a process (fields 14–17 of its stat), ms. */
function times(pid: number): number[] | null {
  const fields = statFields(pid);
  return fields && [11, 12, 13, 14].map((index) => Number(fields[index]) * TICK_MS);
}

/** The parent of a process on this machine, or null. */
export function parentPid(pid: number): number | null {
  const fields = statFields(pid);
  return fields && Number(fields[1]);
}

/** CPU ms a live process has used (all its threads), or null off Linux. */
export function processCpuMs(pid: number): number | null {
  const [user, system] = times(pid) ?? [];
  return user === undefined ? null : user + system!;
}

/**
 * CPU ms a PostgreSQL server has used: the postmaster, its live children (backends,
 * writers, autovacuum) and the children it has already reaped (counted in its cutime
 * and cstime). Null off Linux or for a server this machine does not run.
 */
export function postgresCpuMs(postmasterPid: number): number | null {
  // A child reaped during the scan moves its time into the postmaster's cutime: read
  // again until the postmaster's own times held still across one scan.
  for (;;) {
    const before = times(postmasterPid);
    if (!before) return null;
    let children = 0;
    for (const entry of readdirSync('/proc'))
      if (/^\d+$/.test(entry) && parentPid(Number(entry)) === postmasterPid)
        children += processCpuMs(Number(entry)) ?? 0;
    const after = times(postmasterPid);
    if (after && after.every((value, index) => value === before[index]))
      return after.reduce((sum, value) => sum + value, children);
  }
}

/** The postmaster of a PostgreSQL backend that runs on this machine, or null. */
export function postmasterOf(backendPid: number): number | null {
  const parent = parentPid(backendPid);
  if (parent === null) return null;
  try {
    return readFileSync(`/proc/${parent}/comm`, 'utf8').startsWith('postgres') ? parent : null;
  } catch {
    return null;
  }
}
