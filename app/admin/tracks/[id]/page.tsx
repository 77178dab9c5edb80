import { notFound } from 'next/navigation';
import { DeleteTrackButton, EditTrackForm, ReprocessButton } from '@/components/admin/track-actions';
import { TrackStatusBadge } from '@/components/admin/track-status';
import { getDb } from '@/db';
import { getTrackSummary } from '@/db/queries/tracks';
import { requireAdmin } from '@/lib/auth/session';
import { formatDuration } from '@/lib/format';

export const metadata = { title: 'Edit track' };

type Props = { params: Promise<{ id: string }> };

export default async function AdminTrackPage({ params }: Props) {
  await requireAdmin('/admin/tracks');
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const track = await getTrackSummary(await getDb(), id);
  if (!track) notFound();
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold">{track.title}</h1>
        <TrackStatusBadge status={track.status} progress={track.progress} error={track.error} />
        <p className="text-sm text-muted">
          {track.originalFilename}
          {track.durationMs ? ` · ${formatDuration(track.durationMs)}` : ''}
          {track.integratedLufs !== null ? ` · ${track.integratedLufs.toFixed(1)} LUFS (gain ${track.gainDb?.toFixed(1)} dB)` : ''}
        </p>
      </div>
      <EditTrackForm track={track} />
      <div className="flex gap-3">
        {track.status === 'ready' || track.status === 'failed' ? <ReprocessButton trackId={track.id} /> : null}
        {track.status !== 'processing' && track.status !== 'uploaded' ? <DeleteTrackButton trackId={track.id} title={track.title} redirectToList /> : null}
      </div>
    </div>
  );
}
