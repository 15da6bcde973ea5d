/**
 * Comparing this audit chain with another copy of it: a backup, or the chain a bundle carried.
 * Events are matched by sequence AND hash: an older copy whose event 12 has a different hash
 * than ours proves our chain was rewritten after that copy was made, however consistent the
 * rewrite is. The anchor a copy carries (its head when it was made) must still be in our chain.
 */
import type { Db } from '../../db/connection';
import { hashLookup, lastSeq } from '../../db/queries/audit';
import type { IntegrityProblem } from './verify';

export interface ChainEvent {
  seq: number;
  hash: string;
}

export function compareChains(
  local: Db,
  other: Iterable<ChainEvent>,
  otherHead: ChainEvent | null,
  label: string,
): IntegrityProblem[] {
  const hashAt = hashLookup(local);
  const localHead = lastSeq(local);
  for (const e of other) {
    const mine = hashAt(e.seq);
    if (mine === undefined) {
      if (e.seq <= localHead)
        return [
          {
            code: 'copy-contradicts',
            seq: e.seq,
            message: `${label} has event ${e.seq}, which is missing here: it was deleted after that copy was made`,
          },
        ];
      continue;
    }
    if (mine !== e.hash) {
      return [
        {
          code: 'copy-contradicts',
          seq: e.seq,
          message: `${label} holds a different event ${e.seq} than this database: this chain was rewritten after that copy was made`,
        },
      ];
    }
  }
  if (otherHead && otherHead.seq > localHead) {
    return [
      {
        code: 'copy-contradicts',
        seq: otherHead.seq,
        message: `${label} was made when the chain reached event ${otherHead.seq}; this database ends at ${localHead}: events were deleted`,
      },
    ];
  }
  return [];
}
