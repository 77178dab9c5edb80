import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES, getModes, parseEnv } from '@/lib/env';
import { caddyfilePath, interpolate, loadCompose, repoRoot, serviceEnvironment } from '../helpers/compose';

// docker-compose.yml cannot run here (no Docker engine): these read it as Compose would and
// check it against what MIST accepts, the Dockerfile, deploy/Caddyfile and the settings the
// scaled-out suites (tests/http/instances*.test.ts, proxy.test.ts) run two MIST processes with.
const compose = loadCompose();
const { services } = compose;
const replicas = ['mist-a', 'mist-b'] as const;
const exampleFile = path.join(repoRoot, 'deploy', 'compose.env.example');
const composeText = fs.readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8');
const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');

/** deploy/compose.env.example's values, as an operator who filled in the blanks would have them. */
function filledExample(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of fs.readFileSync(exampleFile, 'utf8').split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) vars[match[1]!] = match[2]!;
  }
  return {
    ...vars,
    AUTH_SECRET: 'q'.repeat(44),
    MIST_ADMIN_PASSWORD: 'admin password',
    POSTGRES_PASSWORD: 'a1b2c3',
    MINIO_ROOT_PASSWORD: 'minio password',
  };
}

const hostOf = (url: string) => new URL(url).host;
const requiredVars = [...new Set([...composeText.matchAll(/\$\{([A-Z_][A-Z0-9_]*):\?/g)].map((m) => m[1]!))];
/** Build stages by name, each with its lines. */
const stages = Object.fromEntries(
  dockerfile.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM')).map((s) => [/ AS (\S+)/.exec(s)![1]!, s]),
);

describe('docker-compose.yml: the replicas', () => {
  const vars = filledExample();
  const envA = serviceEnvironment(compose, 'mist-a', vars);

  it('passes MIST only variables lib/env.ts reads, and they parse', () => {
    for (const service of [...replicas, 'storage-setup']) {
      const names = Object.keys(services[service]!.environment!);
      expect(names.filter((n) => !ENV_NAMES.includes(n)), service).toEqual([]);
    }
    const env = parseEnv(envA);
    expect(getModes(env)).toEqual({ database: 'postgres', storage: 's3', jobs: 'embedded', rateLimits: 'redis', cache: 'redis' });
    const withInngest = serviceEnvironment(compose, 'mist-a', { ...vars, INNGEST_EVENT_KEY: 'ab12', INNGEST_SIGNING_KEY: 'cd'.repeat(32) });
    expect(getModes(parseEnv(withInngest)).jobs).toBe('inngest');
  });

  it('gives both replicas the same image and settings, and each its own data volume', () => {
    const [a, b] = replicas.map((r) => services[r]!);
    expect(b!.environment).toEqual(a!.environment);
    expect(b!.image).toBe(a!.image);
    expect(a!.build).toEqual({ context: '.', target: 'run' });
    expect(b!.build).toEqual(a!.build);
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'AUTH_SECRET', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_PUBLIC_URL']) {
      expect(envA[name], name).toBeTruthy();
    }
    const dataVolume = (r: string) => services[r]!.volumes!.find((v) => v.endsWith(':/data'))!.split(':')[0];
    expect(dataVolume('mist-a')).not.toBe(dataVolume('mist-b'));
    for (const r of replicas) {
      expect(compose.volumes).toHaveProperty(dataVolume(r)!);
      // Only through the proxy, which sets X-Forwarded-For: a published port would let clients set it.
      expect(services[r]!.ports, r).toBeUndefined();
    }
  });

  it('points them at the services in this file, with the credentials those services are given', () => {
    const pg = serviceEnvironment(compose, 'postgres', vars);
    const db = new URL(envA.DATABASE_URL!);
    expect(db.host).toBe('postgres:5432');
    expect([db.username, decodeURIComponent(db.password), db.pathname]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, `/${pg.POSTGRES_DB}`]);
    expect(hostOf(envA.REDIS_URL!)).toBe('redis:6379');
    const minio = serviceEnvironment(compose, 'minio', vars);
    expect(hostOf(envA.S3_ENDPOINT!)).toBe('minio:9000');
    expect([envA.S3_ACCESS_KEY_ID, envA.S3_SECRET_ACCESS_KEY]).toEqual([minio.MINIO_ROOT_USER, minio.MINIO_ROOT_PASSWORD]);
    expect(envA.S3_FORCE_PATH_STYLE).toBe('true'); // MinIO's buckets are not virtual hosts here
    for (const host of ['postgres', 'redis', 'minio']) expect(services).toHaveProperty(host);
  });

  it('has browsers reach the bucket on MIST’s own origin, where the proxy serves it', () => {
    expect(envA.S3_PUBLIC_URL).toBe(`${vars.MIST_PUBLIC_URL}/${envA.S3_BUCKET}`);
    expect(envA.S3_UPLOAD_ENDPOINT).toBe(vars.MIST_PUBLIC_URL);
    expect(serviceEnvironment(compose, 'proxy', vars)).toEqual({ MIST_PUBLIC_URL: envA.MIST_PUBLIC_URL, S3_BUCKET: envA.S3_BUCKET });
  });

  it('sets up the bucket for exactly the storage the replicas use, before they start', () => {
    const setup = services['storage-setup']!;
    const setupEnv = serviceEnvironment(compose, 'storage-setup', vars);
    for (const [name, value] of Object.entries(setupEnv)) expect(envA[name], name).toBe(value);
    expect(Object.keys(setupEnv).filter((n) => n.startsWith('S3_')).sort()).toEqual(Object.keys(envA).filter((n) => n.startsWith('S3_')).sort());
    expect(setup.build).toEqual({ context: '.', target: 'tools' });
    expect(setup.command).toEqual(['npm', 'run', '--silent', 'storage:setup', '--', '--create', '--public-read-policy']);
    expect(setup.depends_on).toEqual({ minio: { condition: 'service_healthy' } });
    for (const r of replicas) expect(services[r]!.depends_on!['storage-setup']).toEqual({ condition: 'service_completed_successfully' });
  });
});

