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
import {
  actOnForeign,
  alreadyDeclaredMessage,
  changeOfForeign,
  DeclaredVersion,
  isForeign,
  TARGET_OF,
} from './ownership';
import type { TransmitterGrant } from './transmission';
import { PersonTokeniser } from '../personal-data/person-tokeniser';

export interface IntakeRequest {
  type: IntakeDocumentType;
  /** Validated document instances, in message order. */
  documents: object[];
  /** The party each document is declared for (its declarer when new), in message order. */
  parties: string[];
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
  /** Rules the standard does not state that the document breaks: accepted all the same (docs/ceb-rules.md). */
  warnings?: { path: string; rule: string; message: string }[];
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
  declarer_code: string | null;
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
    private readonly tokeniser: PersonTokeniser,
  ) {}

  /** The authorisations to transmit granted to an enterprise (revoked ones left out, expired ones kept). */
  async grantsTo(transmitterCode: string): Promise<TransmitterGrant[]> {
    const rows: {
      party_code: string;
      message_types: string[];
      valid_until: Date;
      status: string;
      roles: string[];
    }[] = await this.dataSource.query(
      `SELECT a.party_code, a.message_types, a.valid_until, e.status, e.roles
         FROM "gateway"."transmitter_authorisation" a
         JOIN "gateway"."enterprise" e ON e.customs_code = a.party_code
        WHERE a.transmitter_code = $1 AND a.revoked_at IS NULL`,
      [transmitterCode],
    );
    return rows.map((r) => ({
      partyCode: r.party_code,
      messageTypes: r.message_types,
      validUntil: new Date(r.valid_until),
      partyActive: r.status === 'active',
      partyRoles: r.roles as TransmitterGrant['partyRoles'],
    }));
  }

  /** Which of these codes (customs or credit codes) are registered in the platform role, whatever the status. */
  async registeredPlatforms(codes: string[]): Promise<Set<string>> {
    const rows: { customs_code: string; credit_code: string | null }[] = await this.dataSource.query(
      `SELECT customs_code, credit_code FROM "gateway"."enterprise"
        WHERE (customs_code = ANY($1) OR credit_code = ANY($1)) AND 'ebp' = ANY(roles)`,
      [[...new Set(codes)]],
    );
    return new Set(rows.flatMap((r) => [r.customs_code, ...(r.credit_code ? [r.credit_code] : [])]));
  }

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
      `SELECT identity, app_type, app_time, content_hash, message_id::text, declarer_code
         FROM "gateway"."document_version" WHERE document_type = $1 AND identity = ANY($2)`,
      [type, identities],
    );
    const latest = new Map(stored.map((v) => [v.identity, v]));
    // A cancel or a return acts on a list: its declarer must be the party (the list's own versions are locked by
    // its own intake; a declarer never changes once stored, so reading it unlocked is enough).
    const targetOf = TARGET_OF[type];
    const targets = targetOf ? request.documents.map((d) => targetOf(d)) : [];
    const targetVersions = new Map<string, DeclaredVersion>();
    if (targets.length > 0) {
      const rows: { document_type: string; identity: string; declarer_code: string | null }[] =
        await manager.query(
          `SELECT document_type, identity, declarer_code FROM "gateway"."document_version"
            WHERE (document_type, identity) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
          [targets.map((t) => t.messageType), targets.map((t) => t.identity)],
        );
      for (const r of rows) targetVersions.set(`${r.document_type}:${r.identity}`, r);
    }
    const forbidden: FieldError[] = [];

    const outcomes: DocumentOutcome[] = [];
    const conflicts: FieldError[] = [];
    const accepted: MessageLogEntry[] = [];
    const submissionId = randomUUID();
    const declarers = new Map<string, string>();
    request.documents.forEach((document, position) => {
      const identity = identities[position];
      const party = request.parties[position];
      const hash = contentHash(document);
      const current = latest.get(identity);
      const { appType, appTime } = descriptor.versionOf(document);
      const head = `${prefix(position)}${descriptor.headElement}`;
      const ownership = changeOfForeign(current, party, appType, head, identity);
      if (ownership) {
        forbidden.push(ownership);
        return;
      }
      const target = targets[position];
      const actsOnForeign =
        target &&
        actOnForeign(
          type,
          target,
          targetVersions.get(`${target.messageType}:${target.identity}`),
          party,
          head,
        );
      if (actsOnForeign) {
        forbidden.push(actsOnForeign);
        return;
      }
      if (current && current.content_hash === hash && !isForeign(current, party)) {
        outcomes.push({ position, messageId: current.message_id, identity, status: 'replayed' });
        return;
      }
      if (!appType || appType === '1') {
        if (current) {
          conflicts.push({
            path: `${head}.appType`,
            rule: 'appType.alreadyDeclared',
            message: alreadyDeclaredMessage(current, party, identity),
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
        senderCode: party,
        transmitterCode: request.principal.enterpriseCode!,
        identity,
        orderKey: descriptor.keyOf(document),
        appType: appType ?? null,
        appTime: appTime ?? null,
        contentHash: hash,
        document: instanceToPlain(document),
        correlationId: request.correlationId,
        receivedAt,
      };
      declarers.set(messageId, current?.declarer_code ?? party);
      latest.set(identity, {
        identity,
        app_type: appType ?? null,
        app_time: appTime ?? null,
        content_hash: hash,
        message_id: messageId,
        // The declarer of the original stays; a first version makes its party the declarer.
        declarer_code: declarers.get(messageId)!,
      });
      accepted.push(entry);
      outcomes.push({ position, messageId, identity, status: 'accepted' });
    });

    if (forbidden.length > 0) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'Only the enterprise that declared a document (or a transmitter it authorised) changes, deletes, cancels or returns it; nothing was stored',
        forbidden,
      );
    }
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
           app_type varchar(1), app_time varchar(14), content_hash char(64), document jsonb, sender_code varchar(18),
           declarer_code varchar(18))
       ), logged AS (
         INSERT INTO "gateway"."message_log" (id, submission_id, position, document_type, sender_code, identity,
           order_key, app_type, app_time, content_hash, document, correlation_id, received_at, transmitter_code)
         SELECT id, $1, position, $2, sender_code, identity, order_key, app_type, app_time, content_hash, document,
           $8, $9, $3
           FROM documents
       )
       INSERT INTO "gateway"."document_version"
         (document_type, identity, app_type, app_time, content_hash, message_id, declarer_code)
       SELECT $2, identity, app_type, app_time, content_hash, id, declarer_code FROM documents WHERE id = ANY($11::uuid[])
       ON CONFLICT (document_type, identity) DO UPDATE SET app_type = EXCLUDED.app_type, app_time = EXCLUDED.app_time,
         content_hash = EXCLUDED.content_hash, message_id = EXCLUDED.message_id, updated_at = now(),
         declarer_code = COALESCE("document_version".declarer_code, EXCLUDED.declarer_code)`,
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
            sender_code: e.senderCode,
            declarer_code: declarers.get(e.id),
          })),
        ),
        lastOfIdentity,
      ],
    );
    const receivedIso = receivedAt.toISOString();
    await this.publisher.publishAll(
      manager,
      topic,
      // Topics carry no personal data in clear: person fields become token lists, with masked values beside
      // them (docs/personal-data.md); the message log keeps the clear document.
      accepted.map((entry): DocumentAccepted<object> => {
        const base = {
          messageId: entry.id,
          messageType: type,
          senderCode: entry.senderCode,
          receivedAt: receivedIso,
        };
        if (descriptor.personFields.length === 0) return { ...base, document: entry.document };
        return { ...base, ...this.tokeniser.tokeniseDocument(descriptor, entry.document) };
      }),
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
