import { createHash, randomUUID } from 'node:crypto';

import { HttpStatus, Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { DataSource, EntityManager } from 'typeorm';

import { DocumentAccepted } from '@swx/contracts';
import { EventPublisher, OutboxService } from '@swx/messaging';
import { FieldError, ProblemException } from '@swx/platform';

import type { Principal } from '../auth/principal';
import type { IntakeDocumentType } from './document-types';
import { MessageLogEntry, Submission } from './message-log.entity';

export interface IntakeRequest {
  type: IntakeDocumentType;
  /** Validated document instances, in message order. */
  documents: object[];
  /** Whether the sender sent a batch (array or XML message) rather than one JSON document. */
  batch: boolean;
  rawBody: string;
  contentType: string;
  principal: Principal;
  correlationId: string;
}

export interface DocumentOutcome {
  position: number;
  messageId: string;
  identity: string;
  /** `accepted`: stored and published now; `replayed`: identical to what was accepted before (nothing emitted). */
  status: 'accepted' | 'replayed';
}

export interface IntakeResult {
  /** The submission that stored this request; absent when every document was a replay. */
  submissionId?: string;
  correlationId: string;
  receivedAt: string;
  documents: DocumentOutcome[];
}

interface StoredVersion {
  identity: string;
  app_type: string | null;
  app_time: string | null;
  content_hash: string;
  message_id: string;
}

/** Hash of a document's content, independent of key order: identical replays are recognised by it. */
export function contentHash(document: object): string {
  return createHash('sha256')
    .update(canonicalJson(instanceToPlain(document)))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Accepts validated documents of one type in one transaction: each document's version is checked against the
 * latest accepted version of the same business document (`appType` 1 new, 2 change, 3 delete, ordered by
 * `appTime`); identical replays return the original acceptance and emit nothing; accepted documents go into
 * the message log with their submission (raw body as received) and their events into the outbox, keyed by
 * order number. Any stale or conflicting document refuses the whole message (409), nothing stored.
 */
@Injectable()
export class AcceptDocuments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly publisher: EventPublisher,
  ) {}

  async execute(request: IntakeRequest): Promise<IntakeResult> {
    const receivedAt = new Date();
    const result = await this.dataSource.transaction((manager) => this.accept(manager, request, receivedAt));
    if (result.submissionId) this.outbox.committed();
    return result;
  }

  private async accept(
    manager: EntityManager,
    request: IntakeRequest,
    receivedAt: Date,
  ): Promise<IntakeResult> {
    const { descriptor, topic } = request.type;
    const type = descriptor.messageType;
    const prefix = (i: number) => (request.batch ? `[${i}].` : '');
    const identities = request.documents.map((d) => descriptor.identityOf(d));

    // Serialises concurrent submissions of the same business documents (sorted: no deadlocks).
    for (const identity of [...new Set(identities)].sort()) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${type}:${identity}`]);
    }
    const stored: StoredVersion[] = await manager.query(
      `SELECT identity, app_type, app_time, content_hash, message_id::text
         FROM "gateway"."document_version" WHERE document_type = $1 AND identity = ANY($2)`,
      [type, identities],
    );
    const latest = new Map(stored.map((v) => [v.identity, v]));

    const outcomes: DocumentOutcome[] = [];
    const conflicts: FieldError[] = [];
    const accepted: MessageLogEntry[] = [];
    const submissionId = randomUUID();
    request.documents.forEach((document, position) => {
      const identity = identities[position];
      const hash = contentHash(document);
      const current = latest.get(identity);
      if (current && current.content_hash === hash) {
        outcomes.push({ position, messageId: current.message_id, identity, status: 'replayed' });
        return;
      }
      const { appType, appTime } = descriptor.versionOf(document);
      const head = `${prefix(position)}${descriptor.headElement}`;
      if (!appType || appType === '1') {
        if (current) {
          conflicts.push({
            path: `${head}.appType`,
            rule: 'appType.alreadyDeclared',
            message: `${identity} was already declared (message ${current.message_id}); send appType 2 to change it`,
          });
          return;
        }
      } else if (!current) {
        conflicts.push({
          path: `${head}.appType`,
          rule: 'appType.notDeclared',
          message: `appType ${appType} changes or deletes ${identity}, which was never declared`,
        });
        return;
      } else if (current.app_time && appTime && appTime <= current.app_time) {
        conflicts.push({
          path: `${head}.appTime`,
          rule: 'appTime.notNewer',
          message: `appTime ${appTime} is not newer than the stored version's ${current.app_time}: old message, not processed`,
        });
        return;
      }
      const messageId = randomUUID();
      const entry: MessageLogEntry = {
        id: messageId,
        submissionId,
        position,
        documentType: type,
        senderCode: request.principal.enterpriseCode!,
        identity,
        orderKey: descriptor.keyOf(document),
        appType: appType ?? null,
        appTime: appTime ?? null,
        contentHash: hash,
        document: instanceToPlain(document),
        correlationId: request.correlationId,
        receivedAt,
      };
      latest.set(identity, {
        identity,
        app_type: appType ?? null,
        app_time: appTime ?? null,
        content_hash: hash,
        message_id: messageId,
      });
      accepted.push(entry);
      outcomes.push({ position, messageId, identity, status: 'accepted' });
    });

    if (conflicts.length > 0) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'The message conflicts with documents accepted before; nothing was stored',
        conflicts,
      );
    }
    if (accepted.length === 0) {
      return {
        correlationId: request.correlationId,
        receivedAt: receivedAt.toISOString(),
        documents: outcomes,
      };
    }

    await manager.insert(Submission, {
      id: submissionId,
      messageType: type,
      senderCode: request.principal.enterpriseCode!,
      clientId: request.principal.clientId,
      contentType: request.contentType,
      rawBody: request.rawBody,
      documentCount: request.documents.length,
      correlationId: request.correlationId,
      receivedAt,
    });
    await manager.insert(MessageLogEntry, accepted);
    for (const entry of accepted) {
      await manager.query(
        `INSERT INTO "gateway"."document_version" (document_type, identity, app_type, app_time, content_hash, message_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (document_type, identity) DO UPDATE SET app_type = EXCLUDED.app_type, app_time = EXCLUDED.app_time,
           content_hash = EXCLUDED.content_hash, message_id = EXCLUDED.message_id, updated_at = now()`,
        [type, entry.identity, entry.appType, entry.appTime, entry.contentHash, entry.id],
      );
      const payload: DocumentAccepted<object> = {
        messageId: entry.id,
        messageType: type,
        senderCode: entry.senderCode,
        receivedAt: receivedAt.toISOString(),
        document: entry.document,
      };
      await this.publisher.publish(manager, topic, payload, { correlationId: request.correlationId });
    }
    return {
      submissionId,
      correlationId: request.correlationId,
      receivedAt: receivedAt.toISOString(),
      documents: outcomes,
    };
  }
}
