export * from './schema';
export type * from './types';
export * from './migrations';
export * from './restore';
export * from './serialize';
export * from './operations';
export * from './layout';
export * from './create';
export * from './ids';
