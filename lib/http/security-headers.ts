import { type Env, getModes } from '@/lib/env';
import { bucketAddressFromEnv, publicBaseUrl, uploadBaseUrl } from '@/lib/storage/addresses';

// The headers that tell browsers what MIST's pages may do. Pages get the Content-Security-
// Policy from proxy.ts (a nonce per request); every response, API, /media and the routes
// answered before Next included, gets the others from the server entry (registered at boot).

const unique = (values: string[]) => [...new Set(values)];

/** Origins other than MIST's own that pages fetch from: the bucket or CDN (media, covers) and presigned uploads. */
export function storageOrigins(env: Env): { media: string[]; upload: string[] } {
  if (getModes(env).storage !== 's3') return { media: [], upload: [] }; // local storage is /media, on MIST's origin
  const bucket = bucketAddressFromEnv(env);
  return { media: [new URL(publicBaseUrl(bucket)).origin], upload: [new URL(uploadBaseUrl(bucket)).origin] };
}

const isHttps = (env: Env) => env.MIST_PUBLIC_URL?.startsWith('https://') ?? false;

/**
 * The policy for one page. Scripts only with this response's nonce (Next puts it on its own
 * scripts, read from the request's copy of this header) and what they load ('strict-dynamic');
 * styles from MIST or with the nonce, style attributes allowed (React renders some, charts
 * many; they cannot run code); hls.js runs its worker from a blob: URL and plays through Media
 * Source (a blob: media URL); media, covers and playlists come from MIST or the bucket; no
 * plugins, no <base>, forms post to MIST only, and no page anywhere may frame MIST.
 */
export function contentSecurityPolicy(nonce: string, env: Env): string {
  const { media, upload } = storageOrigins(env);
  // `next dev` evaluates code for its error overlay and injects styles without the nonce.
  const dev = env.NODE_ENV === 'development';
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' ${dev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    `img-src ${unique(["'self'", 'data:', 'blob:', ...media]).join(' ')}`,
    `media-src ${unique(["'self'", 'blob:', ...media]).join(' ')}`,
    `connect-src ${unique(["'self'", ...media, ...upload]).join(' ')}`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps(env) ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** Features no MIST page uses, refused to it and to anything it might embed. */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=(self)',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=(self)',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'usb=()',
].join(', ');

/** The headers every response carries. HSTS only when MIST is known to be served over https. */
export function securityHeaders(env: Env): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': PERMISSIONS_POLICY,
    // frame-ancestors 'none' for browsers that predate it, and for responses without a CSP.
    'x-frame-options': 'DENY',
    ...(isHttps(env) ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}
