import type { DefaultSession } from 'next-auth';

type Role = 'user' | 'admin';

declare module 'next-auth' {
  interface Session {
    user: { id: string; role: Role; sv: number } & DefaultSession['user'];
  }
  interface User {
    id: string;
    role: Role;
    sessionVersion: number;
    /** The auth_sessions row this sign-in made. */
    sessionId: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: Role;
    sv?: number;
    /** The browser's session (auth_sessions.id): revoked at sign-out. */
    sid?: string;
  }
}
