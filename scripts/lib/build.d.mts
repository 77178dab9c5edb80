export const root: string;
export const standaloneDir: string;
export function sourceHash(): string;
export function buildIsCurrent(): boolean;
export function build(): void;
export function buildIfNeeded(): boolean;
export const SERVER_NODE_OPTIONS: string;
export function serverNodeOptions(given?: string): string;
