/**
 * A synthetic listening log with planted taste clusters, for evaluating recommenders offline.
 * Listeners fall into `clusters` taste groups. Each group prefers its own set of tracks,
 * chosen across every artist (so a track's sound and artist say nothing about who likes it:
 * content similarity alone cannot find the groups). Picks mix the group's tracks (Zipf
 * within the group), globally popular tracks (Zipf over the catalog) and uniform noise; some
 * picks are skipped, mostly ones from outside the listener's taste.
 */
export type LogTrack = { index: number; artist: number; cluster: number };
export type LogPlay = { listener: number; track: number; startedAt: Date; skipped: boolean };
export type LogOptions = {
  seed: number;
  tracks: number;
  artists: number;
  clusters: number;
  listeners: number;
  sessions: number;
  playsPerSession: number;
  /** Shares of each pick: from the listener's group, from the popular head; the rest is noise. */
  inGroup: number;
  popular: number;
  skipRate: number;
  start: Date;
};

export const DEFAULT_LOG: LogOptions = {
  seed: 13,
  tracks: 600,
  artists: 40,
  clusters: 8,
  listeners: 160,
  sessions: 8,
  playsPerSession: 8,
  inGroup: 0.6,
  popular: 0.25,
  skipRate: 0.12,
  start: new Date(Date.now() - 40 * 86_400_000),
};

/** mulberry32: a small seeded generator, so every run makes the same log. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An index in [0, n) with probability falling like 1/(i+1). */
function zipf(rand: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(rand() * Math.log(n + 1)) - 1));
}

export function makeListeningLog(o: LogOptions = DEFAULT_LOG): { tracks: LogTrack[]; plays: LogPlay[] } {
  const rand = random(o.seed);
  // Artist by index, taste group by a shuffle independent of it.
  const order = Array.from({ length: o.tracks }, (_, i) => i).sort(() => rand() - 0.5);
  const tracks: LogTrack[] = Array.from({ length: o.tracks }, (_, i) => ({ index: i, artist: i % o.artists, cluster: order.indexOf(i) % o.clusters }));
  const byCluster = Array.from({ length: o.clusters }, (_, c) => tracks.filter((t) => t.cluster === c).map((t) => t.index));
  const popularity = [...tracks.map((t) => t.index)].sort(() => rand() - 0.5);
  // A group shares its favourites: one order of its tracks, most liked first.
  const favourites = byCluster.map((c) => [...c].sort(() => rand() - 0.5));
  const plays: LogPlay[] = [];
  for (let l = 0; l < o.listeners; l++) {
    const group = l % o.clusters;
    const mine = favourites[group]!;
    for (let s = 0; s < o.sessions; s++) {
      const sessionStart = o.start.getTime() + s * 4 * 86_400_000 + Math.floor(rand() * 20 * 3_600_000);
      for (let p = 0; p < o.playsPerSession; p++) {
        const r = rand();
        const track = r < o.inGroup ? mine[zipf(rand, mine.length)]! : r < o.inGroup + o.popular ? popularity[zipf(rand, popularity.length)]! : Math.floor(rand() * o.tracks);
        const outside = tracks[track]!.cluster !== group;
        const skipped = rand() < (outside ? o.skipRate * 2.5 : o.skipRate / 2);
        plays.push({ listener: l, track, startedAt: new Date(sessionStart + p * 4 * 60_000), skipped });
      }
    }
  }
  return { tracks, plays };
}
