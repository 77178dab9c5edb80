/**
 * Leave-last-out evaluation: each listener's last counted play is held out; a recommender
 * sees the rest and names `k` tracks the listener has not played. Hit rate@k: the share of
 * listeners whose held-out track is among them. Coverage@k: the share of the catalog that
 * appears in anyone's list.
 */
export type EvalListener = { id: string; /** Counted plays before the held-out one, oldest first (track ids). */ history: string[]; heldOut: string };
export type Recommender = { name: string; recommend(listener: EvalListener, k: number): Promise<string[]> };
export type EvalResult = { name: string; hitRate: number; coverage: number };

export async function evaluate(recommenders: Recommender[], listeners: EvalListener[], catalogSize: number, k = 10): Promise<EvalResult[]> {
  const results: EvalResult[] = [];
  for (const r of recommenders) {
    let hits = 0;
    const seen = new Set<string>();
    for (const listener of listeners) {
      const played = new Set(listener.history);
      const list = (await r.recommend(listener, k)).filter((t) => !played.has(t)).slice(0, k);
      if (list.includes(listener.heldOut)) hits += 1;
      for (const t of list) seen.add(t);
    }
    results.push({ name: r.name, hitRate: hits / listeners.length, coverage: seen.size / catalogSize });
  }
  return results;
}

/** The `k` best of `scores` not in `exclude`, ties broken by id. */
export function topK(scores: Map<string, number>, exclude: Set<string>, k: number): string[] {
  return [...scores]
    .filter(([id]) => !exclude.has(id))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}
