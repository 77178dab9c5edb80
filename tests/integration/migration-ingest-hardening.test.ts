import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openPglite, openPostgres, type DbHandle } from '@/db/client';
import { isUniqueViolation } from '@/db/errors';
import { freshPostgres, testPostgresUrl } from '../helpers/postgres';

// The ingest-hardening migration (keys per version, `deleting`, content hashes) on a
// database that already holds tracks and keys, as an upgrade meets it.
const before = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-migrations-before-'));
afterAll(() => fs.rmSync(before, { recursive: true, force: true }));
const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
const hardening = journal.entries.find((e) => e.tag.endsWith('_ingest_hardening'))!.idx;
const earlier = journal.entries.filter((e) => e.idx < hardening);
fs.mkdirSync(path.join(before, 'meta'));
fs.writeFileSync(path.join(before, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: earlier }));
for (const e of earlier) fs.copyFileSync(path.join(migrationsFolder(), `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));

const unmigrated: [string, () => Promise<{ h: DbHandle; stop: () => Promise<unknown> }>][] = [
  ['PGlite', async () => ((h) => ({ h, stop: () => h.close() }))(await openPglite())],
  ...(testPostgresUrl()
    ? [
        [
          'PostgreSQL',
          async () => {
            const pg = await freshPostgres();
            const h = await openPostgres(pg.url, { max: 2 });
            return { h, stop: async () => (await h.close(), await pg.stop()) };
          },
        ] as [string, () => Promise<{ h: DbHandle; stop: () => Promise<unknown> }>],
      ]
    : []),
];
const rows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

describe.each(unmigrated)('the ingest-hardening migration on %s with data', (_name, open) => {
  it('gives each existing key the version its track publishes, and adds deleting and content hashes', async () => {
    const { h, stop } = await open();
    try {
      await h.migrate(before);
      const track = async (status: string, hlsVersion: number, published: number | null, keyed = true) => {
        const id = randomUUID();
        const master = published ? `tracks/${id}/v${published}/master.m3u8` : null;
        await h.db.execute(sql`insert into tracks (id, status, title, original_filename, original_key, declared_content_type, hls_version, master_key)
          values (${id}, ${status}::track_status, 'T', 't.flac', ${`originals/${id}/source`}, 'audio/flac', ${hlsVersion}, ${master})`);
        if (keyed) await h.db.execute(sql`insert into track_keys (track_id, key_hex, iv_hex) values (${id}, ${'ab'.repeat(16)}, ${'cd'.repeat(16)})`);
        return id;
      };
      const reprocessed = await track('ready', 2, 2);
      const reprocessing = await track('ready', 3, 2);
      const first = await track('processing', 1, null);

      await h.migrate();
      const keys = rows<{ track_id: string; version: number }>(await h.db.execute(sql`select track_id, version from track_keys`));
      expect(Object.fromEntries(keys.map((k) => [k.track_id, k.version]))).toEqual({ [reprocessed]: 2, [reprocessing]: 2, [first]: 1 });
      // A new version gets a key of its own beside the old one; one version, one key.
      await h.db.execute(sql`insert into track_keys (track_id, version, key_hex, iv_hex) values (${reprocessing}, 3, ${'ef'.repeat(16)}, ${'01'.repeat(16)})`);
      const again = await h.db.execute(sql`insert into track_keys (track_id, version, key_hex, iv_hex) values (${reprocessing}, 3, 'x', 'y')`).catch((e: unknown) => e);
      expect(isUniqueViolation(again)).toBe(true);

      await h.db.execute(sql`update tracks set status = 'deleting' where id = ${first}`);
      const uploading = await track('uploading', 1, null, false);
      await h.db.execute(sql`update tracks set content_sha256 = 'same' where id in (${reprocessed}, ${uploading})`); // an upload in progress claims nothing
      const copy = await h.db.execute(sql`update tracks set content_sha256 = 'same' where id = ${reprocessing}`).catch((e: unknown) => e);
      expect(isUniqueViolation(copy)).toBe(true);
    } finally {
      await stop();
    }
  });
});
