import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tracks } from './catalog';
import { users } from './users';

/** One play of one track by one listener: what entitles the player to the track's key. */
export const listeningSessions = pgTable(
  'listening_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    trackId: uuid()
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The browser's User-Agent, trimmed: which device played. */
    clientInfo: text(),
    /**
     * The player's own id for itself (MIST's web player: one per browser tab), when it sent
     * one: a new session from the same player supersedes its previous one.
     */
    deviceId: text(),
    /**
     * Set once, when the listener's player fetched the track's key for this session: nothing
     * can be heard before, so heard time counts from here. Never set: never a play.
     */
    keyFetchedAt: timestamp({ withTimezone: true }),
    /**
     * Set once, when a newer session took this one's place (same player, or past the bound
     * on live sessions): heard time stops accruing here; beats still apply.
     */
    supersededAt: timestamp({ withTimezone: true }),
    /** Highest heartbeat `seq` applied; a beat at or below it changes nothing. */
    lastSeq: integer().notNull().default(0),
    lastBeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    positionMs: integer().notNull().default(0),
    /** Time actually heard, as the player reported it, capped by wall-clock time; never decreases. */
    heardMs: integer().notNull().default(0),
    /** Set once, when the session became a play. */
    countedAt: timestamp({ withTimezone: true }),
    /** Set once: by the player's last beat, or by the sweeper after a silence. Ended uncounted = a skip. */
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('listening_sessions_user_track_idx').on(t.userId, t.trackId, t.startedAt),
    // Open sessions, for the sweeper and "listening now". Not on last_beat_at: every beat
    // changes that, and a beat that changes no indexed column is a HOT update (no index writes).
    index('listening_sessions_open_idx').on(t.startedAt).where(sql`${t.endedAt} is null`),
    // A listener's history: plays by when they counted, minutes heard by when sessions started.
    // Plays in the order they counted: what the neighbour build reads since its last run.
    index('listening_sessions_counted_idx').on(t.countedAt, t.id).where(sql`${t.countedAt} is not null`),
    index('listening_sessions_user_counted_idx').on(t.userId, t.countedAt).where(sql`${t.countedAt} is not null`),
    index('listening_sessions_user_started_idx').on(t.userId, t.startedAt),
    // The session a key request marks: the listener's newest open one of that track not yet marked.
    index('listening_sessions_unkeyed_idx').on(t.userId, t.trackId, t.startedAt).where(sql`${t.keyFetchedAt} is null and ${t.endedAt} is null`),
    // A listener's live sessions, for the bound on how many there are.
    index('listening_sessions_user_live_idx').on(t.userId).where(sql`${t.endedAt} is null and ${t.supersededAt} is null`),
  ],
);

/**
 * One per listener: how far their heard time has been credited, over all their sessions
 * together. A beat credits heard time only after this point (and after its session's key
 * was fetched), and moves it on by what it credits: a person hears one stream at a time,
 * so heard time never runs ahead of the clock. Created with the listener's first session.
 */
export const listeningClocks = pgTable('listening_clocks', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** null: nothing credited yet. May run ahead of now by the heard-time slack. */
  creditedTo: timestamp({ withTimezone: true }),
});
