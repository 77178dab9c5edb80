// npm run eval:recommend — offline quality of co-listening recommendations. Generates a
// listening log with planted taste clusters that cut across artists (scripts/eval/lib/
// listening-log.ts), writes it as listening sessions into a fresh in-memory PGlite (counted
// plays and skips, as the heartbeats leave them), holds out each listener's last play of a
// track new to them, runs
// the real neighbour build, and prints hit rate@10 and catalog coverage@10 for co-listening
// and for a most-popular baseline. Target: co-listening ≥ 2× popular. Content similarity and
// the blend plug in as more Recommenders (scripts/eval/lib/evaluate.ts).
import { openPglite } from '@/db/client';
import { insertPastSessions } from '@/db/queries/listening';
import { insertTrack, upsertArtist } from '@/db/queries/tracks';
import { insertUser } from '@/db/queries/users';
import { buildNeighbours, getTrackNeighbours } from '@/lib/recommend/neighbours';
import { evaluate, topK, type EvalListener, type Recommender } from './lib/evaluate';
import { DEFAULT_LOG, makeListeningLog } from './lib/listening-log';

const h = await openPglite();
await h.migrate();
const db = h.db;
const log = makeListeningLog(DEFAULT_LOG);

const artistIds = await Promise.all(Array.from({ length: DEFAULT_LOG.artists }, (_, a) => upsertArtist(db, `Artist ${a}`)));
const trackIds: string[] = [];
for (const t of log.tracks) {
  const row = await insertTrack(db, { title: `Track ${t.index}`, artistId: artistIds[t.artist]!, status: 'ready', durationMs: 200_000, originalFilename: `${t.index}.flac`, originalKey: `originals/${t.index}`, declaredContentType: 'audio/flac' });
  trackIds.push(row.id);
}
const userIds: string[] = [];
for (let l = 0; l < DEFAULT_LOG.listeners; l++) userIds.push((await insertUser(db, { email: `l${l}@example.org`, displayName: `l${l}`, passwordHash: 'x', role: 'user' })).id);

// Hold out each listener's last counted play of a track they had not played before (what a
// recommender is for: music new to them); everything before it, skips included, is written.
const listeners: EvalListener[] = [];
const training = [];
for (let l = 0; l < DEFAULT_LOG.listeners; l++) {
  const mine = log.plays.filter((p) => p.listener === l);
  const last = mine.findLastIndex((p, i) => !p.skipped && !mine.slice(0, i).some((q) => !q.skipped && q.track === p.track));
  const before = mine.slice(0, last);
  training.push(...before);
  listeners.push({ id: userIds[l]!, history: before.filter((p) => !p.skipped).map((p) => trackIds[p.track]!), heldOut: trackIds[mine[last]!.track]! });
}
await insertPastSessions(
  db,
  training.map((p) => ({ userId: userIds[p.listener]!, trackId: trackIds[p.track]!, startedAt: p.startedAt, heardMs: p.skipped ? 9_000 : 200_000, counted: !p.skipped })),
);
const counted = training.filter((p) => !p.skipped).length;
console.log(`log: ${DEFAULT_LOG.listeners} listeners in ${DEFAULT_LOG.clusters} taste groups, ${log.tracks.length} tracks by ${DEFAULT_LOG.artists} artists, ${counted} plays and ${training.length - counted} skips written, 1 play per listener held out`);
const run = await buildNeighbours(db);
console.log(`neighbour build: ${run.playsRead} plays read, ${run.pairsUpdated} pairs, ${run.tracksUpdated} tracks ranked, ${run.durationMs} ms`);

const RECENT = 20;
/** Neighbours of the listener's last RECENT distinct plays, newer plays weighing more. */
const coListening: Recommender = {
  name: 'co-listening',
  async recommend(listener, k) {
    const recent = [...new Set([...listener.history].reverse())].slice(0, RECENT);
    const scores = new Map<string, number>();
    for (const [i, trackId] of recent.entries()) {
      for (const n of await getTrackNeighbours(db, trackId, 50)) scores.set(n.trackId, (scores.get(n.trackId) ?? 0) + n.score * (1 - i / (2 * RECENT)));
    }
    return topK(scores, new Set(listener.history), k);
  },
};

/** The tracks most listeners played (in the training log), that this listener has not. */
const listenersPerTrack = new Map<string, number>();
for (const l of listeners) for (const t of new Set(l.history)) listenersPerTrack.set(t, (listenersPerTrack.get(t) ?? 0) + 1);
const popular: Recommender = { name: 'most popular', recommend: async (listener, k) => topK(listenersPerTrack, new Set(listener.history), k) };

const results = await evaluate([coListening, popular], listeners, trackIds.length, 10);
for (const r of results) console.log(`${r.name.padEnd(14)} hit rate@10 ${r.hitRate.toFixed(3)}   coverage@10 ${r.coverage.toFixed(3)}`);
const ratio = results[0]!.hitRate / Math.max(results[1]!.hitRate, 1e-9);
console.log(`co-listening / popular: ${ratio.toFixed(2)}× (target ≥ 2×: ${ratio >= 2 ? 'met' : 'NOT met'})`);
await h.close();
