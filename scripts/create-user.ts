// npm run user:create -- --email lee@example.org --name Lee [--role admin]
// The password is read from standard input (piped, or typed at the prompt).
// Run it while MIST is stopped (the embedded database allows one process), or with DATABASE_URL.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { getDbHandle } from '@/db';
import { createUser } from '@/lib/accounts';
import { ZodError } from 'zod';
import { AppError, toAppError } from '@/lib/errors';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'user' } },
});

if (!values.email || (values.role !== 'user' && values.role !== 'admin')) {
  console.error('Usage: npm run user:create -- --email EMAIL [--name NAME] [--role user|admin]  (password on stdin)');
  process.exit(2);
}

const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
const password = (await rl.question(process.stdin.isTTY ? 'Password (at least 8 characters): ' : '')).trim();
rl.close();

try {
  const handle = await getDbHandle();
  const user = await createUser(handle.db, { email: values.email, displayName: values.name ?? values.email.split('@')[0], password }, values.role);
  console.log(`Created ${user.role} ${user.email} (${user.id}).`);
  await handle.close();
} catch (error) {
  // Expected failures (taken email, short password, locked data directory) in plain words.
  const expected = error instanceof AppError || error instanceof ZodError;
  console.error(expected ? toAppError(error).message : String((error as Error).message ?? error));
  process.exit(1);
}
