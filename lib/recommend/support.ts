/**
 * The minimum count a pair needs before it can be a neighbour, from how many people have
 * listened on this server. A household or a club (up to 100 listeners) takes every pair: one
 * person's own sessions are the only evidence there is. Past that it grows with the
 * logarithm of the listeners, to ListenBrainz's 15 at 1,000,000 listeners, where chance
 * co-occurrences would otherwise swamp the lists. (Measured by eval:recommend at 160
 * listeners: a threshold of 2 finds 0.244 of held-out plays, 4 only 0.206.)
 */
export function minSupportFor(listeners: number): number {
  if (listeners <= 100) return 1;
  return Math.min(15, Math.round(1 + 3.5 * Math.log10(listeners / 100)));
}
