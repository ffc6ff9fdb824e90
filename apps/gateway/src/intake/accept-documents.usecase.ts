import { createHash, randomUUID } from 'node:crypto';

import { HttpStatus, Injectable } from '@nestjs/common';
import { instanceToPlain } from 'class-transformer';
import { DataSource, EntityManager } from 'typeorm';

import { DocumentAccepted } from '@swx/contracts';
import { EventPublisher } from '@swx/messaging';
import { FieldError, ProblemException } from '@swx/platform';

import type { Principal } from '../auth/principal';
import type { IntakeDocumentType } from './document-types';
import {
  answerIdempotencyKey,
  claimIdempotencyKey,
  IdempotencyClaim,
} from '../idempotency/idempotent-intake';
import { MessageLogEntry } from './message-log.entity';

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
  /** An `Idempotency-Key` to claim first and answer last, in the intake's own transaction. */
  idempotency?: IdempotencyClaim;
  /** The HTTP answer (202) a result gives, kept under the idempotency key for replays. */
  respond?: (result: IntakeResult) => unknown;
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
    private readonly publisher: EventPublisher,
  ) {}

  async execute(request: IntakeRequest): Promise<IntakeResult> {
    const receivedAt = new Date();
    return this.dataSource.transaction(async (manager) => {
      const { idempotency } = request;
      if (idempotency) await claimIdempotencyKey(manager, idempotency);
      const result = await this.accept(manager, request, receivedAt);
      if (idempotency) {
        await answerIdempotencyKey(
          manager,
          idempotency,
          HttpStatus.ACCEPTED,
          request.respond?.(result) ?? result,
        );
      }
      return result;
    });
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

    // Serialises concurrent submissions of the same business documents, in one statement: the keys are sorted,
    // and unnest takes them in array order, so two requests always lock in the same order (no deadlocks).
    const lockKeys = [...new Set(identities)].sort().map((identity) => `${type}:${identity}`);
    await manager.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k', [lockKeys]);
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

    // The submission, its documents and their latest versions: one statement, whatever the document count.
    // document_version gets the last accepted version of each identity (a batch may change what it declares).
    const lastOfIdentity = [...new Map(accepted.map((e) => [e.identity, e.id])).values()];
    await manager.query(
      `WITH submission AS (
         INSERT INTO "gateway"."submission"
           (id, message_type, sender_code, client_id, content_type, raw_body, document_count, correlation_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ), documents AS (
         SELECT * FROM jsonb_to_recordset($10::jsonb) AS d(id uuid, position int, identity text, order_key text,
           app_type varchar(1), app_time varchar(14), content_hash char(64), document jsonb)
       ), logged AS (
         INSERT INTO "gateway"."message_log" (id, submission_id, position, document_type, sender_code, identity,
           order_key, app_type, app_time, content_hash, document, correlation_id, received_at)
         SELECT id, $1, position, $2, $3, identity, order_key, app_type, app_time, content_hash, document, $8, $9
           FROM documents
       )
       INSERT INTO "gateway"."document_version" (document_type, identity, app_type, app_time, content_hash, message_id)
       SELECT $2, identity, app_type, app_time, content_hash, id FROM documents WHERE id = ANY($11::uuid[])
       ON CONFLICT (document_type, identity) DO UPDATE SET app_type = EXCLUDED.app_type, app_time = EXCLUDED.app_time,
         content_hash = EXCLUDED.content_hash, message_id = EXCLUDED.message_id, updated_at = now()`,
      [
        submissionId,
        type,
        request.principal.enterpriseCode!,
        request.principal.clientId,
        request.contentType,
        request.rawBody,
        request.documents.length,
        request.correlationId,
        receivedAt,
        JSON.stringify(
          accepted.map((e) => ({
            id: e.id,
            position: e.position,
            identity: e.identity,
            order_key: e.orderKey,
            app_type: e.appType,
            app_time: e.appTime,
            content_hash: e.contentHash,
            document: e.document,
          })),
        ),
        lastOfIdentity,
      ],
    );
    const receivedIso = receivedAt.toISOString();
    await this.publisher.publishAll(
      manager,
      topic,
      accepted.map((entry): DocumentAccepted<object> => ({
        messageId: entry.id,
        messageType: type,
        senderCode: entry.senderCode,
        receivedAt: receivedIso,
        document: entry.document,
      })),
      { correlationId: request.correlationId },
    );
    return {
      submissionId,
      correlationId: request.correlationId,
      receivedAt: receivedAt.toISOString(),
      documents: outcomes,
    };
  }
}
