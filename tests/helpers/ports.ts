// Shared with the benchmarks (scripts/bench): one copy, in scripts/lib.
export { freePort } from '../../scripts/lib/ports';
