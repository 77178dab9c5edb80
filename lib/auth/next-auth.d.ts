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
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: Role;
    sv?: number;
  }
}
