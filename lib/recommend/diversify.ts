/** How many tracks of one artist any run of `window` consecutive results may hold. */
export type DiversifyOptions = {
  limit: number;
  perArtist?: number;
  window?: number;
  /** Artists of what comes right before the list (oldest first): radio continues a queue. */
  preceding?: readonly (string | null)[];
};

/**
 * Picks up to `limit` items from `ranked` (best first), keeping the order, so that no artist
 * has more than `perArtist` items in any `window` consecutive results. An item whose artist
 * is already at the cap waits for a later slot. When every item left would break the cap (the
 * candidates are all by one or two artists), the best of them fills the slot anyway: a short
 * or one-artist catalog still gets a full list. Items without an artist (`artistKey` null)
 * are never capped. `preceding` counts towards the cap of the first slots.
 */
export function diversify<T>(ranked: readonly T[], artistKey: (item: T) => string | null, options: DiversifyOptions): T[] {
  const perArtist = options.perArtist ?? 2;
  const window = options.window ?? 10;
  const left = [...ranked];
  const picked: T[] = [];
  while (picked.length < options.limit && left.length > 0) {
    const before = [...(options.preceding ?? []), ...picked.map(artistKey)];
    const recent = before.slice(Math.max(0, before.length - (window - 1)));
    const fits = (item: T) => {
      const artist = artistKey(item);
      return artist === null || recent.filter((a) => a === artist).length < perArtist;
    };
    const at = left.findIndex(fits);
    picked.push(left.splice(at === -1 ? 0 : at, 1)[0]!);
  }
  return picked;
}

/** Whether no artist has more than `perArtist` items in any `window` consecutive items of `list`. */
export function artistCapHolds<T>(list: readonly T[], artistKey: (item: T) => string | null, perArtist = 2, window = 10): boolean {
  return list.every((item, i) => {
    const artist = artistKey(item);
    if (artist === null) return true;
    return list.slice(Math.max(0, i - window + 1), i + 1).filter((other) => artistKey(other) === artist).length <= perArtist;
  });
}
