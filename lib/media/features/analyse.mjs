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
/**
 * Harmonics HarmonicPeaks looks for, the fundamental included. Eight keep the harmonic shape
 * comparable across pitch: a 1 kHz tone has eight below the 10 kHz the peaks reach, a 110 Hz one
 * would otherwise count ninety. They are also where most of what makes a timbre lies.
 */
const MAX_HARMONICS = 8;
/** PitchYinFFT confidence from which a frame counts as pitched (one clear fundamental). */
const PITCHED_CONFIDENCE = 0.8;
/** The frame's amplitude envelope: RMS over this many consecutive blocks (256 samples = 11.6 ms). */
const ENVELOPE_BLOCKS = 8;
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
    // Peaks up to 10 kHz in frequency order (HarmonicPeaks needs it); the same
    // 100 strongest as ordering by magnitude would keep. HPCP reads those from 40 to 5000 Hz.
    const peaks = essentia.SpectralPeaks(spectrum, 0, 10000, 100, 40, 'frequency', SAMPLE_RATE);
    keep(peaks.frequencies);
    keep(peaks.magnitudes);
    // 12 bins from A (440 Hz reference): A, A#, B, C, ... G#.
    const hpcp = keep(essentia.HPCP(peaks.frequencies, peaks.magnitudes, false, 500, 0, 5000, false, 40, false, 'unitMax', 440, SAMPLE_RATE, CHROMA_BINS, 'cosine', 1).hpcp);
    const pitch = essentia.PitchYinFFT(spectrum, FRAME_SIZE, true, 2000, 40, SAMPLE_RATE, 1);
    const hasPeaks = peaks.frequencies.size() > 0;
    const magnitudes = essentia.vectorToArray(spectrum);
    const chroma = essentia.vectorToArray(hpcp);
    return {
      silent: !(rms >= SILENCE_RMS),
      rms,
      centroid,
      zcr,
      mfcc: essentia.vectorToArray(mfcc.mfcc),
      chroma,
      chromaShape: chromaShape(chroma),
      rolloff: essentia.RollOff(spectrum, 0.85, SAMPLE_RATE).rollOff,
      flatness: essentia.Flatness(spectrum).flatness,
      flux: previous ? spectralFlux(essentia, magnitudes, previous) : null,
      pitchConfidence: finite(pitch.pitchConfidence),
      harmonics: pitch.pitchConfidence >= PITCHED_CONFIDENCE && pitch.pitch > 0 && hasPeaks ? harmonicShape(essentia, peaks, pitch.pitch, owned) : null,
      envelopeModulation: envelopeModulation(frame),
    };
  } finally {
    for (const vector of owned) vector.delete();
  }
}

/**
 * How the energy of a pitched frame spreads over its harmonics, whatever the pitch: the
 * tristimulus (share of the fundamental; of harmonics 2-4; of the rest, by magnitude), the even
 * harmonics' share of the harmonic energy (essentia's OddToEvenHarmonicEnergyRatio counts the
 * fundamental as harmonic 0, so its "odd to even" is even over odd in musical numbering: it is
 * turned into a 0-1 share here) and the energy-weighted mean harmonic number (1 for a sine).
 */
function harmonicShape(essentia, peaks, f0, owned) {
  let harmonic = harmonicPeaks(essentia, peaks, f0, owned);
  // An octave error (YinFFT reporting half the fundamental) leaves harmonics 1, 3, 5 ... empty:
  // then the fundamental is twice as high.
  for (let tries = 0; tries < 2 && oddShare(harmonic.amplitudes) < 0.05; tries++) {
    f0 *= 2;
    harmonic = harmonicPeaks(essentia, peaks, f0, owned);
  }
  const { amplitudes } = harmonic;
  let energy = 0;
  let weighted = 0;
  for (let n = 0; n < amplitudes.length; n++) {
    energy += amplitudes[n] ** 2;
    weighted += (n + 1) * amplitudes[n] ** 2;
  }
  if (!(energy > 0)) return null;
  const tristimulus = essentia.Tristimulus(harmonic.frequencies, harmonic.magnitudes).tristimulus;
  owned.push(tristimulus);
  const evenOverOdd = essentia.OddToEvenHarmonicEnergyRatio(harmonic.frequencies, harmonic.magnitudes).oddToEvenHarmonicEnergyRatio;
  return {
    tristimulus: Array.from(essentia.vectorToArray(tristimulus), finite),
    evenShare: Number.isFinite(evenOverOdd) ? evenOverOdd / (1 + evenOverOdd) : 1,
    harmonicCentroid: weighted / energy,
  };
}

