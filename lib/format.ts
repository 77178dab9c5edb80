/** 245000 → "4:05"; 3723000 → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Time heard, to read at a glance: "42 min", "3 h 5 min", "1,209.6 h". */
export function formatHeard(ms: number): string {
  // Under half a minute, seconds: a short track heard through is not "0 min".
  if (ms > 0 && ms < 30_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 600) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${(Math.round(minutes / 6) / 10).toLocaleString('en')} h`;
}

/** How long ago, in the largest whole unit: "2 minutes ago", "1 hour ago", "3 days ago"; under a minute, "just now". */
export function formatAgo(at: Date, now = Date.now()): string {
  const minutes = Math.floor((now - at.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  const [n, unit] = minutes < 60 ? [minutes, 'minute'] : minutes < 48 * 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes / 1440), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** "1 track", "1,204 tracks": a count with its noun (English plural by -s). */
export const plural = (n: number, one: string) => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;
