'use client';

import clsx from 'clsx';
import { Heart, History, Home, ListMusic, LogIn, LogOut, Search, Shield, UserRound } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

type Props = { signedIn: boolean; isAdmin: boolean; layout: 'sidebar' | 'tabs' };

/** The app's navigation: a left column on wide screens, a bottom tab bar on phones. */
export function NavLinks({ signedIn, isAdmin, layout }: Props) {
  const pathname = usePathname();
  const links = [
    { href: '/', label: 'Home', icon: Home },
    ...(signedIn
      ? [
          { href: '/search', label: 'Search', icon: Search },
          ...(layout === 'sidebar' ? [{ href: '/liked', label: 'Liked songs', icon: Heart }] : []),
          { href: '/playlists', label: 'Playlists', icon: ListMusic },
          { href: '/history', label: 'History', icon: History },
        ]
      : []),
    ...(isAdmin ? [{ href: '/admin', label: 'Admin', icon: Shield }] : []),
    ...(signedIn
      ? [
          { href: '/account', label: 'Account', icon: UserRound },
          { href: '/signout', label: 'Sign out', icon: LogOut },
        ]
      : [{ href: '/signin', label: 'Sign in', icon: LogIn }]),
  ];
  return (
    <ul className={layout === 'sidebar' ? 'space-y-1' : 'flex justify-around'}>
      {links.map(({ href, label, icon: Icon }) => {
        const active = href === '/' ? pathname === '/' : pathname.startsWith(href);
        return (
          <li key={href}>
            <Link
              href={href}
              aria-current={active ? 'page' : undefined}
              className={clsx(
                'flex items-center rounded-md text-sm',
                layout === 'sidebar' ? 'gap-3 px-3 py-2' : 'flex-col gap-1 px-3 py-2 text-xs',
                active ? 'bg-surface-2 text-fg' : 'text-muted hover:text-fg',
              )}
            >
              <Icon aria-hidden size={layout === 'sidebar' ? 18 : 20} />
              {label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
