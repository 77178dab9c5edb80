'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { forgetSavedPlayers } from '@/components/player/use-resume';
import { Button } from '@/components/ui/button';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
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
