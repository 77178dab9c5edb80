export const CLIENT_ADDRESS_HEADER: string;
export const FORWARDED_HEADERS: string[];
export type TrustProxy = { hops: number; ranges: { v6: boolean; value: bigint; prefix: number }[] };
export function parseTrustProxy(value: string | undefined | null): TrustProxy;
export function resolveClient(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy): { address: string; peerTrusted: boolean };
export function limitKey(address: string): string;
export function normalizeAddress(text: unknown): string | null;
