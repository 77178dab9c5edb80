// The similarity embedding: a fixed 48-number layout built from a track's raw features.
// Plain JavaScript so the worker (no tsx in production) and the app share one definition;
// types in embedding.d.mts. README.md in this folder has the table with the reasoning.
//
// Changing anything here (order, constants, weights) changes what the stored vectors mean:
// bump EXTRACTOR_VERSION so the catalog is re-embedded.

export const EXTRACTOR_VERSION = 2;
export const EMBEDDING_DIMENSIONS = 48;

/**
 * Reference mean and scale per dimension: z = (x - mean) / scale puts typical music at
 * roughly zero mean and unit spread. MFCCs are essentia's MFCC-FB40 (40 mel bands to 11 kHz,
 * dB amplitude, DCT-II) on 2048-sample frames at 22.05 kHz.
 */
/**
 * Coefficients 1-11: coefficient 0 is the frame's log energy (loudness, which rmsMean covers);
 * 12, the finest spectral ripple, gave its place to the periodic modulation depth.
 */
const MFCC_MEAN_REFERENCE = [
  [120, 50], [10, 30], [15, 25], [0, 20], [0, 16], [0, 14],
  [0, 12], [0, 11], [0, 10], [0, 9], [0, 8],
];
const MFCC_STD_REFERENCE = [
  [75, 30], [35, 14], [25, 10], [20, 8], [17, 7], [15, 6], [14, 5],
  [13, 5], [12, 4], [11, 4], [11, 4], [10, 4], [10, 4],
];

/**
 * Group weights, applied after standardising. The pitch-invariant groups (harmonic shape, chroma
 * shape, envelope modulation) carry timbre; MFCC means weigh little because for one note they
 * follow its pitch. README.md has the measurements behind them.
 */
export const GROUP_WEIGHTS = Object.freeze({
  mfccMean: 0.3,
  mfccStd: 0.7,
  spectral: 1,
  harmonic: 1.4,
  chromaShape: 1.8,
  modulation: 1.2,
  loudness: 0.6,
  tempo: 0.5,
});

const dim = (name, group, mean, scale, read) => Object.freeze({ name, group, mean, scale, read });

/** Transposition-invariant chroma shape: |DFT| coefficients 1-6 of the chroma over its sum. */
const CHROMA_SHAPE_REFERENCE = [[0.55, 0.25], [0.6, 0.25], [0.6, 0.25], [0.6, 0.25], [0.65, 0.25], [0.6, 0.25]];

/** One entry per index, in embedding order. `read` picks the raw value; null means "unknown". */
export const STANDARDISATION = Object.freeze([
  ...MFCC_MEAN_REFERENCE.map(([mean, scale], i) => dim(`mfccMean[${i + 1}]`, 'mfccMean', mean, scale, (r) => r.mfccMean[i + 1])),
  ...MFCC_STD_REFERENCE.map(([mean, scale], i) => dim(`mfccStd[${i}]`, 'mfccStd', mean, scale, (r) => r.mfccStd[i])),
  dim('spectralCentroidMean', 'spectral', 1800, 1000, (r) => r.spectralCentroidMean),
  dim('spectralCentroidStd', 'spectral', 500, 350, (r) => r.spectralCentroidStd),
  dim('zcrMean', 'spectral', 0.1, 0.06, (r) => r.zcrMean),
  dim('rolloffMean', 'spectral', 3000, 2000, (r) => r.rolloffMean),
  dim('fluxMean', 'spectral', 0.35, 0.15, (r) => r.fluxMean),
  dim('flatnessMean', 'spectral', 0.25, 0.15, (r) => r.flatnessMean),
  dim('rmsMean', 'loudness', 0.15, 0.08, (r) => r.rmsMean),
  dim('rmsStd', 'loudness', 0.05, 0.035, (r) => r.rmsStd),
  dim('bpm', 'tempo', 120, 30, (r) => r.bpm),
  dim('pitchConfidenceMean', 'harmonic', 0.5, 0.25, (r) => r.pitchConfidenceMean),
  dim('pitchedFraction', 'harmonic', 0.5, 0.35, (r) => r.pitchedFraction),
  dim('tristimulus[1]', 'harmonic', 0.5, 0.25, (r) => r.tristimulus[0]),
  dim('tristimulus[2]', 'harmonic', 0.25, 0.15, (r) => r.tristimulus[1]),
  dim('tristimulus[3]', 'harmonic', 0.25, 0.15, (r) => r.tristimulus[2]),
  dim('evenHarmonicShare', 'harmonic', 0.2, 0.12, (r) => r.evenHarmonicShare),
  dim('harmonicCentroid', 'harmonic', 1.8, 0.5, (r) => r.harmonicCentroid),
  dim('envelopeModulationMean', 'modulation', 0.15, 0.1, (r) => r.envelopeModulationMean),
  dim('modulationDepth', 'modulation', 0.1, 0.2, (r) => r.modulationDepth),
  ...CHROMA_SHAPE_REFERENCE.map(([mean, scale], i) => dim(`chromaShape[${i + 1}]`, 'chromaShape', mean, scale, (r) => r.chromaShape[i])),
]);

export const EMBEDDING_LAYOUT = Object.freeze(STANDARDISATION.map((d) => d.name));

/** Standardised values beyond this are clipped: one freak feature must not decide a match. */
const CLIP = 4;

/** Raw features to the unit-length embedding (cosine similarity = dot product). */
export function toEmbedding(raw) {
  const weighted = STANDARDISATION.map(({ name, group, mean, scale, read }) => {
    const value = read(raw);
    if (value === null || value === undefined) return 0;
    if (!Number.isFinite(value)) throw new Error(`Feature ${name} is not a finite number.`);
    const z = Math.max(-CLIP, Math.min(CLIP, (value - mean) / scale));
    return z * GROUP_WEIGHTS[group];
  });
  const length = Math.hypot(...weighted);
  // Only a track sitting exactly on every reference value has no direction: give it one.
  if (length === 0) return weighted.map(() => 1 / Math.sqrt(EMBEDDING_DIMENSIONS));
  return weighted.map((v) => v / length);
}

/** Cosine similarity of two embeddings (both unit length, so the dot product). */
export function similarity(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
