'use client';

import { useEffect, useSyncExternalStore } from 'react';

const subscribe = (changed: () => void) => {
  window.addEventListener('online', changed);
  window.addEventListener('offline', changed);
  return () => {
    window.removeEventListener('online', changed);
    window.removeEventListener('offline', changed);
  };
};

/**
 * The app shell offline: registers the service worker (public/sw.js), so a page opened without
 * a network shows the "offline" page, and says so on an open page when the network goes.
 */
export function OfflineShell() {
  useEffect(() => {
    if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => {});
  }, []);
  const online = useSyncExternalStore(subscribe, () => navigator.onLine, () => true);
  if (online) return null;
  return (
    <p role="status" className="fixed inset-x-0 top-0 z-50 bg-danger px-4 py-1.5 text-center text-sm font-medium text-bg">
      You are offline: music and pages come back with the network.
    </p>
  );
}
