'use client';

import { useActionState } from 'react';
import { createTokenAction, revokeTokenAction } from '@/app/admin/tokens/actions';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { SCOPE_DESCRIPTIONS, TOKEN_SCOPES } from '@/lib/auth/token-scopes';

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, null);
  const scopeErrors = state?.ok === false ? state.fieldErrors?.scopes : undefined;
  return (
    <form action={action} className="space-y-3 rounded-xl border border-line bg-surface p-4">
      {state?.ok === false ? <Notice tone="error">{state.message}</Notice> : null}
      {state?.ok ? (
        <div role="status" className="space-y-1 rounded-md border border-ok/40 bg-ok/10 p-3 text-sm">
          <p>
            Token “{state.name}” created. Copy it now: it is not shown again.
          </p>
          <div className="flex items-center gap-2">
            <code className="block min-w-0 flex-1 select-all break-all rounded bg-bg px-2 py-1 font-mono text-xs">{state.token}</code>
            <CopyButton text={state.token} />
          </div>
        </div>
      ) : null}
      <Field label="Name (what uses it)" name="name" placeholder="Import from the NAS" required maxLength={80} errors={state?.ok === false ? state.fieldErrors?.name : undefined} />
      <fieldset className="space-y-2 text-sm" aria-describedby={scopeErrors?.length ? 'scopes-error' : undefined}>
        <legend className="font-medium">What it may do</legend>
        {TOKEN_SCOPES.map((scope) => (
          <label key={scope} className="flex items-start gap-2">
            <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'import'} className="mt-0.5 size-4 accent-accent" />
            <span>
              <span className="font-mono">{scope}</span>
              <span className="text-muted">: {SCOPE_DESCRIPTIONS[scope]}</span>
            </span>
          </label>
        ))}
        {scopeErrors?.length ? (
          <span id="scopes-error" className="block text-danger">
            {scopeErrors.join('. ')}
          </span>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={pending}>
        Create token
      </Button>
    </form>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [state, action, pending] = useActionState(revokeTokenAction, null);
  return (
    <form action={action}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <Button type="submit" variant="danger" className="px-3 py-1" disabled={pending} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
      {state && !state.ok ? <span className="ml-2 text-xs text-danger">{state.message}</span> : null}
    </form>
  );
}
