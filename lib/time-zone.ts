// IANA time zones, checked with Intl, so the browser, Node and PostgreSQL agree on one name.

// Names only ("Europe/Berlin", "UTC", "Etc/GMT+5"): Intl also takes offsets like "+05:00",
// which PostgreSQL would read as a POSIX zone with the sign reversed.
const NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** The canonical IANA name of `tz` ("utc" → "UTC", "US/Eastern" → "America/New_York"), or null. */
export function resolveTimeZone(tz: string): string | null {
  if (tz.length > 64 || !NAME.test(tz)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds `tz` is ahead of UTC at the instant `ms`. */
export function offsetMs(ms: number, tz: string): number {
  let format = partsFormat.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormat.set(tz, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - (ms - (ms % 1000));
}

const DAY_MS = 86_400_000;

/**
 * The instant at which clocks in `tz` show the wall time `wallMs` (a UTC timestamp read as a
 * local one), resolved as PostgreSQL does: a time skipped by a DST change is read with the
 * offset before the change (so it moves forward by the gap), a time that occurs twice with
 * the offset after it.
 */
export function zonedToInstant(wallMs: number, tz: string): number {
  const before = wallMs - offsetMs(wallMs - DAY_MS, tz);
  const after = wallMs - offsetMs(wallMs + DAY_MS, tz);
  if (before === after) return before;
  const reads = (ms: number) => ms + offsetMs(ms, tz) === wallMs;
  if (reads(after)) return after;
  return before;
}
