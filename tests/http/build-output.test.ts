import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { standaloneDir } from '../../scripts/lib/build.mjs';

/** Every file of the built server, outside its own node_modules. */
function files(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files(full, out);
    else out.push(path.relative(standaloneDir, full));
  }
  return out;
}

// What `npm start` and the Docker image run must not carry a developer's data or secrets:
// the build's file tracer copies whatever a dynamic path might reach.
describe('the built server', () => {
  it('holds no data directory, secrets or repository clutter', () => {
    const built = files(standaloneDir);
    expect(built).toContain('server.js');
    expect(built.some((f) => f.startsWith('db/migrations/'))).toBe(true);
    expect(built.filter((f) => /(^|\/)(data|secrets|tests|\.git)\//.test(f) || f.endsWith('.env'))).toEqual([]);
  });
});
