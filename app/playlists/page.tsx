import { FileUp, Heart } from 'lucide-react';
import Link from 'next/link';
import { Mosaic } from '@/components/library/mosaic';
import { NewPlaylistForm } from '@/components/library/new-playlist-form';
import { NewSmartPlaylistLink } from '@/components/library/smart-playlist-forms';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db';
import { listOwnPlaylists, listPublicPlaylists, type PlaylistSummary } from '@/db/queries/playlists';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';
import { formatDuration } from '@/lib/format';

export const metadata = { title: 'Playlists' };

function Grid({ playlists, showOwner }: { playlists: PlaylistSummary[]; showOwner?: boolean }) {
  return (
    <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
      {playlists.map((p) => (
        <li key={p.id}>
          <Link href={`/playlists/${p.id}`} className="group block space-y-2 rounded-lg p-2 hover:bg-surface-2 focus-visible:bg-surface-2">
            <Mosaic urls={p.coverKeys.map((k) => coverUrl(k)!)} title={p.name} size={160} />
            <p className="truncate font-medium">{p.name}</p>
            <p className="truncate text-xs text-muted">
              {showOwner ? `${p.ownerName} · ` : p.isPublic ? 'Public · ' : ''}
              {p.trackCount === null ? 'Smart playlist' : `${p.trackCount} ${p.trackCount === 1 ? 'track' : 'tracks'}`}
              {p.durationMs ? ` · ${formatDuration(p.durationMs)}` : ''}
            </p>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The listener's own playlists, Liked songs, and everyone's public playlists. */
export default async function PlaylistsPage() {
  const user = await requireUser('/playlists');
  const db = await getDb();
  const [own, shared] = await Promise.all([listOwnPlaylists(db, user.id), listPublicPlaylists(db, { limit: 60, offset: 0 })]);
  const others = shared.filter((p) => p.ownerId !== user.id);
  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-semibold">Playlists</h1>
        <div className="flex flex-wrap gap-2">
          <Link href="/playlists/import" className={buttonClass('secondary')}>
            <FileUp aria-hidden size={16} /> Import playlist
          </Link>
          <NewPlaylistForm />
          <NewSmartPlaylistLink />
        </div>
      </div>
      <section aria-labelledby="yours" className="space-y-3">
        <h2 id="yours" className="text-xl font-semibold">
          Yours
        </h2>
        <Link href="/liked" className="flex items-center gap-3 rounded-lg border border-line p-3 hover:bg-surface-2">
          <span className="flex size-12 items-center justify-center rounded bg-accent/30">
            <Heart aria-hidden size={20} fill="currentColor" />
          </span>
          <span className="font-medium">Liked songs</span>
        </Link>
        {own.length ? <Grid playlists={own} /> : <p className="text-muted">No playlists yet. Make one here, or from any track’s menu (“Add to playlist”).</p>}
      </section>
      <section aria-labelledby="public" className="space-y-3">
        <h2 id="public" className="text-xl font-semibold">
          Shared by other listeners
        </h2>
        {others.length ? <Grid playlists={others} showOwner /> : <p className="text-muted">No public playlists from others yet.</p>}
      </section>
    </div>
  );
}
