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
    '@electric-sql/pglite-socket',
    '@node-rs/argon2',
  ],
  // Migrations are read from disk at start; the data directory must never be traced.
  outputFileTracingIncludes: { '/**': ['./db/migrations/**/*'] },
  outputFileTracingExcludes: { '/**': ['./data/**/*', './test-data/**/*'] },
};

export default nextConfig;
