import { IpamService } from '../../engine/resolvers/ipam/ipam-service.js';
import { openBenchStore } from '../support/bench-store.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest, timed, timedAsync } from '../support/measure.js';
import { FullScanAllocator } from './full-scan-allocator.js';

/** How the addresses are taken from the pool. */
export type IpamStrategy = 'batch' | 'per-call' | 'full-scan';

const POOL = { name: 'bench', cidr: '10.0.0.0/16' };
const OWNER = 'bench';

/**
 * `count` address allocations from one /16 in a fresh data directory:
 * - `batch`: `allocateMany`, one IMMEDIATE transaction for all of them;
 * - `per-call`: `allocate` in a loop, one transaction (and one fsync, synchronous=FULL) each;
 * - `full-scan`: the naive {@link FullScanAllocator}, one transaction each plus a full occupancy read.
 * Afterwards the pool's live allocations are read back and checked to be `count` distinct values.
 */
export async function runIpamCase(strategy: IpamStrategy, count: number): Promise<CaseOutcome> {
  const bench = openBenchStore(`ipam-${strategy}`);
  try {
    const ipam = new IpamService(bench.store.async);
    const pool = await ipam.createPool(POOL);
    const ref = { pool: POOL.name };
    let run: { result: string[]; ms: number; cpuMs: number };
    if (strategy === 'batch') {
      run = await timedAsync(async () => (await ipam.allocateMany(ref, { kind: 'address' }, OWNER, count)).map((a) => a.value));
    } else if (strategy === 'per-call') {
      run = await timedAsync(async () => {
        const values: string[] = [];
        for (let i = 0; i < count; i += 1) values.push((await ipam.allocate(ref, { kind: 'address' }, OWNER)).value);
        return values;
      });
    } else {
      const naive = new FullScanAllocator(bench.store.file);
      try {
        run = timed(() => Array.from({ length: count }, () => naive.allocateAddress(pool.id, OWNER)));
      } finally {
        naive.dispose();
      }
    }
    const { result: values, ms, cpuMs } = run;
    const stored = (await ipam.listAllocations(ref)).map((a) => a.value);
    const distinct = new Set(stored).size;
    if (stored.length !== count || distinct !== count || new Set(values).size !== count) {
      throw new Error(`${strategy}: expected ${count} distinct stored addresses, found ${distinct} distinct of ${stored.length}`);
    }
    return {
      count,
      ms,
      cpuMs,
      digest: digest(values),
      checks: [`${distinct}/${stored.length} distinct`, `${values[0]}…${values.at(-1)}`],
    };
  } finally {
    bench.dispose();
  }
}
