import { notFound } from 'next/navigation';
import { NewAccountForm } from '@/components/auth/new-account-form';
import { AuthCard } from '@/components/ui/auth-card';
import { needsSetup } from '@/lib/setup';

export const metadata = { title: 'Create the admin account' };

/** Shown only while the server has no account at all; a 404 afterwards. */
export default async function SetupPage() {
  if (!(await needsSetup())) notFound();
  return (
    <AuthCard title="Create the admin account" intro="This server has no accounts yet. The account you create now manages users and music.">
      <NewAccountForm endpoint="/api/setup" submitLabel="Create admin account" />
    </AuthCard>
  );
}
