// Types for sampling.mjs (plain JavaScript, used by the feature worker).

export declare class FrameSlicer {
  constructor(options: {
    frameSize: number;
    hop: number;
    wanted: (index: number) => boolean;
    onFrame: (index: number, frame: Float32Array, previous: Float32Array | null) => void;
  });
  readonly totalSamples: number;
  /** Feeds little-endian float32 bytes; returns the samples they held. */
  push(chunk: Uint8Array): Float32Array;
}

export declare class FrameSampler<T = unknown> {
  constructor(options: { expectedSeconds: number | null; maxFrames: number; sampleRate: number; frameSize: number; hop: number });
  readonly stride: number;
  readonly records: T[];
  wants(index: number): boolean;
  add(record: T): void;
}

export declare class TempoExcerpt {
  constructor(options: { expectedSeconds: number | null; seconds: number; sampleRate: number });
  take(samples: Float32Array, at: number): void;
  samples(): Float32Array;
}
