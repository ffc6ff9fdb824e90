export * from './envelope';
export * from './topics';
export * from './ceb/code-lists';
export * from './ceb/patterns';
export * from './ceb/ceb311-order';
export * from './messages/import-order-accepted';
export * from './messages/document-receipt';
export * from './ceb/time';
