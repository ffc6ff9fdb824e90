/** The gateway's internal calls to the logistics app: the guard and caller are the platform's (@swx/platform). */
export { CurrentCaller, InternalCallGuard, InternalHeaders, type Caller } from '@swx/platform';
