import Link from 'next/link';
import { getDb } from '@/db';
import { listGenres } from '@/db/queries/library';
import { requireUser } from '@/lib/auth/session';

export const metadata = { title: 'Genres' };

/** The genres the tags name, most tracks first; each opens its tracks. */
export default async function GenresPage() {
  await requireUser('/library/genres');
  const genres = await listGenres(await getDb());
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <h1 className="text-3xl font-semibold">Genres</h1>
      {genres.length ? (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 xl:grid-cols-5">
          {genres.map((g) => (
            <li key={g.key} className="min-w-0">
              <Link href={`/library/genres/${encodeURIComponent(g.key)}`} className="block rounded-xl border border-line bg-surface p-4 hover:bg-surface-2">
                <span className="block truncate font-medium">{g.name}</span>
                <span className="text-sm text-muted">
                  {g.trackCount.toLocaleString('en')} {g.trackCount === 1 ? 'track' : 'tracks'}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-muted">No track has a genre in its tags yet.</p>
      )}
    </div>
  );
}
