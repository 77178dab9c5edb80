'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';
import { safeCallbackUrl, signInErrorMessage } from '@/lib/auth/sign-in-errors';

export function SignInForm({ callbackUrl, initialError, windowMinutes }: { callbackUrl?: string; initialError?: string; windowMinutes: number }) {
  const router = useRouter();
  const [error, setError] = useState(() => signInErrorMessage(initialError, windowMinutes));
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', { email: form.get('email'), password: form.get('password'), redirect: false }).catch(() => undefined);
    if (result?.ok && !result.error) {
      router.replace(safeCallbackUrl(callbackUrl));
      router.refresh();
      return;
    }
    setPending(false);
    setError(result ? signInErrorMessage(result.error, windowMinutes) : 'The server could not be reached. Check your connection and try again.');
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Field label="Email" name="email" type="email" autoComplete="username" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