/** The first MAX_HARMONICS harmonics of f0 among the frame's peaks (0 where one is missing); its vectors go to `owned`. */
function harmonicPeaks(essentia, peaks, f0, owned) {
  const harmonic = essentia.HarmonicPeaks(peaks.frequencies, peaks.magnitudes, f0, MAX_HARMONICS, 0.2);
  owned.push(harmonic.harmonicFrequencies, harmonic.harmonicMagnitudes);
  return { frequencies: harmonic.harmonicFrequencies, magnitudes: harmonic.harmonicMagnitudes, amplitudes: essentia.vectorToArray(harmonic.harmonicMagnitudes) };
}

/** Share of the harmonic energy in harmonics 1, 3, 5 ... (amplitudes[0] is the fundamental). */
function oddShare(amplitudes) {
  let odd = 0;
  let total = 0;
  for (let n = 0; n < amplitudes.length; n++) {
    total += amplitudes[n] ** 2;
    if (n % 2 === 0) odd += amplitudes[n] ** 2;
  }
  return total > 0 ? odd / total : 1;
}

/**
 * Transposition-invariant shape of a chroma vector: the magnitudes of its discrete Fourier
 * coefficients 1-6, over the chroma's sum. Moving every pitch class by the same interval only
 * turns their phases, so a chord or a timbre's overtone pattern reads the same in any key.
 * Coefficient 5 is high for fifths-related (diatonic) content, 4 for stacks of minor thirds,
 * 3 for major thirds, 6 for whole tones, 1 for one dominant pitch class.
 */
function chromaShape(chroma) {
  let total = 0;
  for (const v of chroma) total += v;
  return Array.from({ length: CHROMA_BINS / 2 }, (_, i) => {
    const k = i + 1;
    let re = 0;
    let im = 0;
    for (let n = 0; n < CHROMA_BINS; n++) {
      re += chroma[n] * Math.cos((2 * Math.PI * k * n) / CHROMA_BINS);
      im -= chroma[n] * Math.sin((2 * Math.PI * k * n) / CHROMA_BINS);
    }
    return total > 0 ? Math.hypot(re, im) / total : 0;
  });
}

/**
 * Amplitude modulation inside the frame: the coefficient of variation (std over mean) of the
 * RMS of ENVELOPE_BLOCKS consecutive blocks. About 0 for a steady tone, high for tremolo,
 * beating, note attacks and narrow-band noise.
 */
