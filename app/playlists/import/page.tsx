import Link from 'next/link';
import { PlaylistImport } from '@/components/library/playlist-import';
import { requireUser } from '@/lib/auth/session';

export const metadata = { title: 'Import playlist' };

/** Import a playlist file from another player or service, reviewed line by line. */
export default async function ImportPlaylistPage() {
  await requireUser('/playlists/import');
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-1">
        <Link href="/playlists" className="text-sm text-muted hover:underline">
          Playlists
        </Link>
        <h1 className="text-3xl font-semibold">Import playlist</h1>
      </div>
      <PlaylistImport />
    </div>
  );
}
