export * from './catalog';
export * from './features';
export * from './jobs';
export * from './keys';
export * from './listening';
export * from './settings';
export * from './tokens';
export * from './users';
