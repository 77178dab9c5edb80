import { Disc3, Heart, ListMusic, Tags, UsersRound } from 'lucide-react';
import Link from 'next/link';
import { getDb } from '@/db';
import { hasGenres } from '@/db/queries/library';
import { requireUser } from '@/lib/auth/session';

export const metadata = { title: 'Library' };

/** The library in one place (the phone's "Library" tab): albums, artists, genres, liked songs, playlists. */
export default async function LibraryPage() {
  await requireUser('/library');
  const genres = await hasGenres(await getDb());
  const links = [
    { href: '/library/albums', label: 'Albums', icon: Disc3 },
    { href: '/library/artists', label: 'Artists', icon: UsersRound },
    ...(genres ? [{ href: '/library/genres', label: 'Genres', icon: Tags }] : []),
    { href: '/liked', label: 'Liked songs', icon: Heart },
    { href: '/playlists', label: 'Playlists', icon: ListMusic },
  ];
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-3xl font-semibold">Library</h1>
      <ul className="grid gap-3 sm:grid-cols-2">
        {links.map(({ href, label, icon: Icon }) => (
          <li key={href}>
            <Link href={href} className="flex items-center gap-4 rounded-xl border border-line bg-surface p-4 text-lg font-medium hover:bg-surface-2">
              <Icon aria-hidden size={24} className="text-muted" />
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
