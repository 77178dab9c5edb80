import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES, EnvError, getModes, parseEnv } from './env';

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('parseEnv', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.MIST_DATA_DIR).toBe('./data');
    expect(env.dataDir).toBe(path.resolve('data'));
    expect(env.MIST_REGISTRATION).toBe('open');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(getModes(env)).toEqual({ database: 'pglite', storage: 'local', jobs: 'embedded', rateLimits: 'memory', cache: 'memory' });
  });

  it('switches modes when DATABASE_URL and REDIS_URL are set', () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://u:p@db:5432/mist', REDIS_URL: 'redis://cache:6379' });
    expect(getModes(env)).toMatchObject({ database: 'postgres', rateLimits: 'redis', cache: 'redis' });
  });

  it('treats empty values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', REDIS_URL: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it('names the variable and what it expects', () => {
    expect(problemsOf({ PORT: 'eighty' })[0]).toMatch(/^PORT: .*number/);
    expect(problemsOf({ PORT: '70000' })[0]).toMatch(/^PORT: /);
    expect(problemsOf({ MIST_REGISTRATION: 'maybe' })[0]).toMatch(/^MIST_REGISTRATION: .*"open".*"closed".*\(got "maybe"\)/);
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL: expected a postgres:\/\//);
  });

  it('reads MIST_TRUST_PROXY as the server entry does: none, a hop count or proxy ranges', () => {
    expect(parseEnv({}).MIST_TRUST_PROXY).toBeUndefined();
    expect(parseEnv({ MIST_TRUST_PROXY: '1' }).MIST_TRUST_PROXY).toBe('1');
    expect(parseEnv({ MIST_TRUST_PROXY: '10.0.0.0/8,172.16.0.0/12,::1' }).MIST_TRUST_PROXY).toBe('10.0.0.0/8,172.16.0.0/12,::1');
    expect(problemsOf({ MIST_TRUST_PROXY: 'true' })[0]).toMatch(/^MIST_TRUST_PROXY: "true" is not a proxy address or CIDR range .*\(got "true"\)/);
  });

  it('never repeats a secret in its message', () => {
    const [problem] = problemsOf({ AUTH_SECRET: 'short-secret-value' });
    expect(problem).toMatch(/^AUTH_SECRET: expected at least 32 characters/);
    expect(problem).not.toContain('short-secret-value');
  });

  it('requires the admin email and password together', () => {
    expect(problemsOf({ MIST_ADMIN_EMAIL: 'admin@example.org' })[0]).toMatch(/MIST_ADMIN_EMAIL and MIST_ADMIN_PASSWORD/);
    expect(parseEnv({ MIST_ADMIN_EMAIL: 'admin@example.org', MIST_ADMIN_PASSWORD: 'long enough' }).MIST_ADMIN_EMAIL).toBe('admin@example.org');
  });

  it('takes an S3 upload endpoint as a URL', () => {
    expect(parseEnv({ S3_UPLOAD_ENDPOINT: 'https://music.example.org' }).S3_UPLOAD_ENDPOINT).toBe('https://music.example.org');
    expect(problemsOf({ S3_UPLOAD_ENDPOINT: 'music.example.org' })[0]).toMatch(/^S3_UPLOAD_ENDPOINT: /);
  });

  it('lists every variable it reads', () => {
    expect(ENV_NAMES).toEqual(expect.arrayContaining(['DATABASE_URL', 'S3_UPLOAD_ENDPOINT', 'AUTH_SECRET', 'MIST_JOB_LEASE_SECONDS']));
    expect(ENV_NAMES).not.toContain('dataDir');
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ PORT: 'x', MIST_REGISTRATION: 'y' })).toHaveLength(2);
  });
});
