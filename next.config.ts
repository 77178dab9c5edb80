import { readFileSync } from 'node:fs';
import type { NextConfig } from 'next';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };

const nextConfig: NextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  env: { MIST_VERSION: version },
  // forbidden() answers 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // PGlite loads WASM and data files at run time; bundling it breaks every request.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@electric-sql/pglite-pgvector',
    '@node-rs/argon2',
    'essentia.js',
    'music-metadata',
  ],
  // Read from disk at run time, so traced by hand: migrations, and the feature extractor's
  // worker (a child process) with essentia.js. The data directory must never be traced.
  outputFileTracingIncludes: {
    '/**': ['./db/migrations/**/*', './lib/media/features/*.mjs', './node_modules/essentia.js/**/*'],
  },
  outputFileTracingExcludes: { '/**': ['./data/**/*', './test-data/**/*'] },
};

export default nextConfig;
