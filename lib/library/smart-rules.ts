import { z } from 'zod';

/**
 * A smart playlist's definition: which ready tracks it holds (conditions, all or any of
 * them), in which order, how many. Pure: validated here, turned into SQL by
 * db/queries/smart-playlists.ts, put into words for its page by `describeRules`.
 */

export const MAX_CONDITIONS = 20;
export const MAX_SMART_LIMIT = 1000;
const MAX_DAYS = 36_500;

const text = (what: string) =>
  z
    .string({ error: `Give the ${what} to look for.` })
    .trim()
    .min(1, `Give the ${what} to look for.`)
    .max(200, 'At most 200 characters.');
const days = z.number({ error: 'A number of days.' }).int('A whole number of days.').min(1, 'At least 1 day.').max(MAX_DAYS, `At most ${MAX_DAYS} days.`);
const op = z.enum(['is', 'contains'], { error: 'Use "is" or "contains".' });
const year = z.number({ error: 'A year.' }).int('A whole year.').min(0, 'A year from 0.').max(9999, 'A year up to 9999.');
const seconds = z.number({ error: 'A number of seconds.' }).int('Whole seconds.').min(0, 'Seconds from 0.').max(86_400, 'At most 86,400 seconds (a day).');

const conditionShapes = [
  z.strictObject({ field: z.literal('artist'), op, value: text('artist') }),
  z.strictObject({ field: z.literal('album'), op, value: text('album') }),
  z.strictObject({ field: z.literal('year'), from: year.optional(), to: year.optional() }),
  /** Added to the library (became ready) in the last `days` days. */
  z.strictObject({ field: z.literal('added'), days }),
  /** The owner played it more than `times` times. */
  z.strictObject({ field: z.literal('plays'), moreThan: z.number({ error: 'A number of plays.' }).int('A whole number of plays.').min(0, 'From 0 plays.').max(1_000_000, 'At most 1,000,000 plays.') }),
  /** The owner has not played it in the last `days` days (never played counts). */
  z.strictObject({ field: z.literal('notPlayed'), days }),
  /** The owner likes it. */
  z.strictObject({ field: z.literal('liked') }),
  /** Length in seconds. */
  z.strictObject({ field: z.literal('duration'), from: seconds.optional(), to: seconds.optional() }),
] as const;

export const CONDITION_FIELDS = ['artist', 'album', 'year', 'added', 'plays', 'notPlayed', 'liked', 'duration'] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

// Ranges are checked after the union (a refined member would not be discriminable).
const rangeCheck = (c: { from?: number; to?: number }, ctx: z.RefinementCtx) => {
  if (c.from === undefined && c.to === undefined) ctx.addIssue({ code: 'custom', message: 'Give "from", "to" or both.', path: ['from'] });
  else if (c.from !== undefined && c.to !== undefined && c.from > c.to) ctx.addIssue({ code: 'custom', message: '"from" must not be after "to".', path: ['to'] });
};

export const conditionSchema = z
  .discriminatedUnion('field', conditionShapes, { error: `"field" must be one of: ${CONDITION_FIELDS.join(', ')}.` })
  .superRefine((c, ctx) => {
    if (c.field === 'year' || c.field === 'duration') rangeCheck(c, ctx);
  });
export type Condition = z.infer<typeof conditionSchema>;

export const SORTS = ['added', 'title', 'artist', 'album', 'year', 'plays', 'lastPlayed', 'random'] as const;
export type SmartSort = (typeof SORTS)[number];

export const rulesSchema = z.strictObject(
  {
    match: z.enum(['all', 'any'], { error: '"match" must be "all" or "any".' }).default('all'),
    conditions: z
      .array(conditionSchema, { error: '"conditions" must be a list.' })
      .min(1, 'Add at least one condition.')
      .max(MAX_CONDITIONS, `At most ${MAX_CONDITIONS} conditions.`),
    sort: z.enum(SORTS, { error: `"sort" must be one of: ${SORTS.join(', ')}.` }).default('added'),
    order: z.enum(['asc', 'desc'], { error: '"order" must be "asc" or "desc".' }).default('desc'),
    limit: z
      .number({ error: '"limit" must be a number.' })
      .int('"limit" must be a whole number.')
      .min(1, '"limit" must be at least 1.')
      .max(MAX_SMART_LIMIT, `"limit" must be at most ${MAX_SMART_LIMIT}.`)
      .default(100),
  },
  { error: 'Rules must be an object: { match, conditions, sort, order, limit }.' },
);
export type SmartRules = z.infer<typeof rulesSchema>;

export function parseRules(input: unknown): SmartRules {
  return rulesSchema.parse(input);
}

const quoted = (s: string) => `‘${s}’`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function between(from: number | undefined, to: number | undefined, show: (n: number) => string): string {
  if (from !== undefined && to !== undefined) return from === to ? `is ${show(from)}` : `${show(from)}–${show(to)}`;
  return from !== undefined ? `from ${show(from)}` : `up to ${show(to!)}`;
}

const minutes = (s: number) => (s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);

/** One condition in words: "artist contains ‘aurora’". */
export function describeCondition(c: Condition): string {
  switch (c.field) {
    case 'artist':
    case 'album':
      return `${c.field} ${c.op} ${quoted(c.value)}`;
    case 'year':
      return `year ${between(c.from, c.to, String)}`;
    case 'added':
      return c.days === 1 ? 'added in the last day' : `added in the last ${plural(c.days, 'day')}`;
    case 'plays':
      return c.moreThan === 0 ? 'played at least once' : `played more than ${plural(c.moreThan, 'time')}`;
    case 'notPlayed':
      return `not played in ${plural(c.days, 'day')}`;
    case 'liked':
      return 'liked';
    case 'duration':
      return `length ${between(c.from, c.to, minutes)}`;
  }
}

const sortWords: Record<SmartSort, [asc: string, desc: string]> = {
  added: ['oldest additions first', 'newest additions first'],
  title: ['by title A–Z', 'by title Z–A'],
  artist: ['by artist A–Z', 'by artist Z–A'],
  album: ['by album A–Z', 'by album Z–A'],
  year: ['oldest year first', 'newest year first'],
  plays: ['least played first', 'most played first'],
  lastPlayed: ['least recently played first', 'most recently played first'],
  random: ['in random order', 'in random order'],
};

/** The rules in words: "Artist contains ‘aurora’ and added in the last 30 days, most played first, 50 tracks". */
export function describeRules(rules: SmartRules): string {
  const joined = rules.conditions.map(describeCondition).join(rules.match === 'all' ? ' and ' : ' or ');
  const sentence = joined.charAt(0).toUpperCase() + joined.slice(1);
  const order = sortWords[rules.sort][rules.order === 'asc' ? 0 : 1];
  return `${sentence}, ${order}, up to ${plural(rules.limit, 'track')}`;
}
