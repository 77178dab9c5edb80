// Which samples get analysed: frames cut from the decoded stream, a bounded, evenly spread
// selection of them, and the excerpt the tempo comes from. Plain JavaScript (see worker.mjs);
// types in sampling.d.mts. Nothing here holds more than a few frames or one excerpt.

/**
 * Cuts a stream of little-endian float32 bytes into frames of `frameSize` samples every
 * `hop` samples, holding only the current frame and the one before it (for the flux).
 * `onFrame(index, frame, previous)` runs for each frame index for which `wanted(index)`
 * is true; the arrays are views, valid only during the call. Memory stays at a few
 * frames plus one pipe chunk, whatever the track length.
 */
export class FrameSlicer {
  constructor({ frameSize, hop, wanted, onFrame }) {
    Object.assign(this, { frameSize, hop, wanted, onFrame });
    this.buffer = new Float32Array(frameSize + hop + 65536);
    this.bufferStart = 0; // sample index of buffer[0] in the track
    this.length = 0; // samples held
    this.nextFrame = 0;
    this.carry = Buffer.alloc(0); // bytes of a sample split across chunks
    this.totalSamples = 0;
  }

  /** Feeds a chunk of bytes; returns the samples it held (for the tempo excerpt). */
  push(chunk) {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = bytes.length - (bytes.length % 4);
    this.carry = Buffer.from(bytes.subarray(usable));
    // A byte copy into an aligned array: f32le is the native order on every supported CPU.
    const samples = new Float32Array(usable / 4);
    new Uint8Array(samples.buffer).set(bytes.subarray(0, usable));
    // A float source can carry NaN or infinities, which essentia would turn into NaN features.
    for (let i = 0; i < samples.length; i++) if (!(Math.abs(samples[i]) <= 3.4e38)) samples[i] = 0;
    this.append(samples);
    this.totalSamples += samples.length;
    return samples;
  }

  append(samples) {
    if (this.length + samples.length > this.buffer.length) {
      const grown = new Float32Array(this.length + samples.length + this.frameSize);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(samples, this.length);
    this.length += samples.length;
    const { frameSize, hop } = this;
    while (this.nextFrame * hop + frameSize <= this.bufferStart + this.length) {
      const index = this.nextFrame++;
      if (!this.wanted(index)) continue;
      const at = index * hop - this.bufferStart;
      const frame = this.buffer.subarray(at, at + frameSize);
      const previous = index > 0 ? this.buffer.subarray(at - hop, at - hop + frameSize) : null;
      this.onFrame(index, frame, previous);
    }
    // Keep from one hop before the next frame: that frame's `previous`.
    const keepFrom = Math.max(0, (this.nextFrame - 1) * hop) - this.bufferStart;
    if (keepFrom > 0) {
      this.buffer.copyWithin(0, keepFrom, this.length);
      this.length -= keepFrom;
      this.bufferStart += keepFrom;
    }
  }
}

/**
 * Keeps about `maxFrames` frame results spread evenly over the whole track: every
 * `stride`-th frame, with the stride set from the expected duration. When the duration is
 * unknown or understated, results pile up: at 2 x maxFrames every other one is dropped and
 * the stride doubles, so the kept frames stay evenly spaced and their count bounded.
 */
export class FrameSampler {
  constructor({ expectedSeconds, maxFrames, sampleRate, frameSize, hop }) {
    this.maxFrames = maxFrames;
    this.records = [];
    const total = expectedSeconds === null ? 0 : Math.floor((expectedSeconds * sampleRate - frameSize) / hop) + 1;
    this.stride = Math.max(1, Math.ceil(total / maxFrames));
  }

  wants(index) {
    return index % this.stride === 0;
  }

  add(record) {
    this.records.push(record);
    if (this.records.length < 2 * this.maxFrames) return;
    this.records = this.records.filter((_, i) => i % 2 === 0);
    this.stride *= 2;
  }
}

/**
 * Collects `seconds` of samples centred on the middle of the expected duration (from the
 * start when it is unknown), fed chunk by chunk with each chunk's position in the track.
 * A stated duration can be far too long (a VBR MP3 without a Xing header): the centred
 * window then never fills, and the last `seconds` heard, kept in a ring, are used instead.
 */
export class TempoExcerpt {
  constructor({ expectedSeconds, seconds, sampleRate }) {
    const length = Math.round(seconds * sampleRate);
    this.from = expectedSeconds === null ? 0 : Math.max(0, Math.floor(((expectedSeconds - seconds) / 2) * sampleRate));
    this.centred = new Float32Array(length);
    this.filled = 0;
    this.ring = new Float32Array(length);
    this.heard = 0;
  }

  take(samples, at) {
    const start = Math.max(this.from + this.filled, at);
    const end = Math.min(this.from + this.centred.length, at + samples.length);
    if (end > start) {
      this.centred.set(samples.subarray(start - at, end - at), start - this.from);
      this.filled = end - this.from;
    }
    const length = this.ring.length;
    const tail = samples.length > length ? samples.subarray(samples.length - length) : samples;
    const offset = (this.heard + samples.length - tail.length) % length;
    const first = Math.min(tail.length, length - offset);
    this.ring.set(tail.subarray(0, first), offset);
    this.ring.set(tail.subarray(first), 0);
    this.heard += samples.length;
  }

  samples() {
    const length = this.centred.length;
    if (this.filled >= Math.min(this.heard, length)) return this.centred.subarray(0, this.filled);
    if (this.heard <= length) return this.ring.subarray(0, this.heard);
    const end = this.heard % length;
    const out = new Float32Array(length);
    out.set(this.ring.subarray(end), 0);
    out.set(this.ring.subarray(0, end), length - end);
    return out;
  }
}
