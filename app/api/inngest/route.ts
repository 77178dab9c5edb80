import type { NextRequest } from 'next/server';
import { handlers } from '@/inngest/serve';
import { getModes } from '@/lib/env';
import { AppError, errorResponse } from '@/lib/errors';
import { MAX_JSON_BYTES } from '@/lib/http/body';
import { withBoundedBody } from '@/lib/http/handlers';
import { assertSameSite, siteOf } from '@/lib/http/origin';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<Record<string, never>> };
type Handler = (req: NextRequest, ctx: Ctx) => Promise<Response>;

/**
 * Inngest sends a run's state with each call: at most 32 MB, its documented run-state limit.
 * Embedded, nothing legitimate arrives over HTTP (the driver calls the handler in-process),
 * so the JSON limit. The SDK reads the body whole before checking the signature: bounded here.
 */
const INNGEST_MAX_BODY_BYTES = 32 * 1024 * 1024;

const bounded = (handler: Handler): Handler => async (req, ctx) => {
  try {
    assertSameSite(siteOf(req)); // Inngest's own requests carry no Origin
    return await handler(await withBoundedBody(req, getModes().jobs === 'inngest' ? INNGEST_MAX_BODY_BYTES : MAX_JSON_BYTES), ctx);
  } catch (error) {
    return errorResponse(error);
  }
};

// Embedded mode: only signed POSTs from the driver; there is no Inngest to register with.
const embeddedOnlyPost = (handler: Handler): Handler => (req, ctx) =>
  getModes().jobs === 'inngest' ? handler(req, ctx) : Promise.resolve(errorResponse(new AppError('not_found', 'Jobs run inside MIST: this endpoint only takes signed job requests.')));

export const GET = embeddedOnlyPost(handlers.GET);
export const PUT = bounded(embeddedOnlyPost(handlers.PUT));
export const POST = bounded(handlers.POST);
