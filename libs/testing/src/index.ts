export * from './wait-for';
export * from './service-process';
export * from './services';
export * from './database';
export * from './fixtures';
export * from './tokens';
export * from './ceb-xml';
export * from './person-token';
