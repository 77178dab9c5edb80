import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeClientIp, nodeCredentials, sendFromNode } from '@/lib/http/node';
import { answerKeyRequest } from './key-route';

// Exactly the route's own path; a percent-encoded or odd-looking id is left to Next.
const KEY_PATH = /^\/api\/tracks\/([0-9A-Za-z-]{1,64})\/key(?:\?(.*))?$/;

/**
 * Answers GET /api/tracks/<id>/key?v=<version> straight from node:http with the route's
 * own code (answerKeyRequest), skipping Next's per-request work. Returns false for anything
 * else.
 */
export function answerKeyFromNode(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false;
  const match = KEY_PATH.exec(req.url ?? '');
  if (!match) return false;
  sendFromNode(res, answerKeyRequest({ trackId: match[1]!, version: new URLSearchParams(match[2] ?? '').get('v'), ...nodeCredentials(req), clientIp: nodeClientIp(req) }));
  return true;
}
