import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { pgliteOptions } from '../../db/client';
import { root } from './build.mjs';

export type PgliteTemplate = {
  /** A closed PGlite data directory with every migration applied: copy it, never open it. */
  dir: string;
  /** The same database as a PGlite dump, for `openPglite(undefined, { loadDataDir })`. */
  dump: string;
};

const migrationsDir = path.join(root, 'db', 'migrations');

/** What the template depends on: the migrations and the PGlite build. */
function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(migrationsDir)) hash.update(path.relative(migrationsDir, file)).update('\0').update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A new PGlite cluster takes ~5 s to initialise (initdb in WASM on 2 cores); opening one that
 * exists takes ~0.5 s. The HTTP, browser and integration suites start some eighty databases,
 * so they start from this one, made once per set of migrations (in the temp directory, shared
 * by the processes of a run) with the real PGlite and the real migrations. The server still
 * runs every migration at boot and finds them applied. tests/http/first-run.test.ts starts
 * from an empty data directory, as a new install does.
 */
export async function pgliteTemplate(): Promise<PgliteTemplate> {
  const base = path.join(os.tmpdir(), `mist-pglite-template-${templateKey()}`);
  const template = { dir: path.join(base, 'db'), dump: path.join(base, 'dump.tar') };
  if (fs.existsSync(path.join(base, 'ready'))) return template;
  fs.rmSync(base, { recursive: true, force: true }); // left half-made by a process that died

  const work = fs.mkdtempSync(`${base}.making-`);
  try {
    const client = await PGlite.create(path.join(work, 'db'), pgliteOptions);
    await migrate(drizzle(client), { migrationsFolder: migrationsDir });
    const dump = await client.dumpDataDir('none');
    await client.close();
    fs.writeFileSync(path.join(work, 'dump.tar'), Buffer.from(await dump.arrayBuffer()));
    fs.writeFileSync(path.join(work, 'ready'), '');
    fs.renameSync(work, base);
  } catch (error) {
    fs.rmSync(work, { recursive: true, force: true });
    // Another process of the run made it first.
    if (fs.existsSync(path.join(base, 'ready'))) return template;
    throw error;
  }
  return template;
}

/** The template's dump, read for an in-memory PGlite. */
export async function pgliteTemplateDump(): Promise<Blob> {
  return new Blob([fs.readFileSync((await pgliteTemplate()).dump)]);
}
