import fs from 'node:fs';
import path from 'node:path';
import { standaloneDir } from '../../scripts/lib/build.mjs';
import type { Client } from './client';

/** A server action's id in the build, by the file and name it is exported under. */
export function actionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(standaloneDir, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === filename && a.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} in ${filename} in the build`);
  return found[0];
}

/**
 * Calls a form action made with useActionState, `(previousState, formData)`, as React's
 * client does (the arguments encoded as React's encodeReply encodes them), from `page`.
 * Returns the action's result, read from the RSC response.
 */
export async function callFormAction(client: Client, page: string, id: string, fields: Record<string, string>): Promise<{ status: number; result: unknown }> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  body.append('0', JSON.stringify([null, '$K1']));
  const res = await client.request(page, {
    method: 'POST',
    headers: { 'next-action': id, accept: 'text/x-component', origin: client.base },
    body,
  });
  const text = await res.text();
  // Rows "<id>:<json>"; the action's value is the row the root's "a" points at ("$@<id>").
  const rows = new Map(text.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]));
  const root = JSON.parse(rows.get('0') ?? 'null') as { a?: unknown } | null;
  const ref = typeof root?.a === 'string' && root.a.startsWith('$@') ? rows.get(root.a.slice(2)) : undefined;
  return { status: res.status, result: ref ? JSON.parse(ref) : root?.a };
}
