// Shared with the benchmarks (scripts/bench): one copy, in scripts/lib.
import { startServer as start, type RunningServer, type ServerOptions } from '../../scripts/lib/server';

export type { RunningServer };

/**
 * The built server as the tests run it: V8 compiles PGlite's WebAssembly with its baseline
 * compiler only (`--liftoff-only`). A server that lives for one test file spent more CPU
 * optimising PostgreSQL's hot functions in the background (~1.5 s a start) than it ran them;
 * what the code does is the same. Benchmarks start servers without it, as npm start does.
 */
export const startServer = (options: ServerOptions = {}) => start({ ...options, nodeArgs: ['--liftoff-only', ...(options.nodeArgs ?? [])] });
