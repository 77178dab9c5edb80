'use client';

import { useActionState } from 'react';
import { retryRunAction } from '@/app/admin/jobs/actions';
import { Button } from '@/components/ui/button';

export function RetryRunButton({ runId }: { runId: string }) {
  const [state, action, pending] = useActionState(retryRunAction, null);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="runId" value={runId} />
      <Button type="submit" variant="secondary" className="px-3 py-1" disabled={pending}>
        Retry
      </Button>
      {state ? <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-xs text-ok' : 'text-xs text-danger'}>{state.message}</p> : null}
    </form>
  );
}
