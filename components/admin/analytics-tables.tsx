import Link from 'next/link';
import type { ReactNode } from 'react';
import { TableHead } from '@/components/ui/table-head';
import { formatHeard } from '@/lib/format';
import { type Analytics, MIN_SESSIONS_FOR_SKIP_RATE } from '@/lib/listening/analytics';

const number = new Intl.NumberFormat('en');
const num = 'px-3 py-2 text-right tabular-nums';

function Card({ id, title, note, children }: { id: string; title: string; note?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 space-y-2">
      <h2 id={id} className="font-semibold">
        {title} {note ? <span className="text-sm font-normal text-muted">{note}</span> : null}
      </h2>
      {children}
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-xl border border-dashed border-line bg-surface p-6 text-center text-sm text-muted">{children}</p>;
}

function ArtistLink({ id, name }: { id: string | null; name: string | null }) {
  if (!id) return <span className="text-muted">Unknown artist</span>;
  return (
    <Link href={`/artists/${id}`} className="hover:underline">
      {name}
    </Link>
  );
}

function TrackLink({ id, title }: { id: string; title: string }) {
  return (
    <Link href={`/admin/tracks/${id}`} className="font-medium hover:underline">
      {title}
    </Link>
  );
}

/** Top tracks, top artists and skip rates of the window: dense tables, numbers right-aligned. */
export function AnalyticsTables({ analytics: a }: { analytics: Analytics }) {
  const none = `No plays in the last ${a.days} days.`;
  return (
    <>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card id="top-tracks" title="Top tracks">
          {a.topTracks.length === 0 ? (
            <Empty>{none}</Empty>
          ) : (
            <div className="overflow-x-auto rounded-xl border border-line">
              <table className="w-full text-left text-sm">
                <TableHead columns={['#', 'Track', 'Plays', 'Heard', 'All time']} right={['Plays', 'Heard', 'All time']} wide={['All time']} />
                <tbody>
                  {a.topTracks.map((t, i) => (
                    <tr key={t.trackId} className="border-t border-line">
                      <td className="px-3 py-2 tabular-nums text-muted">{i + 1}</td>
                      <td className="max-w-40 px-3 py-2 sm:max-w-64">
                        <span className="block truncate">
                          <TrackLink id={t.trackId} title={t.title} />
                        </span>
                        <span className="block truncate text-xs text-muted">
                          <ArtistLink id={t.artistId} name={t.artist} />
                        </span>
                      </td>
                      <td className={num}>{number.format(t.plays)}</td>
                      <td className={`${num} whitespace-nowrap text-muted`}>{formatHeard(t.msHeard)}</td>
                      <td className={`${num} hidden text-muted sm:table-cell`}>{number.format(t.allTimePlays)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card id="top-artists" title="Top artists">
          {a.topArtists.length === 0 ? (
            <Empty>{none}</Empty>
          ) : (
            <div className="overflow-x-auto rounded-xl border border-line">
              <table className="w-full text-left text-sm">
                <TableHead columns={['#', 'Artist', 'Tracks', 'Plays', 'Heard']} right={['Tracks', 'Plays', 'Heard']} wide={['Tracks']} />
                <tbody>
                  {a.topArtists.map((r, i) => (
                    <tr key={r.artistId ?? 'none'} className="border-t border-line">
                      <td className="px-3 py-2 tabular-nums text-muted">{i + 1}</td>
                      <td className="max-w-40 truncate px-3 py-2 font-medium sm:max-w-64">
                        <ArtistLink id={r.artistId} name={r.artist} />
                      </td>
                      <td className={`${num} hidden text-muted sm:table-cell`}>{number.format(r.tracks)}</td>
                      <td className={num}>{number.format(r.plays)}</td>
                      <td className={`${num} whitespace-nowrap text-muted`}>{formatHeard(r.msHeard)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
      <Card id="skip-rates" title="Skip rate per track" note={`(at least ${MIN_SESSIONS_FOR_SKIP_RATE} plays + skips in the last ${a.days} days; highest first)`}>
        {a.skipRates.length === 0 ? (
          <Empty>No track has been played or skipped {MIN_SESSIONS_FOR_SKIP_RATE} times in the last {a.days} days yet.</Empty>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-line">
            <table className="w-full text-left text-sm">
              <TableHead columns={['Track', 'Plays', 'Skips', 'Skip rate']} right={['Plays', 'Skips']} />
              <tbody>
                {a.skipRates.map((r) => (
                  <tr key={r.trackId} className="border-t border-line">
                    <td className="max-w-40 px-3 py-2 sm:max-w-72">
                      <span className="block truncate">
                        <TrackLink id={r.trackId} title={r.title} />
                      </span>
                      <span className="block truncate text-xs text-muted">
                        <ArtistLink id={r.artistId} name={r.artist} />
                      </span>
                    </td>
                    <td className={num}>{number.format(r.plays)}</td>
                    <td className={num}>{number.format(r.skips)}</td>
                    <td className="px-3 py-2 sm:w-48">
                      <div className="flex items-center gap-2">
                        <span className="w-10 text-right tabular-nums">{Math.round(r.skipRate * 100)}%</span>
                        <span aria-hidden className="hidden h-1.5 flex-1 overflow-hidden rounded-full bg-surface-2 sm:block">
                          <span className="block h-full rounded-full bg-danger/70" style={{ width: `${Math.round(r.skipRate * 100)}%` }} />
                        </span>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
