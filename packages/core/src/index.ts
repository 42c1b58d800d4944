export * from './error.js';
export * from './identifiers.js';
export * from './filters.js';
export * from './dashboard.js';
export * from './query.js';
export * from './token.js';
export * from './embed-token-request.js';
