'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { forgetSavedPlayers } from '@/components/player/use-resume';
import { Button } from '@/components/ui/button';

/** Signs this browser out: next-auth clears the cookie, and MIST revokes its session on the server. */
export function SignOutButton({ variant = 'primary', className }: { variant?: 'primary' | 'secondary' | 'danger'; className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant={variant}
      className={className}
      disabled={pending}
      onClick={() => {
        setPending(true);
        forgetSavedPlayers();
        void signOut({ callbackUrl: '/signin' });
      }}
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </Button>
  );
}
