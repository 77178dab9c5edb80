import { CreateTokenForm, RevokeTokenButton } from '@/components/admin/token-forms';
import { TableHead } from '@/components/ui/table-head';
import { StatusBadge } from '@/components/ui/status-badge';
import { getDb } from '@/db';
import { listTokens } from '@/db/queries/tokens';
import { requireAdmin } from '@/lib/auth/session';

export const metadata = { title: 'API tokens' };

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '–');

export default async function AdminTokensPage() {
  const admin = await requireAdmin('/admin/tokens');
  const tokens = await listTokens(await getDb(), admin.id);
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-3xl font-semibold">API tokens</h1>
        <p className="text-sm text-muted">
          For scripts such as <code>npm run import</code>: send as <code>Authorization: Bearer …</code>. A token acts as you, with your admin rights.
        </p>
      </div>
      <CreateTokenForm />
      {tokens.length === 0 ? (
        <p className="rounded-xl border border-dashed border-line bg-surface p-6 text-center text-muted">No tokens yet.</p>
      ) : (
        <table className="w-full overflow-hidden rounded-xl border border-line text-left text-sm">
          <TableHead columns={['Name', 'Token', 'Created', 'Last used', '']} />
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-line">
                <td className="px-3 py-2">{t.name}</td>
                <td className="px-3 py-2 font-mono text-xs">{t.prefix}…</td>
                <td className="px-3 py-2 text-muted">{day(t.createdAt)}</td>
                <td className="px-3 py-2 text-muted">{day(t.lastUsedAt)}</td>
                <td className="px-3 py-2">{t.revokedAt ? <StatusBadge tone="idle">revoked</StatusBadge> : <RevokeTokenButton tokenId={t.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
