import type { MetadataRoute } from 'next';

/** Served at /manifest.webmanifest (Next links it from every page): MIST installs as an app. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'MIST',
    short_name: 'MIST',
    description: 'Your own music server',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    // The dark theme's background (app/globals.css): the theme a first visit shows.
    background_color: '#0e0f13',
    theme_color: '#0e0f13',
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
