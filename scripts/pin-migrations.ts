// Records the hash of every released migration so db/migrate.test.ts can keep them unchanged.
// Run after adding a migration: npx tsx scripts/pin-migrations.ts
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { migrations } from '../db/migrations';

const pinned = migrations.map((m) => ({
  version: m.version,
  name: m.name,
  sha256: createHash('sha256').update(m.sql).digest('hex'),
}));
writeFileSync(new URL('../db/migrations.lock.json', import.meta.url), JSON.stringify(pinned, null, 2) + '\n');
console.log(`pinned ${pinned.length} migration(s)`);
