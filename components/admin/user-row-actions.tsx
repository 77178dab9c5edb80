'use client';

import { useActionState } from 'react';
import { updateUserAction } from '@/app/admin/users/actions';
import { Button } from '@/components/ui/button';

type Props = { userId: string; displayName: string; role: 'user' | 'admin'; disabled: boolean; isSelf: boolean };

export function UserRowActions({ userId, displayName, role, disabled, isSelf }: Props) {
  const [state, action, pending] = useActionState(updateUserAction, null);
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <form action={action} className="flex items-center gap-2">
          <input type="hidden" name="userId" value={userId} />
          <label className="sr-only" htmlFor={`role-${userId}`}>
            Role of {displayName}
          </label>
          <select id={`role-${userId}`} name="role" defaultValue={role} className="rounded-md border border-line bg-bg px-2 py-1 text-sm">
            <option value="user">Listener</option>
            <option value="admin">Admin</option>
          </select>
          <Button type="submit" variant="secondary" className="px-3 py-1" disabled={pending}>
            Save role
          </Button>
        </form>
        {isSelf ? null : (
          <form action={action}>
            <input type="hidden" name="userId" value={userId} />
            <input type="hidden" name="disabled" value={disabled ? 'false' : 'true'} />
            <Button type="submit" variant={disabled ? 'secondary' : 'danger'} className="px-3 py-1" disabled={pending}>
              {disabled ? 'Enable' : 'Disable'}
            </Button>
          </form>
        )}
      </div>
      {state ? (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'text-xs text-ok' : 'text-xs text-danger'}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
