'use client';

import clsx from 'clsx';
import { Disc3, Heart, History, Home, Library, ListMusic, LogIn, LogOut, Search, Shield, Tags, UserRound, UsersRound, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

type Props = { signedIn: boolean; isAdmin: boolean; hasGenres?: boolean; layout: 'sidebar' | 'tabs' };
type Item = { href: string; label: string; icon: LucideIcon; also?: string[] };

/**
 * The app's navigation: a left column on wide screens, with a "Library" group (albums,
 * artists, genres when tags have them, liked songs, playlists); on phones a bottom tab bar
 * whose "Library" tab opens the same list as a page.
 */
export function NavLinks({ signedIn, isAdmin, hasGenres, layout }: Props) {
  const pathname = usePathname();
  const sidebar = layout === 'sidebar';
  const account: Item[] = signedIn
    ? [
        { href: '/account', label: 'Account', icon: UserRound },
        { href: '/signout', label: 'Sign out', icon: LogOut },
      ]
    : [{ href: '/signin', label: 'Sign in', icon: LogIn }];
  const library: Item[] = [
    { href: '/library/albums', label: 'Albums', icon: Disc3 },
    { href: '/library/artists', label: 'Artists', icon: UsersRound },
    ...(hasGenres ? [{ href: '/library/genres', label: 'Genres', icon: Tags }] : []),
    { href: '/liked', label: 'Liked songs', icon: Heart },
    { href: '/playlists', label: 'Playlists', icon: ListMusic },
  ];
  const main: Item[] = [
    { href: '/', label: 'Home', icon: Home },
    ...(signedIn ? [{ href: '/search', label: 'Search', icon: Search }] : []),
    ...(signedIn && !sidebar ? [{ href: '/library', label: 'Library', icon: Library, also: ['/liked', '/playlists'] }] : []),
  ];
  const rest: Item[] = [...(signedIn ? [{ href: '/history', label: 'History', icon: History }] : []), ...(isAdmin ? [{ href: '/admin', label: 'Admin', icon: Shield }] : []), ...account];
  const isActive = ({ href, also = [] }: Item) => (href === '/' ? pathname === '/' : [href, ...also].some((h) => pathname === h || pathname.startsWith(`${h}/`)));
  const list = (items: Item[]) => (
    <ul className={sidebar ? 'space-y-1' : 'flex justify-around'}>
      {items.map((item) => {
        const { href, label, icon: Icon } = item;
        const active = isActive(item);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? 'page' : undefined}
              className={clsx(
                'flex items-center rounded-md text-sm',
                sidebar ? 'gap-3 px-3 py-2' : 'flex-col gap-1 px-2 py-2 text-xs',
                active ? 'bg-surface-2 text-fg' : 'text-muted hover:text-fg',
              )}
            >
              <Icon aria-hidden size={sidebar ? 18 : 20} />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
  if (!sidebar) return list([...main, ...rest]);
  return (
    <div className="space-y-4">
      {list(main)}
      {signedIn ? (
        <section aria-labelledby="nav-library" className="space-y-1">
          <h2 id="nav-library" className="px-3 text-xs font-medium uppercase tracking-wide text-muted">
            Library
          </h2>
          {list(library)}
        </section>
      ) : null}
      {list(rest)}
    </div>
  );
}
