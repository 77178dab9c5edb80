export async function register() {
  // Next also loads this file for the edge runtime, where there is no database.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  try {
    const { boot } = await import('./lib/boot');
    await boot();
  } catch (error) {
    // A module that reads the configuration as it loads can fail before boot() runs.
    console.error(`[mist] cannot start. ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
