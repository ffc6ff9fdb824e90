/** The shared kafkajs client of a service (admin, producer, health, lag). */
export const MESSAGING_KAFKA = Symbol('MESSAGING_KAFKA');
