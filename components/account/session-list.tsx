'use client';

import { Monitor, Smartphone, Tablet } from 'lucide-react';
import { signOut } from 'next-auth/react';
import { useActionState, useEffect, useRef } from 'react';
import { signOutEverywhereAction, signOutSessionAction } from '@/app/account/actions';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { forgetSavedPlayers } from '@/components/player/use-resume';
import { Button } from '@/components/ui/button';
import { Notice } from '@/components/ui/notice';
import { StatusBadge } from '@/components/ui/status-badge';

export type DeviceRow = { id: string; device: string; lastSeen: string; signedIn: string; current: boolean };

function DeviceIcon({ device }: { device: string }) {
  const Icon = /iPad/.test(device) ? Tablet : /iPhone|Android/.test(device) ? Smartphone : Monitor;
  return <Icon aria-hidden size={20} className="shrink-0 text-muted" />;
}

/** The account's signed-in browsers, this one marked; any other can be signed out from here. */
export function SessionList({ sessions }: { sessions: DeviceRow[] }) {
  const [state, action, pending] = useActionState(signOutSessionAction, null);
  return (
    <div className="space-y-3">
      {state ? <Notice tone={state.ok ? 'ok' : 'error'}>{state.message}</Notice> : null}
      <ul className="divide-y divide-line" aria-label="Signed-in devices">
        {sessions.map((s) => (
          <li key={s.id} className="flex items-center justify-between gap-3 py-3">
            <div className="flex min-w-0 items-center gap-3">
              <DeviceIcon device={s.device} />
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 font-medium">
                  <span className="truncate">{s.device}</span>
                  {s.current ? <StatusBadge tone="ok">This device</StatusBadge> : null}
                </p>
                <p className="text-xs text-muted">
                  <span className="whitespace-nowrap">{s.lastSeen}</span> · <span className="whitespace-nowrap">signed in {s.signedIn}</span>
                </p>
              </div>
            </div>
            {s.current ? (
              <SignOutButton variant="secondary" className="shrink-0 px-3 py-1" />
            ) : (
              <form action={action} className="shrink-0">
                <input type="hidden" name="sessionId" value={s.id} />
                <Button type="submit" variant="secondary" className="px-3 py-1" disabled={pending} aria-label={`Sign out ${s.device}, ${s.lastSeen}`}>
                  Sign out
                </Button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * "Sign out everywhere", confirmed in the page's own dialog: every session ends on the
 * server, this one too, then this browser's cookie is cleared and it goes to sign in.
 */
export function SignOutEverywhere() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action, pending] = useActionState(signOutEverywhereAction, null);
  useEffect(() => {
    if (!state?.ok) return;
    forgetSavedPlayers();
    void signOut({ callbackUrl: '/signin' });
  }, [state]);
  return (
    <>
      <Button type="button" variant="danger" onClick={() => dialog.current?.showModal()}>
        Sign out everywhere
      </Button>
      {state && !state.ok ? <Notice tone="error">{state.message}</Notice> : null}
      <dialog
        ref={dialog}
        aria-labelledby="everywhere-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-line bg-surface p-6 text-fg shadow-2xl backdrop:bg-black/60"
      >
        <form action={action} className="space-y-4">
          <h3 id="everywhere-title" className="text-lg font-semibold">
            Sign out everywhere?
          </h3>
          <p className="text-sm text-muted">Every browser and device signed in to this account is signed out at once, this one too. API tokens keep working.</p>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()} autoFocus>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending || state?.ok}>
              {pending || state?.ok ? 'Signing out…' : 'Sign out everywhere'}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
