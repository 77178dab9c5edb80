'use client';

import { useActionState } from 'react';
import { pruneRunsAction } from '@/app/admin/jobs/actions';
import { Button } from '@/components/ui/button';

export function PruneRunsForm({ defaultDays }: { defaultDays: number }) {
  const [state, action, pending] = useActionState(pruneRunsAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="olderThanDays" className="text-muted">
        Delete finished runs older than
      </label>
      <input id="olderThanDays" name="olderThanDays" type="number" min={1} max={3650} defaultValue={defaultDays} className="w-20 rounded-md border border-line bg-bg px-2 py-1" />
      <span className="text-muted">days</span>
      <Button type="submit" variant="secondary" className="px-3 py-1" disabled={pending}>
        Clean up
      </Button>
      {state ? <span role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-ok' : 'text-danger'}>{state.message}</span> : null}
    </form>
  );
}
