/**
 * Two idle costs of kafkajs 2.2.4, fixed on its request queue.
 *
 * 1. It spins while idle: after its first response, each broker connection's request queue re-arms a
 * timer of 1 ms forever (`scheduleCheckPendingRequests` schedules `throttledUntil - now`, negative when nothing is
 * throttled, even with nothing pending). Every connection of every client (consumer, producer, admin) then wakes
 * the process a thousand times a second: most of an idle service's CPU. Upstream: tulios/kafkajs#1556, #1604,
 * #1704, unfixed in the last release (PR #1667). This replaces the method on the class's prototype (one kafkajs in
 * node_modules, shared by `@nestjs/microservices`) with the proposed fix: a check is scheduled only when
 * requests are pending (in 10 ms at most, or when the throttle ends) or while throttled; with nothing pending, the
 * next response or request schedules it again, as before.
 *
 * 2. Each connection checks its in-flight requests for a timeout every 100 ms (`enforceRequestTimeout`), ten wake-ups
 * a second per connection and a handful of connections per client. Timeouts are 30 s here (kafkajs' default), so
 * the check runs every second instead: a timed-out request fails at most a second later than it did.
 */
interface InflightRequest {
  sentAt: number;
  requestTimeout: number;
  timeoutRequest(): void;
}

interface RequestQueueLike {
  enforceRequestTimeout: boolean;
  requestTimeout: number;
  requestTimeoutIntervalId?: NodeJS.Timeout;
  inflight: Map<number, InflightRequest>;
  isConnected(): boolean;
  destroy(): void;
  scheduleRequestTimeoutCheck(): void;
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const CHECK_PENDING_REQUESTS_INTERVAL = 10;
/** How often a connection looks for timed-out requests (kafkajs: every 100 ms). */
export const REQUEST_TIMEOUT_CHECK_MS = 1000;
const FIXED = Symbol.for('swx.kafkajs.idle-fix');

function scheduleCheckPendingRequests(this: RequestQueueLike): void {
  if (this.throttleCheckTimeoutId) return;
  let scheduleAt = this.throttledUntil - Date.now();
  if (this.pending.length > 0) {
    scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
  } else if (scheduleAt <= 0) {
    return; // nothing pending, not throttled: nothing to check until the next request or response
  }
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, scheduleAt);
}

function scheduleRequestTimeoutCheck(this: RequestQueueLike): void {
  if (!this.enforceRequestTimeout) return;
  this.destroy();
  this.requestTimeoutIntervalId = setInterval(
    () => {
      this.inflight.forEach((request) => {
        if (Date.now() - request.sentAt > request.requestTimeout) request.timeoutRequest();
      });
      if (!this.isConnected()) this.destroy();
    },
    Math.min(this.requestTimeout, REQUEST_TIMEOUT_CHECK_MS),
  );
}

/**
 * Patches the kafkajs request queue once per process; true when it is patched. A kafkajs whose queue moved or lost
 * the method is left alone (its unit test says so): a later release may have fixed the loop itself.
 */
export function fixKafkajsIdleLoop(): boolean {
  let RequestQueue: { prototype?: RequestQueueLike & { [FIXED]?: boolean } } | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    RequestQueue = require('kafkajs/src/network/requestQueue') as typeof RequestQueue;
  } catch {
    return false;
  }
  const prototype = RequestQueue?.prototype;
  if (
    typeof prototype?.scheduleCheckPendingRequests !== 'function' ||
    typeof prototype.scheduleRequestTimeoutCheck !== 'function'
  )
    return false;
  if (!prototype[FIXED]) {
    prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
    prototype.scheduleRequestTimeoutCheck = scheduleRequestTimeoutCheck;
    prototype[FIXED] = true;
  }
  return true;
}
