import { fixKafkajsIdleLoop } from './kafkajs-idle-fix';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
};

const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const queue = () =>
  new RequestQueue({
    maxInFlightRequests: 5,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 'test',
    broker: 'b:1',
    logger,
  });

describe('kafkajs idle loop fix', () => {
  afterEach(() => jest.useRealTimers());

  it('is needed: unpatched, an idle request queue re-arms a timer forever', () => {
    jest.useFakeTimers();
    const q = queue();
    q.checkPendingRequests(); // as after any response
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    jest.advanceTimersByTime(50);
    expect(q.throttleCheckTimeoutId).not.toBeNull(); // still spinning
    clearTimeout(q.throttleCheckTimeoutId!);
  });

  it('patched, an idle queue schedules nothing; pending or throttled requests are still checked', () => {
    expect(fixKafkajsIdleLoop()).toBe(true);
    expect(fixKafkajsIdleLoop()).toBe(true); // idempotent
    jest.useFakeTimers();
    const q = queue();
    q.checkPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();

    const check = jest.spyOn(q, 'checkPendingRequests').mockImplementation(() => undefined);
    q.pending.push({});
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    jest.advanceTimersByTime(10);
    expect(check).toHaveBeenCalledTimes(1);
    q.pending.length = 0;

    q.throttledUntil = Date.now() + 500;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
    jest.advanceTimersByTime(500);
    expect(check).toHaveBeenCalledTimes(2);
  });
});

describe('kafkajs request timeout check', () => {
  afterEach(() => jest.useRealTimers());

  it('runs every second instead of every 100 ms, and still times requests out', () => {
    fixKafkajsIdleLoop();
    jest.useFakeTimers();
    const q = new RequestQueue({
      maxInFlightRequests: 5,
      requestTimeout: 30_000,
      enforceRequestTimeout: true,
      clientId: 'test',
      broker: 'b:1',
      logger,
      isConnected: () => true,
    }) as unknown as {
      inflight: Map<number, object>;
      scheduleRequestTimeoutCheck(): void;
      destroy(): void;
    };
    const timeoutRequest = jest.fn();
    q.inflight.set(1, { sentAt: Date.now(), requestTimeout: 500, timeoutRequest });
    q.scheduleRequestTimeoutCheck();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(999); // unpatched, the check at 600 ms would have timed it out
    expect(timeoutRequest).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1); // the first check, a second in
    expect(timeoutRequest).toHaveBeenCalledTimes(1);
    q.destroy();
    expect(jest.getTimerCount()).toBe(0);
  });
});
