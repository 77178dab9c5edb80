import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { listAlbumRadioSeeds, listArtistRadioSeeds, listRadioTopUp } from '@/db/queries/radio';
import { isReadyTrack, listReadyTrackSummaries } from '@/db/queries/similar';
import type { TrackSummary } from '@/db/queries/tracks';
import { AppError } from '@/lib/errors';
import { candidatesFromSeeds } from './candidates';
import { diversify } from './diversify';
import { radioSeeds, rankRadio } from './radio-pick';

export const RADIO_DEFAULT_LIMIT = 20;
export const RADIO_MAX_LIMIT = 50;
export const RADIO_MAX_EXCLUDE = 200;
export const RADIO_MAX_HEARD = 50;
export const RADIO_MAX_SKIPPED = 200;
/** An artist's (most played) or an album's tracks radio starts from. */
const ARTIST_SEEDS = 10;
const ALBUM_SEEDS = 30;
/** Seeds (and skipped tracks) whose sound-alikes are read when co-listening knows too little. */
const SOUND_SEEDS = 6;
const SKIPPED_SOUND_SEEDS = 3;
/** Skipped tracks whose neighbours are pulled down (the most recent). */
const PENALISED_SKIPS = 20;

const uuid = (what: string) => z.uuid(`Not a ${what} id (a UUID).`).transform((id) => id.toLowerCase());
const trackIds = (max: number) => z.array(uuid('track')).max(max, `At most ${max} track ids.`);

const radioBody = z.strictObject({
  seed: z
    .strictObject({ trackId: uuid('track').optional(), artistId: uuid('artist').optional(), albumId: uuid('album').optional() })
    .refine((s) => [s.trackId, s.artistId, s.albumId].filter(Boolean).length === 1, 'Give exactly one of trackId, artistId or albumId.'),
  exclude: trackIds(RADIO_MAX_EXCLUDE).default([]),
  heard: trackIds(RADIO_MAX_HEARD).default([]),
  skipped: trackIds(RADIO_MAX_SKIPPED).default([]),
  limit: z.number(`limit must be a whole number from 1 to ${RADIO_MAX_LIMIT}.`).int(`limit must be a whole number from 1 to ${RADIO_MAX_LIMIT}.`).min(1, `limit must be a whole number from 1 to ${RADIO_MAX_LIMIT}.`).max(RADIO_MAX_LIMIT, `limit must be a whole number from 1 to ${RADIO_MAX_LIMIT}.`).default(RADIO_DEFAULT_LIMIT),
});

export type RadioRequest = z.infer<typeof radioBody>;

/** A POST /api/radio body, checked: 400 validation_failed saying what is wrong. */
export const parseRadioRequest = (body: unknown): RadioRequest => radioBody.parse(body);

/** The tracks a radio's seed stands for; 404 when there is nothing ready behind it. */
async function seedTracks(db: Db, seed: RadioRequest['seed']): Promise<{ primary: string[]; own: boolean }> {
  if (seed.trackId) {
    if (!(await isReadyTrack(db, seed.trackId))) throw new AppError('not_found', 'No such track.');
    return { primary: [seed.trackId], own: false };
  }
  if (seed.artistId) {
    const primary = await listArtistRadioSeeds(db, seed.artistId, ARTIST_SEEDS);
    if (!primary.length) throw new AppError('not_found', 'No such artist.');
    return { primary, own: true };
  }
  const primary = await listAlbumRadioSeeds(db, seed.albumId!, ALBUM_SEEDS);
  if (!primary.length) throw new AppError('not_found', 'No such album.');
  return { primary, own: true };
}

/**
 * The next tracks of a radio, best first: an endless queue from a seed.
 *
 * Candidates are blended by evidence (see `blend`) from the seed's tracks and the last tracks
 * heard (newer weigh more): co-listening neighbours where co-listening knows enough, the
 * sound where it knows little. An artist's or album's own tracks are candidates too, ahead of
 * the rest (the artist cap spreads them out). The neighbours and sound-alikes of skipped
 * tracks are pulled down. Never the seed track, anything in `exclude`, `heard` or `skipped`.
 * When the candidates run out, the most played tracks, then any others, fill up: a small
 * catalog keeps playing while anything is left. At most 2 per artist in any 10, counting the
 * last tracks heard before the list.
 */
export async function nextRadioTracks(db: Db, request: RadioRequest): Promise<TrackSummary[]> {
  const { primary, own } = await seedTracks(db, request.seed);
  const exclude = new Set([...request.exclude, ...request.heard, ...request.skipped, ...(request.seed.trackId ? [request.seed.trackId] : [])]);
  const seeds = radioSeeds(primary, request.heard);
  const skips = request.skipped.slice(0, PENALISED_SKIPS).map((trackId) => ({ trackId, weight: 1 }));
  const [candidates, penalties] = await Promise.all([candidatesFromSeeds(db, seeds, SOUND_SEEDS), candidatesFromSeeds(db, skips, SKIPPED_SOUND_SEEDS)]);
  const { ranked, pulledDown } = rankRadio({ candidates, penalties, lead: own ? seeds.slice(0, primary.length) : [], exclude });

  const need = request.limit * 4 + 10;
  const topUp = ranked.length < need ? await listRadioTopUp(db, [...exclude, ...ranked, ...pulledDown], need - ranked.length) : [];
  const order = [...ranked, ...topUp, ...pulledDown].slice(0, need);
  const before = request.heard.slice(0, 9);
  const summaries = new Map((await listReadyTrackSummaries(db, [...order, ...before])).map((t) => [t.id, t]));
  const found = order.flatMap((id) => summaries.get(id) ?? []);
  const preceding = before.reverse().map((id) => summaries.get(id)?.artistId ?? null);
  return diversify(found, (t) => t.artistId, { limit: request.limit, preceding });
}
