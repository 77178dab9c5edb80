import type { NextRequest } from 'next/server';
import { handlers } from '@/inngest/serve';
import { getModes } from '@/lib/env';
import { AppError, errorResponse } from '@/lib/errors';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<Record<string, never>> };

// Embedded mode: only signed POSTs from the driver; there is no Inngest to register with.
const embeddedOnlyPost = (handler: (req: NextRequest, ctx: Ctx) => Promise<Response>) => (req: NextRequest, ctx: Ctx) =>
  getModes().jobs === 'inngest' ? handler(req, ctx) : errorResponse(new AppError('not_found', 'Jobs run inside MIST: this endpoint only takes signed job requests.'));

export const GET = embeddedOnlyPost(handlers.GET);
export const PUT = embeddedOnlyPost(handlers.PUT);
export const POST = handlers.POST;
