/** Codes a failed sign-in carries back to the sign-in page, and what the page says. */
export const SIGN_IN_ERRORS = { rateLimited: 'RateLimited', disabled: 'AccountDisabled' } as const;

export function signInErrorMessage(code: string | null | undefined, windowMinutes: number): string | null {
  switch (code) {
    case null:
    case undefined:
    case '':
      return null;
    case SIGN_IN_ERRORS.rateLimited:
      return `Too many failed sign-in attempts. Wait up to ${windowMinutes} minutes, then try again.`;
    case SIGN_IN_ERRORS.disabled:
      return 'This account is disabled. Ask an admin of this server to enable it.';
    case 'CredentialsSignin':
      return 'Wrong email or password.';
    case 'SessionRequired':
      return 'Sign in to continue.';
    default:
      return 'Sign-in failed. Try again.';
  }
}

const HERE = 'http://mist.invalid';

/**
 * Where to go after signing in: only a path on this server. Decided by parsing, as a browser
 * would (browsers drop TAB and newlines from URLs, so `/\t/evil.example` is `//evil.example`):
 * control characters or backslashes anywhere, another origin, or a result that a browser
 * would read as protocol-relative all mean "go home". Only path, query and hash are kept.
 */
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return '/';
  }
  if (url.origin !== HERE) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