describe('docker-compose.yml: start order and health', () => {
  it('starts nothing before what it needs is healthy, and every such service has a health check', () => {
    for (const r of replicas) {
      expect(services[r]!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    expect(services.proxy!.depends_on).toEqual({ 'mist-a': { condition: 'service_healthy' }, 'mist-b': { condition: 'service_healthy' }, minio: { condition: 'service_healthy' } });
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services, `${name} depends on ${dependency}`).toHaveProperty(dependency);
        if (condition !== 'service_healthy') continue;
        const target = services[dependency]!;
        // The replicas' check is the image's own HEALTHCHECK (the Dockerfile's run stage).
        const checked = target.healthcheck ?? (target.build?.target === 'run' && /HEALTHCHECK[^\n]*\n[^\n]*\/api\/health/.test(stages.run!));
        expect(checked, `${dependency}'s health check`).toBeTruthy();
      }
    }
  });

  it('builds the server image as `docker build .` does, and a tools image beside it', () => {
    expect(Object.keys(stages)).toEqual(['deps', 'build', 'tools', 'run']); // the last stage is the default
    expect(stages.run).toMatch(/EXPOSE 3000/);
    expect(stages.tools).toMatch(/COPY --from=deps \/app\/node_modules/);
    expect(stages.tools).not.toMatch(/npm run build/);
  });

  it('pins every image it pulls to a release', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect(interpolate(service.image!, {}), name).toMatch(/:(v?\d+\.\d+[\w.-]*|RELEASE\.[\w.-]+)$/);
    }
  });
});

describe('docker-compose.yml: settings an operator gives', () => {
  it('refuses to start without each secret, naming it', () => {
    expect(requiredVars.sort()).toEqual(['AUTH_SECRET', 'MINIO_ROOT_PASSWORD', 'MINIO_ROOT_USER', 'MIST_ADMIN_EMAIL', 'MIST_ADMIN_PASSWORD', 'MIST_PUBLIC_URL', 'POSTGRES_PASSWORD']);
    for (const name of requiredVars) {
      const vars = { ...filledExample(), [name]: '' };
      expect(() => serviceEnvironment(compose, 'mist-a', vars), name).toThrow(new RegExp(`^${name}: set ${name}`));
    }
  });

  it('names every one of them in deploy/compose.env.example', () => {
    const example = fs.readFileSync(exampleFile, 'utf8');
    for (const name of requiredVars) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
    for (const name of ['S3_BUCKET', 'MINIO_IMAGE', 'COMPOSE_PROFILES', 'INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY']) expect(example, name).toContain(`# ${name}=`);
  });
});

