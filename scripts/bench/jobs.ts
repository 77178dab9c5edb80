// npm run bench:jobs — the embedded driver's overhead per step: a 20-step no-op function run
// on PGlite on disk (as MIST runs by default). Prints the time per step, split into the
// SDK's serve handler (replaying the function) and the driver's own work (database, signing).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { Inngest } from 'inngest';
import { serve } from 'inngest/next';
import { openPglite } from '@/db/client';
import { jobRuns } from '@/db/schema';
import { EmbeddedDriver } from '@/lib/jobs/driver';
import type { DriverFunction } from '@/lib/jobs/functions';

const STEPS = 20;
const RUNS = Number(process.argv[2] ?? 10);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mist-bench-jobs-'));
const h = await openPglite(path.join(dir, 'db'));
await h.migrate();
const signingKey = `signkey-prod-${randomBytes(32).toString('hex')}`;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const client = new Inngest({ id: 'bench', isDev: false, checkpointing: false, signingKey, eventKey: 'bench', baseUrl: 'http://mist.internal/', logger: quiet });
const noop = client.createFunction({ id: 'noop', triggers: [{ event: 'bench/noop' }] }, async ({ step }) => {
  let total = 0;
  for (let i = 0; i < STEPS; i++) total += await step.run(`step-${i}`, () => 1);
  return total;
});
const { POST } = serve({ client, functions: [noop] });
let inHandler = 0;
const driver = new EmbeddedDriver({
  db: h.db,
  appId: 'bench',
  functions: [noop as unknown as DriverFunction],
  post: async (req) => {
    const t = performance.now();
    const res = await POST(req as never, undefined as never);
    inHandler += performance.now() - t;
    return res;
  },
  signingKey,
  workers: 1,
  pollMs: 5,
});
driver.start();

async function runOnce(): Promise<number> {
  const t = performance.now();
  const [id] = await driver.enqueue([{ name: 'bench/noop' }]);
  for (;;) {
    const [run] = await h.db.select({ status: jobRuns.status, output: jobRuns.output }).from(jobRuns).where(eq(jobRuns.eventId, id!));
    if (run?.status === 'completed') {
      if (run.output !== STEPS) throw new Error(`wrong result ${String(run.output)}`);
      return performance.now() - t;
    }
    if (run?.status === 'failed') throw new Error('the bench run failed');
    await new Promise((r) => setImmediate(r));
  }
}

await runOnce(); // warm-up: first imports, first queries
inHandler = 0;
const times: number[] = [];
for (let i = 0; i < RUNS; i++) times.push(await runOnce());
await driver.stop();
await h.close();
fs.rmSync(dir, { recursive: true, force: true });

const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
const total = times.reduce((a, b) => a + b, 0);
const perStep = total / (RUNS * STEPS);
const sdkPerStep = inHandler / (RUNS * STEPS);
console.log(`embedded driver, ${STEPS}-step no-op function, ${RUNS} runs on PGlite on disk (Node ${process.versions.node})`);
console.log(`  run time: median ${median.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
console.log(`  per step: ${perStep.toFixed(2)} ms in all = ${sdkPerStep.toFixed(2)} ms in the SDK's serve handler + ${(perStep - sdkPerStep).toFixed(2)} ms driver overhead (database, signing, polling)`);
console.log(`  driver overhead / SDK handler time: ${((perStep - sdkPerStep) / sdkPerStep).toFixed(2)}x; target: driver overhead <= 5 ms per step`);
