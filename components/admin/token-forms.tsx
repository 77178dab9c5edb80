'use client';

import { useActionState } from 'react';
import { createTokenAction, revokeTokenAction } from '@/app/admin/tokens/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, null);
  return (
    <form action={action} className="space-y-3">
      {state?.ok === false ? <Notice tone="error">{state.message}</Notice> : null}
      {state?.ok ? (
        <div role="status" className="space-y-1 rounded-md border border-ok/40 bg-ok/10 p-3 text-sm">
          <p>
            Token “{state.name}” created. Copy it now: it is not shown again.
          </p>
          <code className="block select-all break-all rounded bg-bg px-2 py-1 font-mono text-xs">{state.token}</code>
        </div>
      ) : null}
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <Field label="Name (what uses it)" name="name" placeholder="Import from the NAS" required maxLength={80} errors={state?.ok === false ? state.fieldErrors?.name : undefined} />
        </div>
        <Button type="submit" disabled={pending}>
          Create token
        </Button>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ tokenId }: { tokenId: string }) {
  const [state, action, pending] = useActionState(revokeTokenAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <Button type="submit" variant="danger" className="px-3 py-1" disabled={pending}>
        Revoke
      </Button>
      {state && !state.ok ? <span className="ml-2 text-xs text-danger">{state.message}</span> : null}
    </form>
  );
}