function envelopeModulation(frame) {
  const size = Math.floor(frame.length / ENVELOPE_BLOCKS);
  const levels = Array.from({ length: ENVELOPE_BLOCKS }, (_, b) => rmsOf(frame.subarray(b * size, (b + 1) * size)));
  const m = mean(levels);
  return m > 0 ? std(levels) / m : 0;
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

/** Amplitude envelope for the modulation spectrum: Hann-weighted RMS over 512 samples every 256 (86 Hz). */
const ENVELOPE_WINDOW = 512;
const ENVELOPE_HOP = 256;
/** Modulation spectrum windows: 256 envelope values (2.97 s), half overlapping. */
const MODULATION_WINDOW = 256;
/** Rates looked at: tremolo, and the pulse of notes and beats. */
const MODULATION_MIN_HZ = 1;
const MODULATION_MAX_HZ = 20;
/** Periodic modulation: a peak at least this deep (modulation index) and this many times the band's median power. */
const MODULATION_MIN_DEPTH = 0.05;
const MODULATION_PROMINENCE = 10;

/**
 * Periodic amplitude modulation of a mono excerpt at SAMPLE_RATE (the tempo's): the rate in
 * Hz of the strongest envelope modulation between 1 and 20 Hz and its depth as a modulation
 * index (the envelope m(1 + d sin 2 pi rate t): d, 1 for a tone that fades to nothing and
 * back), averaged over 3 s windows. A 93 ms frame cannot see a 5 Hz tremolo; this can. When
 * no peak stands out (a steady tone, noise) the rate is null and the depth 0.
 */
export function estimateModulation(samples) {
  const none = { rate: null, depth: 0 };
  const count = Math.floor((samples.length - ENVELOPE_WINDOW) / ENVELOPE_HOP) + 1;
  if (!(count >= MODULATION_WINDOW) || rmsOf(samples) < SILENCE_RMS) return none;
  const taper = hann(ENVELOPE_WINDOW);
  const taperSum = taper.reduce((a, b) => a + b, 0);
  const envelope = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let n = 0, at = i * ENVELOPE_HOP; n < ENVELOPE_WINDOW; n++) sum += taper[n] * samples[at + n] ** 2;
    envelope[i] = Math.sqrt(sum / taperSum);
  }
  const envelopeRate = SAMPLE_RATE / ENVELOPE_HOP;
  const lo = Math.ceil((MODULATION_MIN_HZ * MODULATION_WINDOW) / envelopeRate);
  const hi = Math.floor((MODULATION_MAX_HZ * MODULATION_WINDOW) / envelopeRate);
  const window = hann(MODULATION_WINDOW);
  const windowSum = window.reduce((a, b) => a + b, 0);
  const power = new Float64Array(hi - lo + 1);
  let windows = 0;
  for (let start = 0; start + MODULATION_WINDOW <= count; start += MODULATION_WINDOW / 2) {
    const segment = envelope.subarray(start, start + MODULATION_WINDOW);
    const level = mean(Array.from(segment));
    if (!(level >= SILENCE_RMS)) continue;
    for (let k = lo; k <= hi; k++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < MODULATION_WINDOW; n++) {
        const v = (segment[n] - level) * window[n];
        re += v * Math.cos((2 * Math.PI * k * n) / MODULATION_WINDOW);
        im -= v * Math.sin((2 * Math.PI * k * n) / MODULATION_WINDOW);
      }
      // A sinusoid of amplitude a * level gives |X| = a * level * sum(window) / 2.
      power[k - lo] += ((2 * Math.hypot(re, im)) / (windowSum * level)) ** 2;
    }
    windows++;
  }
  if (windows === 0) return none;
  let peak = 0;
  for (let i = 1; i < power.length; i++) if (power[i] > power[peak]) peak = i;
  const depth = Math.sqrt(power[peak] / windows);
  const median = [...power].sort((a, b) => a - b)[Math.floor(power.length / 2)];
  if (depth < MODULATION_MIN_DEPTH || power[peak] < MODULATION_PROMINENCE * median) return none;
  // Parabolic interpolation between bins (on log power) for the rate.
  let offset = 0;
  if (peak > 0 && peak < power.length - 1) {
    const [a, b, c] = [power[peak - 1], power[peak], power[peak + 1]].map((p) => Math.log(p + 1e-30));
    const curve = a - 2 * b + c;
    if (curve < 0) offset = (0.5 * (a - c)) / curve;
  }
  return { rate: ((lo + peak + offset) * envelopeRate) / MODULATION_WINDOW, depth };
}

function hann(length) {
  return Array.from({ length }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length));
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
  const harmonics = timbre.map((f) => f.harmonics).filter((h) => h !== null);
  // Harmonic shape only means something on pitched frames: null (unknown) when there are none.
  const overPitched = (read) => (harmonics.length > 0 ? mean(harmonics.map(read)) : null);
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
    chromaShape: vectorMean(timbre.map((f) => f.chromaShape), CHROMA_BINS / 2),
    pitchConfidenceMean: mean(timbre.map((f) => f.pitchConfidence)),
    pitchedFraction: timbre.length > 0 ? harmonics.length / timbre.length : 0,
    tristimulus: [0, 1, 2].map((i) => overPitched((h) => h.tristimulus[i])),
    evenHarmonicShare: overPitched((h) => h.evenShare),
    harmonicCentroid: overPitched((h) => h.harmonicCentroid),
    envelopeModulationMean: mean(timbre.map((f) => f.envelopeModulation)),
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
