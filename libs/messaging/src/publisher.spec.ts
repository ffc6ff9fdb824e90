import { randomUUID } from 'node:crypto';

import { EntityManager } from 'typeorm';

import {
  createEnvelope,
  type DocumentReceipt,
  type EnterpriseChanged,
  type MessageEnvelope,
  type TaxBillIssued,
  Topics,
} from '@swx/contracts';

import type { MessagingOptions } from './messaging.options';
import type { OutboxService } from './outbox.service';
import { causationOf, envelopeOf, EventPublisher } from './publisher';

const receipt = (overrides: Partial<DocumentReceipt> = {}): DocumentReceipt => ({
  messageId: randomUUID(),
  documentType: 'CEB311',
  orderNo: 'ORD-7',
  returnStatus: '2',
  returnTime: '20260101120000000',
  returnInfo: '电子口岸申报中',
  ...overrides,
});

function publisherOf(service: MessagingOptions['service'], produces: string[]) {
  const enqueued: { manager: EntityManager; topic: string; envelope: MessageEnvelope }[] = [];
  const outbox = {
    enqueue: async (manager: EntityManager, topic: string, envelope: MessageEnvelope) => {
      enqueued.push({ manager, topic, envelope });
    },
  } as unknown as OutboxService;
  const publisher = new EventPublisher({ service, produces } as MessagingOptions, outbox);
  return { publisher, enqueued };
}

describe('EventPublisher.publish', () => {
  const manager = { name: 'the caller’s transaction' } as unknown as EntityManager;

  it('enqueues the envelope on the topic, in the caller’s transaction, with type, version and producer', async () => {
    const { publisher, enqueued } = publisherOf('customs', [Topics.DocumentReceipt.name]);
    const payload = receipt();
    const envelope = await publisher.publish(manager, Topics.DocumentReceipt, payload, {
      correlationId: 'corr-1',
    });

    expect(enqueued).toHaveLength(1);
    expect(enqueued[0].manager).toBe(manager);
    expect(enqueued[0].topic).toBe('customs.external.document-receipt.issued.v1');
    expect(enqueued[0].envelope).toBe(envelope);
    expect(envelope).toMatchObject({
      type: 'DocumentReceipt',
      version: 1,
      producer: 'customs',
      key: 'ORD-7',
      correlationId: 'corr-1',
      payload,
    });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(envelope.occurredAt))).toBe(false);
    expect(envelope.causationId).toBeUndefined();
  });

  it('takes the key from the topic’s key function', async () => {
    const { publisher } = publisherOf('customs', [Topics.DocumentReceipt.name]);
    const withoutOrder = receipt({ orderNo: undefined, documentType: 'CEB505' });
    delete withoutOrder.orderNo;
    const envelope = await publisher.publish(manager, Topics.DocumentReceipt, withoutOrder, {
      correlationId: 'c',
    });
    // A receipt of a document without an order number is keyed by the document it answers.
    expect(envelope.key).toBe(withoutOrder.messageId);

    const tax = publisherOf('tax', [Topics.TaxBillIssued.name]);
    const bill = { listIdentity: '3301960001:ORD:WITH:COLONS' } as TaxBillIssued;
    expect(
      (await tax.publisher.publish(manager, Topics.TaxBillIssued, bill, { correlationId: 'c' })).key,
    ).toBe('ORD:WITH:COLONS');
  });

  it('names the consumed envelope as the cause: its correlation id carries on, its id is the causation id', async () => {
    const { publisher } = publisherOf('customs', [Topics.DocumentReceipt.name]);
    const consumed = createEnvelope({
      type: 'ImportOrderAccepted',
      version: 1,
      producer: 'gateway',
      key: 'ORD-7',
      correlationId: 'flow-42',
      payload: {},
    });
    const envelope = await publisher.publish(manager, Topics.DocumentReceipt, receipt(), consumed);
    expect(envelope.correlationId).toBe('flow-42');
    expect(envelope.causationId).toBe(consumed.id);

    const explicit = await publisher.publish(manager, Topics.DocumentReceipt, receipt(), {
      correlationId: 'flow-43',
      causationId: 'cause-1',
    });
    expect(explicit).toMatchObject({ correlationId: 'flow-43', causationId: 'cause-1' });
  });

  it('refuses a topic of another producer, or one the service does not list, before writing anything', async () => {
    const gateway = publisherOf('gateway', [Topics.EnterpriseChanged.name, Topics.DocumentReceipt.name]);
    await expect(
      gateway.publisher.publish(manager, Topics.DocumentReceipt, receipt(), { correlationId: 'c' }),
    ).rejects.toThrow(/gateway cannot publish customs\.external\.document-receipt\.issued\.v1/);

    const customs = publisherOf('customs', []);
    await expect(
      customs.publisher.publish(manager, Topics.DocumentReceipt, receipt(), { correlationId: 'c' }),
    ).rejects.toThrow(/does not list it among the topics it produces/);
    expect([...gateway.enqueued, ...customs.enqueued]).toHaveLength(0);
  });

  it('type-checks the payload against the topic', () => {
    const { publisher } = publisherOf('gateway', [Topics.EnterpriseChanged.name]);
    const check = () =>
      // @ts-expect-error a receipt is not the payload of the enterprise topic
      publisher.publish(manager, Topics.EnterpriseChanged, receipt(), { correlationId: 'c' });
    expect(typeof check).toBe('function');
    const fine: (p: EnterpriseChanged) => unknown = (p) =>
      publisher.publish(manager, Topics.EnterpriseChanged, p, { correlationId: 'c' });
    expect(typeof fine).toBe('function');
  });
});

describe('envelopeOf and causationOf', () => {
  it('builds the envelope with a given id and time', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const envelope = envelopeOf(
      'customs',
      Topics.DocumentReceipt,
      receipt(),
      { correlationId: 'c' },
      {
        id: '00000000-0000-4000-8000-000000000001',
        occurredAt: at,
      },
    );
    expect(envelope.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(envelope.occurredAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('drops an absent causation id', () => {
    expect(causationOf({ correlationId: 'c', causationId: undefined })).toEqual({ correlationId: 'c' });
  });
});
