// Test helper: dates every file and directory of a tree an hour back, so that what a
// test edits next looks like an edit a person made, not one racing the last build
// (builds do not stamp files too fresh to trust: src/fileClock.ts).
import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

export function age(path: string): void {
  const then = new Date(Date.now() - 3_600_000);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) age(join(path, entry.name));
    else utimesSync(join(path, entry.name), then, then);
  }
  utimesSync(path, then, then);
}
