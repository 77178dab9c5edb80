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

/** Only paths on this server: never an absolute URL an attacker could send people to. */
export function safeCallbackUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}
