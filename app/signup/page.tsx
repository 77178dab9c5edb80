import Link from 'next/link';
import { redirect } from 'next/navigation';
import { NewAccountForm } from '@/components/auth/new-account-form';
import { AuthCard } from '@/components/ui/auth-card';
import { Notice } from '@/components/ui/notice';
import { getCurrentUser } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { needsSetup } from '@/lib/setup';

export const metadata = { title: 'Create an account' };

export default async function SignUpPage() {
  if (await needsSetup()) redirect('/setup');
  if (await getCurrentUser()) redirect('/');
  const open = getEnv().MIST_REGISTRATION === 'open';
  return (
    <AuthCard title="Create an account">
      {open ? <NewAccountForm endpoint="/api/signup" submitLabel="Create account" /> : <Notice>Sign-up is closed on this server. Ask an admin for an account.</Notice>}
      <p className="text-sm text-muted">
        Already have an account?{' '}
        <Link href="/signin" className="text-accent underline">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
