// Per-frame analysis with essentia.js, and the summary statistics over a track.
// Plain JavaScript: the feature worker runs from the standalone build, where there is no tsx.
//
// essentia.js 0.1.3 only has a functional API: every call builds, configures, runs and frees
// the algorithm inside WASM, so nothing can be kept configured between frames (MFCC rebuilds
// its mel filterbank on each call, about half the per-frame cost). Every vector it returns
// lives on the WASM heap until `.delete()`: each one is freed in a `finally` below.

export const SAMPLE_RATE = 22050;
export const FRAME_SIZE = 2048;
export const HOP_SIZE = 1024;
const MFCC_COEFFICIENTS = 13;
const CHROMA_BINS = 12;
/** Below this RMS (about -60 dBFS) a frame counts as silence for the timbre statistics. */
const SILENCE_RMS = 0.001;

/**
 * Analyses one frame. `previous` is the frame one hop earlier (for the spectral flux), or
 * null at the start of the track. Returns plain numbers and typed arrays only.
 */
export function analyseFrame(essentia, frame, previous) {
  const owned = [];
  const keep = (vector) => (owned.push(vector), vector);
  try {
    const signal = keep(essentia.arrayToVector(frame));
    const rms = essentia.RMS(signal).rms;
    // SpectralCentroidTime works on the time-domain frame (first difference over signal
    // norm): no FFT, and it reads 439.9 Hz for a 440 Hz sine.
    const centroid = essentia.SpectralCentroidTime(signal, SAMPLE_RATE).centroid;
    const zcr = essentia.ZeroCrossingRate(signal).zeroCrossingRate;
    const spectrum = keep(spectrumOf(essentia, signal, owned));
    const mfcc = essentia.MFCC(spectrum, 2, 11000, FRAME_SIZE / 2 + 1, 0, 'dbamp', 0, 'unit_sum', 40, MFCC_COEFFICIENTS, SAMPLE_RATE);
    keep(mfcc.bands);
    keep(mfcc.mfcc);
    const peaks = essentia.SpectralPeaks(spectrum, 0, 5000, 100, 40, 'magnitude', SAMPLE_RATE);
    keep(peaks.frequencies);
    keep(peaks.magnitudes);
    // 12 bins from A (440 Hz reference): A, A#, B, C, ... G#.
    const hpcp = keep(essentia.HPCP(peaks.frequencies, peaks.magnitudes, false, 500, 0, 5000, false, 40, false, 'unitMax', 440, SAMPLE_RATE, CHROMA_BINS, 'cosine', 1).hpcp);
    const magnitudes = essentia.vectorToArray(spectrum);
    return {
      silent: !(rms >= SILENCE_RMS),
      rms,
      centroid,
      zcr,
      mfcc: essentia.vectorToArray(mfcc.mfcc),
      chroma: essentia.vectorToArray(hpcp),
      rolloff: essentia.RollOff(spectrum, 0.85, SAMPLE_RATE).rollOff,
      flatness: essentia.Flatness(spectrum).flatness,
      flux: previous ? spectralFlux(essentia, magnitudes, previous) : null,
    };
  } finally {
    for (const vector of owned) vector.delete();
  }
}

function spectrumOf(essentia, signal, owned) {
  const windowed = essentia.Windowing(signal, true, FRAME_SIZE, 'hann').frame;
  owned.push(windowed);
  return essentia.Spectrum(windowed, FRAME_SIZE).spectrum;
}

/**
 * L2 distance between the L2-normalised magnitude spectra of this frame and the one a hop
 * earlier (0 = unchanged, up to sqrt 2). essentia's Flux keeps the previous spectrum inside
 * its instance, which the functional API throws away after each call, so it is computed
 * here; normalising keeps it about change of timbre, not loudness (RMS covers that).
 */
function spectralFlux(essentia, magnitudes, previousFrame) {
  const owned = [];
  try {
    const signal = essentia.arrayToVector(previousFrame);
    owned.push(signal);
    const spectrum = spectrumOf(essentia, signal, owned);
    owned.push(spectrum);
    const before = essentia.vectorToArray(spectrum);
    const a = norm(magnitudes);
    const b = norm(before);
    if (a === 0 || b === 0) return null;
    let sum = 0;
    for (let i = 0; i < magnitudes.length; i++) sum += (magnitudes[i] / a - before[i] / b) ** 2;
    return Math.sqrt(sum);
  } finally {
    for (const vector of owned) vector.delete();
  }
}

function norm(values) {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum);
}

/**
 * Tempo of a mono excerpt at SAMPLE_RATE, or null when there is too little audio or no
 * pulse. Percival's frame and hop sizes are halved from essentia's 44.1 kHz defaults so the
 * analysis windows keep their length in seconds.
 */
export function estimateBpm(essentia, samples) {
  if (samples.length < 10 * SAMPLE_RATE || rmsOf(samples) < SILENCE_RMS) return null;
  const signal = essentia.arrayToVector(samples);
  try {
    const bpm = essentia.PercivalBpmEstimator(signal, 512, 2048, 64, 128, 210, 50, SAMPLE_RATE).bpm;
    return Number.isFinite(bpm) && bpm > 0 ? bpm : null;
  } catch (error) {
    // essentia throws C++ exceptions as bare numbers; no tempo is a valid answer.
    if (typeof error === 'number') return null;
    throw error;
  } finally {
    signal.delete();
  }
}

function rmsOf(samples) {
  let sum = 0;
  for (const v of samples) sum += v * v;
  return Math.sqrt(sum / samples.length);
}

/**
 * Means and standard deviations over the analysed frames. Timbre, pitch and brightness come
 * from the audible frames only, so a silent intro or a gap before a hidden track does not
 * drag them towards silence; RMS covers every frame. A track that is silent throughout is
 * summarised over all its frames (the values of silence, not an error).
 */
export function summarise(frames) {
  const audible = frames.filter((f) => !f.silent);
  const timbre = audible.length > 0 ? audible : frames;
  const flux = timbre.map((f) => f.flux).filter((v) => v !== null);
  return {
    mfccMean: vectorMean(timbre.map((f) => f.mfcc), MFCC_COEFFICIENTS),
    mfccStd: vectorStd(timbre.map((f) => f.mfcc), MFCC_COEFFICIENTS),
    chroma: vectorMean(timbre.map((f) => f.chroma), CHROMA_BINS),
    spectralCentroidMean: mean(timbre.map((f) => f.centroid)),
    spectralCentroidStd: std(timbre.map((f) => f.centroid)),
    zcrMean: mean(timbre.map((f) => f.zcr)),
    zcrStd: std(timbre.map((f) => f.zcr)),
    rolloffMean: mean(timbre.map((f) => f.rolloff)),
    fluxMean: mean(flux),
    rmsMean: mean(frames.map((f) => f.rms)),
    rmsStd: std(frames.map((f) => f.rms)),
    flatnessMean: mean(timbre.map((f) => f.flatness)),
  };
}

function mean(values) {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return finite(sum / values.length);
}

function std(values) {
  if (values.length === 0) return 0;
  const m = mean(values);
  let sum = 0;
  for (const v of values) sum += (v - m) ** 2;
  return finite(Math.sqrt(sum / values.length));
}

function vectorMean(vectors, size) {
  return Array.from({ length: size }, (_, i) => mean(vectors.map((v) => v[i])));
}

function vectorStd(vectors, size) {
  return Array.from({ length: size }, (_, i) => std(vectors.map((v) => v[i])));
}

/** JSON has no NaN or Infinity; essentia can produce them on degenerate frames. */
function finite(value) {
  return Number.isFinite(value) ? value : 0;
}
