import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { AuthCard } from '@/components/ui/auth-card';
import { getCurrentUser } from '@/lib/auth/session';
import { safeCallbackUrl } from '@/lib/auth/sign-in-errors';
import { getEnv } from '@/lib/env';
import { needsSetup } from '@/lib/setup';

export const metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  if (await needsSetup()) redirect('/setup');
  const { callbackUrl, error } = await searchParams;
  if (await getCurrentUser()) redirect(safeCallbackUrl(callbackUrl));
  const env = getEnv();
  return (
    <AuthCard title="Sign in to MIST">
      <SignInForm callbackUrl={callbackUrl} initialError={error} windowMinutes={Math.ceil(env.MIST_SIGNIN_WINDOW_SECONDS / 60)} />
      {env.MIST_REGISTRATION === 'open' ? (
        <p className="text-sm text-muted">
          New here?{' '}
          <Link href="/signup" className="text-accent underline">
            Create an account
          </Link>
        </p>
      ) : null}
    </AuthCard>
  );
}