describe('docker-compose.yml: the self-hosted Inngest profile', () => {
  const inngest = services.inngest!;

  it('is off unless asked for, and never required by the rest', () => {
    expect(inngest.profiles).toEqual(['inngest']);
    for (const [name, service] of Object.entries(services)) expect(Object.keys(service.depends_on ?? {}), name).not.toContain('inngest');
    // Compose interpolates every service whatever the profile: a `:?` here would stop the default stack.
    const block = composeText.slice(composeText.indexOf('\n  inngest:'), composeText.indexOf('\nvolumes:'));
    expect(block).not.toContain(':?');
  });

  it('shares its keys with MIST and calls MIST at an address both replicas answer', () => {
    const vars = { ...filledExample(), INNGEST_EVENT_KEY: 'ab12', INNGEST_SIGNING_KEY: 'cd'.repeat(32) };
    const own = serviceEnvironment(compose, 'inngest', vars);
    const mist = serviceEnvironment(compose, 'mist-a', vars);
    expect([own.INNGEST_EVENT_KEY, own.INNGEST_SIGNING_KEY]).toEqual([mist.INNGEST_EVENT_KEY, mist.INNGEST_SIGNING_KEY]);
    expect(hostOf(mist.INNGEST_BASE_URL!)).toBe('inngest:8288');
    const sdkUrl = new URL(inngest.command![inngest.command!.indexOf('--sdk-url') + 1]!);
    expect(sdkUrl.pathname).toBe('/api/inngest');
    expect(sdkUrl.port).toBe('3000');
    for (const r of replicas) expect(services[r]!.networks?.default?.aliases, r).toContain(sdkUrl.hostname);
    // The dashboard has no sign-in: published on this machine's loopback only.
    expect(inngest.ports).toEqual(['127.0.0.1:8288:8288']);
  });
});

describe('deploy/Caddyfile as the proxy service runs it', () => {
  const vars = filledExample();
  const proxyEnv = serviceEnvironment(compose, 'proxy', { ...vars, MIST_PUBLIC_URL: 'https://music.example.org' });
  type Handler = { handler: string; routes?: { match?: { path?: string[]; method?: string[] }[]; handle: Handler[] }[]; upstreams?: { dial: string }[]; trusted_proxies?: string[]; headers?: unknown };
  const json = execFileSync('caddy', ['adapt', '--config', caddyfilePath, '--adapter', 'caddyfile'], { env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: '/nonexistent', ...proxyEnv }, encoding: 'utf8' });
  const config = JSON.parse(json) as { apps: { http: { servers: Record<string, { listen: string[]; routes: { match: { host: string[] }[]; handle: Handler[] }[] }> } } };
  const proxies: { path?: string[]; method?: string[]; handler: Handler }[] = [];
  const walk = (handlers: Handler[], match?: { path?: string[]; method?: string[] }) => {
    for (const h of handlers) {
      if (h.handler === 'reverse_proxy') proxies.push({ ...match, handler: h });
      for (const route of h.routes ?? []) walk(route.handle, route.match?.[0] ?? match);
    }
  };
  const servers = Object.values(config.apps.http.servers);
  for (const server of servers) for (const route of server.routes) walk(route.handle);

  it('mounts this file where the Caddy image reads it, and publishes HTTP and HTTPS', () => {
    expect(services.proxy!.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(services.proxy!.ports).toEqual(['80:80', '443:443']);
    expect(servers.flatMap((s) => s.listen).sort()).toEqual([':443']);
    expect(servers[0]!.routes[0]!.match[0]!.host).toEqual(['music.example.org']);
  });

  it('balances MIST over the two replicas, at the port the image listens on', () => {
    const mist = proxies.find((p) => !p.path)!;
    expect(mist.handler.upstreams!.map((u) => u.dial).sort()).toEqual(['mist-a:3000', 'mist-b:3000']);
    expect(dockerfile).toMatch(/PORT=3000/);
  });

  it('sends GET, HEAD and PUT under /<bucket>/ to MinIO', () => {
    const media = proxies.find((p) => p.path)!;
    expect(media.path).toEqual([`/${proxyEnv.S3_BUCKET}/*`]);
    expect(media.method?.sort()).toEqual(['GET', 'HEAD', 'PUT']);
    expect(media.handler.upstreams).toEqual([{ dial: 'minio:9000' }]);
  });

  it('trusts no client’s X-Forwarded-For (so Caddy writes its own)', () => {
    expect(json).not.toContain('trusted_proxies');
    for (const p of proxies) expect(p.handler.trusted_proxies).toBeUndefined();
  });
});
