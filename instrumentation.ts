export async function register() {
  // Next also loads this file for the edge runtime, where there is no database.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { boot } = await import('./lib/boot');
  await boot();
}
