'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { requireAdmin } from '@/lib/auth/session';
import { runAction, type ActionResult } from '@/lib/http/action-result';
import { uuidParam } from '@/lib/http/handlers';
import { jobRunsPruneRequested, recommendationsRebuildRequested } from '@/inngest/events';
import { enqueue, retryRun } from '@/lib/jobs';

export async function retryRunAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await requireAdmin('/admin/jobs');
    await retryRun(await getDb(), uuidParam(form.get('runId'), 'run'));
    revalidatePath('/admin/jobs');
    return 'Queued again.';
  });
}

export async function pruneRunsAction(_prev: ActionResult, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await requireAdmin('/admin/jobs');
    await enqueue({ name: jobRunsPruneRequested.name, data: { olderThanDays: Number(form.get('olderThanDays')) } });
    revalidatePath('/admin/jobs');
    return 'Clean-up queued.';
  });
}

export async function rebuildRecommendationsAction(_prev: ActionResult, _form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await requireAdmin('/admin/jobs');
    await enqueue({ name: recommendationsRebuildRequested.name, data: {} });
    revalidatePath('/admin/jobs');
    return 'Rebuild queued: new plays are read within a minute.';
  });
}
