/** A message that can never be handled as it is (not JSON, not an envelope, invalid payload). */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

/**
 * The database or broker is away: such a failure says nothing about the message, so it must not be
 * dead-lettered; the message is redelivered once the dependency is back.
 */
export function isInfrastructureError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; name?: string; driverError?: unknown } | undefined;
  if (!e) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  if (e.name?.startsWith('KafkaJS')) return true;
  if (
    /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(e.message ?? '')
  )
    return true;
  return e.driverError ? isInfrastructureError(e.driverError) : false;
}
