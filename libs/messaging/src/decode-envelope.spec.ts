import { randomUUID } from 'node:crypto';

import { createEnvelope, documentAcceptedClass, ImportOrder } from '@swx/contracts';
import { importOrder } from '@swx/testing';

import { PoisonMessageError } from './errors';
import { decodeEnvelope } from './message-consumer.service';

/** A document payload class (the clear CEB311 one: topics carry the tokenised one, tested in contracts). */
const ImportOrderAccepted = documentAcceptedClass(ImportOrder);

const envelope = (payload: object, overrides: object = {}) => ({
  ...createEnvelope({
    type: 'ImportOrderAccepted',
    version: 1,
    producer: 'gateway',
    key: 'k',
    correlationId: 'c',
    payload,
  }),
  ...overrides,
});

const validPayload = () => ({
  messageId: randomUUID(),
  messageType: 'CEB311',
  senderCode: '3301960001',
  receivedAt: new Date().toISOString(),
  document: importOrder(),
});

describe('decodeEnvelope', () => {
  it('returns a typed envelope whose payload is an instance of the message class', async () => {
    const decoded = await decodeEnvelope(envelope(validPayload()), ImportOrderAccepted);
    expect(decoded.payload).toBeInstanceOf(ImportOrderAccepted);
    expect(decoded.payload.document.constructor.name).toBe('ImportOrder');
    expect(decoded.payload.document.OrderHead.acturalPaid).toBe('233.28');
  });

  it.each([
    ['a plain string', 'not json {'],
    ['a buffer', Buffer.from([0, 1, 2])],
    ['an array', [1, 2]],
    ['null', null],
  ])('refuses %s as a poison message', async (_what, value) => {
    await expect(decodeEnvelope(value, ImportOrderAccepted)).rejects.toThrow(PoisonMessageError);
  });

  it('names the invalid envelope fields', async () => {
    await expect(
      decodeEnvelope(envelope(validPayload(), { id: 'nope', producer: 'someone' }), ImportOrderAccepted),
    ).rejects.toThrow(/invalid envelope: id: id must be a UUID; producer/);
  });

  it('names the invalid payload fields with their path', async () => {
    const payload = validPayload();
    payload.document.OrderHead.acturalPaid = '1,00';
    await expect(decodeEnvelope(envelope(payload), ImportOrderAccepted)).rejects.toThrow(
      /invalid ImportOrderAccepted payload: document\.OrderHead\.acturalPaid: acturalPaid must be a decimal string/,
    );
  });
});
