'use client';

import { signIn } from 'next-auth/react';
import { useActionState, useRef } from 'react';
import { changePasswordAction, updateProfileAction } from '@/app/account/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import type { ActionResult } from '@/lib/http/action-result';

function Result({ state }: { state: ActionResult }) {
  if (!state) return null;
  return <Notice tone={state.ok ? 'ok' : 'error'}>{state.message}</Notice>;
}

export function ProfileForm({ displayName }: { displayName: string }) {
  const [state, action, pending] = useActionState(updateProfileAction, null);
  return (
    <form action={action} className="space-y-4">
      <Result state={state} />
      <Field label="Display name" name="displayName" defaultValue={displayName} required maxLength={80} errors={state?.fieldErrors?.displayName} />
      <Button type="submit" disabled={pending}>
        Save
      </Button>
    </form>
  );
}

/** `liveTokens`: the account's API tokens, which the change may revoke too (a box, ticked by default). */
export function PasswordForm({ email, liveTokens }: { email: string; liveTokens: number }) {
  const newPassword = useRef('');
  // Changing the password ends every session, this one too: sign in again with the new one.
  const [state, action, pending] = useActionState(async (prev: ActionResult, form: FormData) => {
    newPassword.current = String(form.get('newPassword') ?? '');
    const result = await changePasswordAction(prev, form);
    if (result?.ok) await signIn('credentials', { email, password: newPassword.current, redirect: false });
    return result;
  }, null);
  return (
    <form action={action} className="space-y-4">
      <Result state={state} />
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={state?.fieldErrors?.currentPassword} />
      <Field label="New password (at least 8 characters)" name="newPassword" type="password" autoComplete="new-password" required minLength={8} maxLength={256} errors={state?.fieldErrors?.newPassword} />
      {liveTokens > 0 ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="revokeTokens" defaultChecked className="mt-0.5 size-4 accent-accent" />
          <span>
            Also revoke my {liveTokens === 1 ? 'API token' : `${liveTokens} API tokens`}
            <span className="block text-muted">Anything using {liveTokens === 1 ? 'it' : 'them'} (the import CLI, scripts) needs a new one.</span>
          </span>
        </label>
      ) : null}
      <Button type="submit" disabled={pending}>
        Change password
      </Button>
    </form>
  );
}
