import { NewSmartPlaylistForm } from '@/components/library/smart-playlist-forms';
import { requireUser } from '@/lib/auth/session';

export const metadata = { title: 'New smart playlist' };

/** A playlist that fills itself: the listener names it and sets its rules. */
export default async function NewSmartPlaylistPage() {
  await requireUser('/playlists/smart/new');
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-1">
        <h1 className="text-3xl font-semibold">New smart playlist</h1>
        <p className="text-muted">It fills itself from your library each time you open it: pick what goes in, the order, and how many.</p>
      </div>
      <NewSmartPlaylistForm />
    </div>
  );
}
