// Shared with the benchmarks (scripts/bench): one copy, in scripts/lib.
export { startServer, type RunningServer } from '../../scripts/lib/server';
