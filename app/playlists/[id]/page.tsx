import { notFound } from 'next/navigation';
import { toQueue } from '@/components/catalog/track-list';
import { Mosaic } from '@/components/library/mosaic';
import { PlaylistItems } from '@/components/library/playlist-items';
import { PlaylistSettings } from '@/components/library/playlist-settings';
import { EditRules } from '@/components/library/smart-playlist-forms';
import { getDb } from '@/db';
import { getVisiblePlaylist } from '@/db/queries/playlists';
import { requireUser } from '@/lib/auth/session';
import { coverUrl } from '@/lib/catalog';
import { formatDuration } from '@/lib/format';
import { listItemsPage, openSmartPlaylist } from '@/lib/library/playlists';
import { describeRules } from '@/lib/library/smart-rules';

type Props = { params: Promise<{ id: string }> };

/** Items a playlist page shows before the rest loads as it scrolls. */
const FIRST_PAGE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A playlist: its owner's, or anyone's when public (a private one is "not found" to others). */
export default async function PlaylistPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser(`/playlists/${id}`);
  const db = await getDb();
  const found = UUID.test(id) ? await getVisiblePlaylist(db, id.toLowerCase(), user.id) : undefined;
  if (!found) notFound();
  // A smart playlist is its rules evaluated now (its owner's plays and likes): no items of its own.
  const smart = found.rules ? await openSmartPlaylist(db, found) : null;
  const playlist = smart?.summary ?? found;
  // A long playlist opens with its first page; the rest loads as the list scrolls.
  const { items, next } = smart
    ? { items: smart.tracks.map((track, position) => ({ itemId: track.id, position, track })), next: null }
    : await listItemsPage(db, playlist.id, { limit: FIRST_PAGE });
  const queue = toQueue(
    items.map((i) => i.track),
    coverUrl,
  );
  const mine = playlist.ownerId === user.id;
  const trackCount = playlist.trackCount ?? 0;
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <header className="flex flex-col gap-6 sm:flex-row sm:items-end">
        <Mosaic urls={playlist.coverKeys.map((k) => coverUrl(k)!)} title={playlist.name} size={200} />
        <div className="min-w-0 space-y-2">
          <p className="text-sm uppercase tracking-wide text-muted">
            {playlist.isPublic ? 'Public' : 'Private'} {smart ? 'smart playlist' : 'playlist'}
          </p>
          <h1 className="break-words text-4xl font-bold">{playlist.name}</h1>
          {playlist.description ? <p className="whitespace-pre-line text-muted">{playlist.description}</p> : null}
          {found.rules ? <p data-testid="smart-rules">{describeRules(found.rules)}</p> : null}
          <p className="text-muted">
            {mine ? 'Yours' : `By ${playlist.ownerName}`} · {trackCount} {trackCount === 1 ? 'track' : 'tracks'}
            {playlist.durationMs ? ` · ${formatDuration(playlist.durationMs)}` : ''}
          </p>
        </div>
      </header>
      {mine ? (
        <div className="flex flex-wrap items-start gap-2">
          <PlaylistSettings playlist={{ id: playlist.id, name: playlist.name, description: playlist.description, isPublic: playlist.isPublic }} />
          {found.rules ? <EditRules playlistId={playlist.id} rules={found.rules} /> : null}
        </div>
      ) : null}
      <PlaylistItems
        playlistId={playlist.id}
        canEdit={mine && !smart}
        emptyText={smart ? 'No tracks match these rules yet.' : undefined}
        exportHref={`/api/playlists/${playlist.id}/export.m3u8`}
        next={next}
        total={trackCount}
        items={items.map((item, i) => ({
          itemId: item.itemId,
          position: item.position,
          queue: queue[i]!,
          durationMs: item.track.durationMs,
        }))}
      />
    </div>
  );
}
