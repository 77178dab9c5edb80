import Link from 'next/link';
import { StatusFilter, statusParam } from '@/components/admin/status-filter';
import { DeleteTrackButton, ReprocessButton } from '@/components/admin/track-actions';
import { TrackStatusBadge } from '@/components/admin/track-status';
import { TableHead } from '@/components/ui/table-head';
import { buttonClass } from '@/components/ui/button';
import { getDb } from '@/db';
import { countTracksByStatus, listTrackSummaries } from '@/db/queries/tracks';
import { trackStatus } from '@/db/schema';
import { requireAdmin } from '@/lib/auth/session';
import { formatDuration } from '@/lib/format';

export const metadata = { title: 'Tracks' };

const PAGE_SIZE = 50;
type Props = { searchParams: Promise<{ status?: string; page?: string }> };

export default async function AdminTracksPage({ searchParams }: Props) {
  await requireAdmin('/admin/tracks');
  const params = await searchParams;
  const status = statusParam(trackStatus.enumValues, params.status);
  const page = Math.max(1, Math.floor(Number(params.page)) || 1);
  const db = await getDb();
  const [tracks, counts] = await Promise.all([listTrackSummaries(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, status }), countTracksByStatus(db)]);
  const qs = (p: number) => `/admin/tracks?page=${p}${status ? `&status=${status}` : ''}`;
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-3xl font-semibold">Tracks</h1>
        <Link href="/admin/upload" className={buttonClass()}>
          Upload
        </Link>
      </div>
      <StatusFilter base="/admin/tracks" statuses={trackStatus.enumValues} current={status} counts={counts} />
      {tracks.length === 0 ? (
        <div className="rounded-xl border border-dashed border-line bg-surface p-10 text-center">
          <p className="font-medium">{status ? `No ${status} tracks.` : 'No music yet — upload or import a folder.'}</p>
          {!status ? (
            <Link href="/admin/upload" className={`${buttonClass()} mt-3`}>
              Upload music
            </Link>
          ) : null}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-line">
          <table className="w-full text-left text-sm">
            <TableHead columns={['Title', 'Artist', 'Album', 'Length', 'Status', 'Added', '']} />
            <tbody>
              {tracks.map((t) => (
                <tr key={t.id} id={t.id} className="border-t border-line align-top target:bg-accent/10">
                  <td className="px-3 py-2">
                    <Link href={`/admin/tracks/${t.id}`} className="font-medium hover:underline">
                      {t.title}
                    </Link>
                    <span className="block text-xs text-muted">{t.originalFilename}</span>
                  </td>
                  <td className="px-3 py-2">{t.artist ?? '–'}</td>
                  <td className="px-3 py-2">{t.album ?? '–'}</td>
                  <td className="px-3 py-2 tabular-nums">{t.durationMs ? formatDuration(t.durationMs) : '–'}</td>
                  <td className="px-3 py-2">
                    <TrackStatusBadge status={t.status} progress={t.progress} error={t.error} />
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-muted">{t.createdAt.toISOString().slice(0, 10)}</td>
                  <td className="space-y-1 px-3 py-2">
                    {t.status === 'ready' || t.status === 'failed' ? <ReprocessButton trackId={t.id} /> : null}
                    {t.status !== 'processing' && t.status !== 'uploaded' ? <DeleteTrackButton trackId={t.id} title={t.title} /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="flex gap-3 text-sm">
        {page > 1 ? <Link href={qs(page - 1)}>Previous</Link> : null}
        {tracks.length === PAGE_SIZE ? <Link href={qs(page + 1)}>Next</Link> : null}
      </nav>
    </div>
  );
}
