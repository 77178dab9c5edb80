import { EMBEDDING_DIMENSIONS, type FeatureSet } from '@/lib/media/features';
import { GROUP_WEIGHTS, STANDARDISATION } from '@/lib/media/features/embedding.mjs';

/** Per dimension: [centre, scale]. */
export type Standardisation = [number, number][];

const quantile = (sorted: number[], q: number) => {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(sorted.length - 1, lo + 1)]! - sorted[lo]!) * (at - lo);
};

/**
 * A standardisation fitted to a catalog, as lib/media/features/README.md describes: per
 * dimension the median as centre and the interquartile range / 1.35 as scale (the built-in
 * scale where the catalog has no spread).
 */
export function refitStandardisation(raws: FeatureSet[]): Standardisation {
  const fit = (values: number[], fallback: number): [number, number] => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    if (sorted.length === 0) return [0, fallback];
    const scale = (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 1.35;
    return [quantile(sorted, 0.5), scale > 1e-9 ? scale : fallback];
  };
  return STANDARDISATION.map((d) => fit(raws.map((r) => d.read(r) ?? NaN), d.scale));
}

/** toEmbedding (lib/media/features/embedding.mjs) with another standardisation. */
export function toEmbeddingWith(raw: FeatureSet, stats: Standardisation): number[] {
  const weighted = STANDARDISATION.map((d, i) => {
    const value = d.read(raw);
    if (value === null || value === undefined) return 0;
    const [centre, scale] = stats[i]!;
    return Math.max(-4, Math.min(4, (value - centre) / scale)) * GROUP_WEIGHTS[d.group as keyof typeof GROUP_WEIGHTS];
  });
  const length = Math.hypot(...weighted) || 1;
  return weighted.length === EMBEDDING_DIMENSIONS ? weighted.map((v) => v / length) : weighted;
}
