'use client';

import { Cover } from '@/components/catalog/cover';
import { TrackTitle } from '@/components/catalog/track-title';
import { PlayableList, PlayButton, TrackRow } from '@/components/player/play-button';
import type { QueueTrack } from '@/components/player/store';
import type { RecentPlay } from '@/lib/listening/history-range';

const dayKey = (d: Date) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** "Today", "Yesterday", "Monday 23 March", or with the year when it is not this one. */
function dayHeading(d: Date, now: Date): string {
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(d) === dayKey(now)) return 'Today';
  if (dayKey(d) === dayKey(yesterday)) return 'Yesterday';
  return new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) }).format(d);
}

/** The listener's plays, newest first, under a heading per day of their own time zone. */
export function RecentPlays({ plays }: { plays: RecentPlay[] }) {
  const now = new Date();
  const queue: QueueTrack[] = plays.map((p) => p.track);
  const days: { heading: string; items: { play: RecentPlay; index: number }[] }[] = [];
  plays.forEach((play, index) => {
    const heading = dayHeading(new Date(play.playedAt), now);
    if (days.at(-1)?.heading !== heading) days.push({ heading, items: [] });
    days.at(-1)!.items.push({ play, index });
  });
  return (
    <PlayableList tracks={queue}>
      <div className="space-y-5">
        {days.map((day) => (
          <section key={day.heading} aria-label={day.heading} className="space-y-2">
            <h3 className="text-sm font-medium text-muted">{day.heading}</h3>
            <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line">
              {day.items.map(({ play, index }) => {
                const t = play.track;
                const at = new Date(play.playedAt);
                return (
                  <TrackRow key={play.sessionId} index={index}>
                    <PlayButton index={index} label={`Play ${t.title}`} />
                    <Cover url={t.coverUrl} title={t.album ?? t.title} />
                    <TrackTitle track={t} />
                    <time dateTime={play.playedAt} title={full.format(at)} className="shrink-0 text-sm tabular-nums text-muted">
                      {time.format(at)}
                    </time>
                  </TrackRow>
                );
              })}
            </ol>
          </section>
        ))}
      </div>
    </PlayableList>
  );
}
