export const root: string;
export const standaloneDir: string;
export function sourceHash(): string;
export function buildIsCurrent(): boolean;
export function build(): void;
export function buildIfNeeded(): boolean;
