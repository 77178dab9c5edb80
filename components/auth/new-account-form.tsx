'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Notice } from '@/components/ui/notice';

type ApiError = { error?: { message?: string; fieldErrors?: Record<string, string[]> } };

/** Sign-up and first-run admin creation: posts to `endpoint`, then signs the new account in. */
export function NewAccountForm({ endpoint, submitLabel }: { endpoint: '/api/signup' | '/api/setup'; submitLabel: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setMessage(null);
    setFieldErrors({});
    const form = new FormData(event.currentTarget);
    const body = { email: form.get('email'), displayName: form.get('displayName'), password: form.get('password') };
    try {
      const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) {
        const data = (await res.json().catch(() => ({}))) as ApiError;
        setFieldErrors(data.error?.fieldErrors ?? {});
        setMessage(data.error?.message ?? 'The account could not be created. Try again.');
        setPending(false);
        return;
      }
      const signedIn = await signIn('credentials', { email: body.email, password: body.password, redirect: false });
      router.replace(signedIn?.ok ? '/' : '/signin');
      router.refresh();
    } catch {
      setMessage('The server could not be reached. Check your connection and try again.');
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message ? <Notice tone="error">{message}</Notice> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required maxLength={254} errors={fieldErrors.email} />
      <Field label="Display name" name="displayName" autoComplete="nickname" required maxLength={80} errors={fieldErrors.displayName} />
      <Field label="Password (at least 8 characters)" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={256} errors={fieldErrors.password} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating…' : submitLabel}
      </Button>
    </form>
  );
}
