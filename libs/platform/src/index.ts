export * from './platform.module';
export * from './bootstrap';
export * from './problem-details';
export * from './service-env';
export * from './internal-call';
export * from './validation-metadata-cache';
