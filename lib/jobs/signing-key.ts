import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded driver signs its requests to the app's own /api/inngest like Inngest does,
 * so the route stays in cloud mode (verifying every request) and answers nobody else.
 * The key is made once and kept in the data directory, readable by its owner only.
 */
export function loadOrCreateSigningKey(dataDir: string): string {
  // Joined as text and marked for the build's file tracer: it would otherwise copy a local
  // data directory's key into the standalone output.
  const file = [dataDir, 'secrets', 'inngest-signing-key'].join(path.sep);
  try {
    return fs.readFileSync(/* turbopackIgnore: true */ file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = `signkey-prod-${randomBytes(32).toString('hex')}`;
  try {
    fs.writeFileSync(/* turbopackIgnore: true */ file, key, { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    // Another process wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(/* turbopackIgnore: true */ file, 'utf8').trim();
    throw error;
  }
}
