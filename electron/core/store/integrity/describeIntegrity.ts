/** The one line `twinscope verify` prints per session. */
import type { SessionIntegrity } from '../../../common/integrity';
import { isoOf } from './ChainReader';

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

export function describeIntegrity(r: SessionIntegrity, moreProblems = 0): string {
  const head = `session ${r.session}:`;
  const sealedAt = r.sealedAt === null ? '' : ` at ${isoOf(r.sealedAt)}`;
  const pruned =
    r.pruned.blocks > 0
      ? `; ${plural(r.pruned.blocks, 'block')} (${plural(r.pruned.arrivals, 'arrival')}) pruned by retention`
      : '';
  switch (r.status) {
    case 'intact':
      return `${head} intact (${plural(r.records, 'record')}, sealed${sealedAt}${pruned})`;
    case 'sealed': {
      const rest = r.unsealed > 0 ? `; ${plural(r.unsealed, 'record')} after it not yet sealed` : '';
      return `${head} intact, sealed up to arrival ${r.sealedUpto}${sealedAt}${rest}${pruned} (not ended: still recording, or stopped without ending)`;
    }
    case 'unsealed':
      return `${head} not sealed (${plural(r.records, 'record')}; recorded before sessions were sealed, or stopped before its first seal)`;
    case 'failed': {
      const n = r.problems.length + moreProblems;
      const more = n > 1 ? ` (and ${plural(n - 1, 'more problem')})` : '';
      return `${head} FAILED: ${r.problems[0]?.message ?? 'its chain does not hold'}${more}`;
    }
  }
}
