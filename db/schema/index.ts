export * from './jobs';
export * from './settings';
export * from './users';
