import Link from 'next/link';
import { UserRowActions } from '@/components/admin/user-row-actions';
import { getDb } from '@/db';
import { countUsers, listUsers } from '@/db/queries/users';
import { requireAdmin } from '@/lib/auth/session';

export const metadata = { title: 'Users' };

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<{ page?: string }> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const admin = await requireAdmin('/admin/users');
  const page = Math.max(1, Math.floor(Number((await searchParams).page)) || 1);
  const db = await getDb();
  const [users, total] = await Promise.all([listUsers(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), countUsers(db)]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-semibold">Users</h1>
      <p className="text-sm text-muted">{total === 1 ? '1 account' : `${total} accounts`}</p>
      <div className="overflow-x-auto rounded-xl border border-line">
        {/* On a phone each account is a block (name, email, role and date, then the actions); the columns come back from 640 px. */}
        <table className="w-full text-left text-sm">
          <thead className="hidden bg-surface-2 text-muted sm:table-header-group">
            <tr>
              <th className="px-3 py-2 font-medium">Name</th>
              <th className="px-3 py-2 font-medium">Email</th>
              <th className="px-3 py-2 font-medium">Role</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Joined</th>
              <th className="px-3 py-2 font-medium">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const role = u.role === 'admin' ? 'Admin' : 'Listener';
              const joined = u.createdAt.toISOString().slice(0, 10);
              return (
                <tr key={u.id} className="block border-t border-line p-3 align-top first:border-t-0 sm:table-row sm:p-0 sm:first:border-t">
                  <td className="block sm:table-cell sm:px-3 sm:py-2">
                    <span className="font-medium sm:font-normal">{u.displayName}</span>
                    <span className="block break-all text-muted sm:hidden">{u.email}</span>
                    <span className="block text-muted sm:hidden">
                      {role} · joined {joined}
                    </span>
                  </td>
                  <td className="hidden px-3 py-2 sm:table-cell">{u.email}</td>
                  <td className="hidden px-3 py-2 sm:table-cell">{role}</td>
                  <td className="block pt-2 sm:table-cell sm:px-3 sm:py-2">
                    <span className={u.disabled ? 'rounded bg-danger/15 px-2 py-0.5 text-danger' : 'rounded bg-ok/15 px-2 py-0.5 text-ok'}>{u.disabled ? 'Disabled' : 'Active'}</span>
                  </td>
                  <td className="hidden whitespace-nowrap px-3 py-2 text-muted sm:table-cell">{joined}</td>
                  <td className="block pt-2 sm:table-cell sm:px-3 sm:py-2">
                    <UserRowActions userId={u.id} displayName={u.displayName} role={u.role} disabled={u.disabled} isSelf={u.id === admin.id} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex gap-3 text-sm">
          {page > 1 ? <Link href={`/admin/users?page=${page - 1}`}>Previous</Link> : null}
          <span className="text-muted">
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={`/admin/users?page=${page + 1}`}>Next</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
