import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getDb } from '@/db';
import { type Credentials, listenerOrThrow } from '@/lib/auth/session';
import { errorResponse } from '@/lib/errors';
import { type JsonBodySource, readJsonBody, uuidParam } from '@/lib/http/handlers';
import { nodeCredentials, nodeJsonBody, sendFromNode } from '@/lib/http/node';
import { assertSameSite, nodeSiteOf, type RequestSite } from '@/lib/http/origin';
import { recordHeartbeat } from './heartbeats';

export type HeartbeatRequest = Credentials & { sessionId: string; body: JsonBodySource; site: RequestSite };

/**
 * POST /api/listening/sessions/<id>/heartbeat, answered from plain request facts so that
 * the same code serves the route handler and node:http before Next's router: 200
 * `{ counted, heardMs, ended }`, or the error as every route answers it. The account
 * (disabled, session version) is checked with the beat itself, in its batch.
 */
export async function answerHeartbeatRequest(request: HeartbeatRequest): Promise<Response> {
  try {
    assertSameSite(request.site);
    const sender = await listenerOrThrow(request);
    const sessionId = uuidParam(request.sessionId, 'listening session');
    const reply = await recordHeartbeat(await getDb(), sender, sessionId, await readJsonBody(request.body, { beacon: true }));
    return Response.json(reply, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

// Exactly the route's own path; anything odd-looking is left to Next.
const HEARTBEAT_PATH = /^\/api\/listening\/sessions\/([0-9A-Za-z-]{1,64})\/heartbeat(?:\?.*)?$/;

/** Answers a heartbeat straight from node:http with answerHeartbeatRequest; false for anything else. */
export function answerHeartbeatFromNode(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'POST') return false;
  const match = HEARTBEAT_PATH.exec(req.url ?? '');
  if (!match) return false;
  sendFromNode(res, answerHeartbeatRequest({ sessionId: match[1]!, ...nodeCredentials(req), body: nodeJsonBody(req), site: nodeSiteOf(req) }));
  return true;
}
