import { unstable_rethrow } from 'next/navigation';
import { toAppError } from '@/lib/errors';

/** What a server action returns: expected failures are values, not exceptions. */
export type ActionResult = { ok: boolean; message: string; fieldErrors?: Record<string, string[]> } | null;

export async function runAction(work: () => Promise<string>): Promise<ActionResult> {
  try {
    return { ok: true, message: await work() };
  } catch (error) {
    unstable_rethrow(error); // redirect(), forbidden() and notFound() must reach Next.
    const appError = toAppError(error);
    return { ok: false, message: appError.message, fieldErrors: appError.details.fieldErrors };
  }
}
