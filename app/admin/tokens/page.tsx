import { CreateTokenForm, RevokeTokenButton } from '@/components/admin/token-forms';
import { StatusBadge } from '@/components/ui/status-badge';
import { TableHead } from '@/components/ui/table-head';
import { getDb } from '@/db';
import { listAllTokens } from '@/db/queries/tokens';
import { requireAdmin } from '@/lib/auth/session';

export const metadata = { title: 'API tokens' };

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '–');

export default async function AdminTokensPage() {
  const admin = await requireAdmin('/admin/tokens');
  const tokens = await listAllTokens(await getDb());
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-3xl font-semibold">API tokens</h1>
        <p className="text-sm text-muted">
          For scripts such as <code>npm run import</code>: send as <code>Authorization: Bearer …</code>. A token acts as its owner, and only within its
          scopes. Every admin sees and may revoke every token here.
        </p>
      </div>
      <CreateTokenForm />
      {tokens.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line bg-surface p-6 text-center text-muted">No tokens yet. Create one above for the import CLI or a script.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-line">
          <table className="w-full text-left text-sm">
            <TableHead columns={['Name', 'Owner', 'Scopes', 'Token', 'Created', 'Last used', '']} wide={['Token', 'Created', 'Last used']} />
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className="border-t border-line align-top">
                  <td className="px-3 py-2">{t.name}</td>
                  <td className="px-3 py-2">
                    {t.owner.id === admin.id ? 'You' : t.owner.displayName}
                    <span className="block break-all text-xs text-muted">{t.owner.email}</span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{t.scopes.length ? t.scopes.join(', ') : 'none'}</td>
                  <td className="hidden px-3 py-2 font-mono text-xs sm:table-cell">{t.prefix}…</td>
                  <td className="hidden px-3 py-2 text-muted sm:table-cell">{day(t.createdAt)}</td>
                  <td className="hidden px-3 py-2 text-muted sm:table-cell">{day(t.lastUsedAt)}</td>
                  <td className="px-3 py-2">{t.revokedAt ? <StatusBadge tone="idle">revoked</StatusBadge> : <RevokeTokenButton tokenId={t.id} name={t.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
