import { getDb } from '@/db';
import { countActiveAdmins, countUsers } from '@/db/queries/users';
import { requireAdmin } from '@/lib/auth/session';
import { getCacheStats, type CacheStats } from '@/lib/cache';
import { getEnv, getModes, getVersion } from '@/lib/env';

export const metadata = { title: 'Admin' };

export default async function AdminPage() {
  await requireAdmin('/admin');
  const db = await getDb();
  const [users, admins] = await Promise.all([countUsers(db), countActiveAdmins(db)]);
  const env = getEnv();
  const modes = getModes(env);
  const facts: [string, string][] = [
    ['Version', getVersion()],
    ['Users', `${users} (${admins} active admin${admins === 1 ? '' : 's'})`],
    ['Sign-up', env.MIST_REGISTRATION === 'open' ? 'Open to anyone' : 'Closed'],
    ['Database', modes.database === 'pglite' ? `Embedded (PGlite) in ${env.dataDir}` : 'PostgreSQL'],
    ['Storage', modes.storage === 'local' ? 'Local files' : modes.storage],
    ['Background jobs', modes.jobs],
    ['Rate limits', modes.rateLimits === 'redis' ? 'Redis' : 'In memory'],
    ['Cache', describeCache(getCacheStats())],
  ];
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-semibold">Admin</h1>
      <dl className="grid max-w-2xl grid-cols-[max-content_1fr] gap-x-6 gap-y-2 rounded-xl border border-line bg-surface p-6 text-sm">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-muted">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function describeCache(stats: CacheStats): string {
  const where = stats.kind === 'redis' ? 'Redis' : 'In memory';
  if (stats.hitRate === null) return `${where} · no lookups yet`;
  const lookups = stats.hits + stats.misses;
  return `${where} · ${Math.round(stats.hitRate * 100)}% hit rate (${stats.hits.toLocaleString('en')} of ${lookups.toLocaleString('en')} lookups on this instance)`;
}
