/**
 * The minimum count a pair needs before it can be a neighbour, from how many people have
 * listened on this server. A household or a club (up to 30 listeners) takes every pair: one
 * person's own sessions are the only evidence there is. Past that it grows with the
 * logarithm of the listeners, to ListenBrainz's 15 at 300,000 listeners, where chance
 * co-occurrences would otherwise swamp the lists.
 */
export function minSupportFor(listeners: number): number {
  if (listeners <= 30) return 1;
  return Math.min(15, Math.round(1 + 3.5 * Math.log10(listeners / 30)));
}
