import 'server-only';
import { randomBytes } from 'node:crypto';
import type { NextAuthOptions } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import { getDb } from '@/db';
import { getOrCreateSetting } from '@/db/queries/settings';
import { getUserCredentials } from '@/db/queries/users';
import { configureAuthLibrary, getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { clientIp } from '@/lib/http/client-ip';
import { createLimiter } from '@/lib/rate-limit/store';
import { SignInLimiter } from '@/lib/rate-limit/sign-in';
import { endAuthSession, SESSION_MAX_AGE_SECONDS, sessionUser, startAuthSession } from './auth-sessions';
import { verifyAgainstNothing, verifyPassword } from './password';
import { SIGN_IN_ERRORS } from './sign-in-errors';


declare global {
  var __mistAuthOptions: Promise<NextAuthOptions> | undefined;
  var __mistSignInLimiter: SignInLimiter | undefined;
  var __mistSignUpLimiter: RateLimiterAbstract | undefined;
}

/** Account creation hashes a password (deliberately slow): bounded per address. */
export function getSignUpLimiter(): RateLimiterAbstract {
  globalThis.__mistSignUpLimiter ??= createLimiter({ keyPrefix: 'signup-ip', points: getEnv().MIST_SIGNUP_MAX_PER_IP_HOUR, durationSeconds: 3600 });
  return globalThis.__mistSignUpLimiter;
}

/** Limits password checks: sign-in, and the current password on the account page. */
export function getSignInLimiter(): SignInLimiter {
  const env = getEnv();
  const window = env.MIST_SIGNIN_WINDOW_SECONDS;
  globalThis.__mistSignInLimiter ??= new SignInLimiter({
    byIp: createLimiter({ keyPrefix: 'signin-ip', points: env.MIST_SIGNIN_MAX_PER_IP, durationSeconds: window }),
    byAccountAtIp: createLimiter({ keyPrefix: 'signin-account-ip', points: env.MIST_SIGNIN_MAX_PER_ACCOUNT, durationSeconds: window }),
    byAccount: createLimiter({ keyPrefix: 'signin-account', points: env.MIST_SIGNIN_MAX_PER_ACCOUNT_TOTAL, durationSeconds: window }),
  });
  return globalThis.__mistSignInLimiter;
}

const credentialsInput = z.object({ email: z.string().trim().max(254), password: z.string().max(256) });

async function authorize(raw: unknown, headers: Record<string, string | string[] | undefined>) {
  const parsed = credentialsInput.safeParse(raw);
  if (!parsed.success) return null;
  const email = parsed.data.email.toLowerCase();
  let user: Awaited<ReturnType<typeof getUserCredentials>> | undefined;
  let ok: boolean;
  try {
    // The attempt is counted before the password is checked (see SignInLimiter).
    ok = await getSignInLimiter().attempt(clientIp(headers), email, async () => {
      user = await getUserCredentials(await getDb(), email);
      return user ? verifyPassword(user.passwordHash, parsed.data.password) : verifyAgainstNothing(parsed.data.password);
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') throw new Error(SIGN_IN_ERRORS.rateLimited);
    throw error;
  }
  if (!user || !ok) return null;
  // Told only to someone who knows the password.
  if (user.disabledAt) throw new Error(SIGN_IN_ERRORS.disabled);
  // This browser's session: its id goes into the cookie, and sign-out revokes it.
  const sessionId = await startAuthSession(await getDb(), user.id, first(headers['user-agent']));
  return { id: user.id, email: user.email, name: user.displayName, role: user.role, sessionVersion: user.sessionVersion, sessionId };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Whether the session a cookie names is still signed in, as every MIST route checks it;
 * undefined when the database cannot say (the cookie is then left alone: MIST's own routes
 * check again anyway).
 */
async function stillSignedIn(token: JWT): Promise<boolean | undefined> {
  if (!token.sub || typeof token.sid !== 'string') return false;
  const session = { userId: token.sub, sessionId: token.sid, sessionVersion: token.sv ?? 0 };
  return getDb().then((db) => sessionUser(db, session)).then((user) => !!user, () => undefined);
}

async function buildOptions(): Promise<NextAuthOptions> {
  const env = getEnv();
  configureAuthLibrary(env);
  const secret = env.AUTH_SECRET ?? (await getOrCreateSetting(await getDb(), 'auth_secret', () => randomBytes(32).toString('base64url')));
  return {
    secret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin', error: '/signin', signOut: '/signout' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: (credentials, req) => authorize(credentials, req.headers ?? {}),
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = user.role;
          token.sv = user.sessionVersion;
          token.sid = user.sessionId;
          return token;
        }
        // /api/auth/session: a signed-out cookie gets `{}` and is cleared, not renewed.
        if ((await stillSignedIn(token)) === false) throw new Error('The session has ended.');
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.sub!, name: token.name, email: token.email, role: token.role ?? 'user', sv: token.sv ?? 0 };
        return session;
      },
    },
    events: {
      // Sign-out (POST /api/auth/signout) ends this browser's session on the server: a
      // copy of the cookie is refused from now on, everywhere.
      async signOut({ token }) {
        if (token?.sub && typeof token.sid === 'string') await endAuthSession(await getDb(), token.sub, token.sid);
      },
    },
    logger: {
      // next-auth logs credentials errors with their context; keep only the code.
      error: (code) => console.error(`[next-auth] ${code}`),
      warn: () => {},
      debug: () => {},
    },
  };
}

export function getAuthOptions(): Promise<NextAuthOptions> {
  globalThis.__mistAuthOptions ??= buildOptions().catch((error) => {
    globalThis.__mistAuthOptions = undefined;
    throw error;
  });
  return globalThis.__mistAuthOptions;
}
