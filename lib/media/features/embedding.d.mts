// Types for embedding.mjs (plain JavaScript, shared with the feature worker).

/** A track's raw features, as the worker measures them (see README.md for units). */
export interface FeatureSet {
  /** MFCC-FB40 coefficients 0-12, mean over audible frames. */
  mfccMean: number[];
  /** Their standard deviation over audible frames. */
  mfccStd: number[];
  /** HPCP, 12 bins from A (A, A#, B, C, ... G#), each frame scaled to max 1, then averaged. */
  chroma: number[];
  /** Hz (essentia SpectralCentroidTime, on the time-domain frame). */
  spectralCentroidMean: number;
  spectralCentroidStd: number;
  /** Zero crossings per sample at 22.05 kHz (a sine of f Hz gives 2f/22050). */
  zcrMean: number;
  zcrStd: number;
  /** Hz below which 85 % of the spectral energy lies. */
  rolloffMean: number;
  /** Distance between consecutive L2-normalised magnitude spectra, 0 to sqrt 2. */
  fluxMean: number;
  /** Frame RMS, full scale = 1, over every analysed frame (silence included). */
  rmsMean: number;
  rmsStd: number;
  /** Beats per minute from a 60 s excerpt around the middle; null when there is no estimate. */
  bpm: number | null;
  /** Spectral flatness (geometric over arithmetic mean), 0 for a pure tone to about 0.85 for white noise. */
  flatnessMean: number;
  /**
   * Transposition-invariant shape of the chroma: per frame the magnitudes of its DFT
   * coefficients 1-6 over the chroma's sum (each 0-1; all 1 for a single pitch class), averaged.
   */
  chromaShape: number[];
  /** PitchYinFFT confidence (0-1), mean over audible frames: how clearly one fundamental sounds. */
  pitchConfidenceMean: number;
  /** Share of audible frames with a clear fundamental (confidence >= 0.8). */
  pitchedFraction: number;
  /**
   * Over pitched frames, from their first 8 harmonics: share of the fundamental, of harmonics
   * 2-4 and of 5-8 by magnitude (sum 1; [1, 0, 0] for a sine). Nulls when no frame is pitched.
   */
  tristimulus: (number | null)[];
  /** Share of the harmonic energy in harmonics 2, 4, 6, 8 (0 for a sine or square, ~0.23 for a sawtooth); null when unpitched. */
  evenHarmonicShare: number | null;
  /** Energy-weighted mean harmonic number of the first 8 (1 for a sine): brightness relative to the pitch; null when unpitched. */
  harmonicCentroid: number | null;
  /** Amplitude modulation within a frame: coefficient of variation of eight 11.6 ms block RMS values (0 for a steady tone). */
  envelopeModulationMean: number;
  /**
   * Periodic amplitude modulation (tremolo, a pulse of notes) over 3 s windows of the 60 s excerpt
   * the tempo comes from: the rate in Hz (1-20) of the strongest envelope modulation, null when
   * no peak stands out (a steady tone, noise).
   */
  modulationRate: number | null;
  /** Its depth as a modulation index (1: the level falls to nothing and back), 0 when there is none. */
  modulationDepth: number;
  /** Seconds of audio decoded (the whole track, or up to the job's maxSeconds). */
  durationAnalysedSeconds: number;
}

export type FeatureGroup = 'mfccMean' | 'mfccStd' | 'spectral' | 'harmonic' | 'chromaShape' | 'modulation' | 'loudness' | 'tempo';

export interface Standardisation {
  readonly name: string;
  readonly group: FeatureGroup;
  readonly mean: number;
  readonly scale: number;
  readonly read: (raw: FeatureSet) => number | null;
}

export declare const EXTRACTOR_VERSION: 2;
export declare const EMBEDDING_DIMENSIONS: 48;
export declare const GROUP_WEIGHTS: Readonly<Record<FeatureGroup, number>>;
export declare const STANDARDISATION: readonly Standardisation[];
/** Feature name per embedding index. */
export declare const EMBEDDING_LAYOUT: readonly string[];

/** Raw features to the 48-number, unit-length embedding. Throws on a non-finite value. */
export declare function toEmbedding(raw: FeatureSet): number[];
/** Cosine similarity of two unit-length embeddings. */
export declare function similarity(a: readonly number[], b: readonly number[]): number;
