import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const caddyfilePath = path.join(repoRoot, 'deploy', 'Caddyfile');

export type ComposeService = {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  networks?: { default?: { aliases?: string[] } };
};
export type ComposeFile = { name?: string; services: Record<string, ComposeService>; volumes?: Record<string, unknown> };

/** docker-compose.yml as Compose reads it: YAML merge keys (`<<: *anchor`) applied. */
export function loadCompose(file = path.join(repoRoot, 'docker-compose.yml')): ComposeFile {
  return parse(fs.readFileSync(file, 'utf8'), { merge: true }) as ComposeFile;
}

/**
 * Compose's interpolation for the forms docker-compose.yml uses: `${NAME}`, `${NAME:-default}`
 * (unset or empty) and `${NAME:?message}` (throws the message). `$$` is a literal `$`.
 */
export function interpolate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g, (match, name: string | undefined, op, arg: string) => {
    if (match === '$$') return '$';
    const value = vars[name!];
    if (op === ':-') return value ? value : arg;
    if (op === ':?') {
      if (!value) throw new Error(`${name}: ${arg}`);
      return value;
    }
    return value ?? '';
  });
}

/** A service's environment with `vars` standing in for .env, as the container would get it. */
export function serviceEnvironment(compose: ComposeFile, service: string, vars: Record<string, string | undefined>): Record<string, string> {
  const environment = compose.services[service]?.environment;
  if (!environment) throw new Error(`docker-compose.yml has no environment for ${service}`);
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolate(String(v), vars)]));
}
