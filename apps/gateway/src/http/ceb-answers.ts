import { randomUUID } from 'node:crypto';

import { CallHandler, ExecutionContext, Injectable, NestInterceptor, Optional } from '@nestjs/common';
import { map, Observable } from 'rxjs';

import {
  buildReceiptXml,
  cebReturnTime,
  parseCebXml,
  receiptRootFor,
  withoutNonXmlCharacters,
} from '@swx/contracts';
import type { FieldError, ProblemRenderer } from '@swx/platform';

import { negotiate } from '../receipts/content-negotiation';
import { documentKeysOf } from '../receipts/document-keys';
import type { IntakeResponseDto } from '../intake/intake.dto';
import { isXml } from '../intake/xml-body';
import { PlatformSigner } from '../signatures/platform-signer';

/**
 * Answers the CEB way. A client that speaks CEB XML (it sent an XML body, or its Accept prefers
 * `application/xml`) gets its format errors as a `CEB900Message` (报文格式校验回执, with the HTTP status it had:
 * 400); one whose Accept prefers `application/xml` also gets its acceptance (202) as the declaration's own
 * receipt message (CEB311 → `CEB312Message`, returnStatus 2 电子口岸申报中, one entry per document). JSON
 * clients keep problem+json and the JSON answer. An explicit Accept wins over the body's type.
 */

export const XML_MEDIA_TYPE = 'application/xml';
const OFFERED = [XML_MEDIA_TYPE, 'application/problem+json', 'application/json'] as const;

interface RequestLike {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  rawBody?: Buffer;
}

const header = (request: RequestLike, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/**
 * Whether to answer in CEB XML. An Accept header that prefers `application/xml` says so. Without a preference
 * (no Accept, or `*\/*`), errors follow the body (an XML message gets a CEB900Message), while an acceptance
 * stays the JSON answer (it carries the message ids); `explicitOnly` asks for that second reading.
 */
export function wantsCebXml(request: RequestLike, explicitOnly = false): boolean {
  const accept = header(request, 'accept')?.trim();
  const sentXml = isXml(header(request, 'content-type') ?? '');
  if (!accept || /^\*\/\*(\s*;.*)?$/.test(accept)) return sentXml && !explicitOnly;
  const choice = negotiate(accept, sentXml ? OFFERED : ([...OFFERED.slice(1), XML_MEDIA_TYPE] as const));
  return choice === XML_MEDIA_TYPE;
}

/** Published DXP error codes (REFERENCE §2, PDF table 7-1) that a format error maps to, in `returnInfo`. */
function dxpCodeOf(errors: FieldError[]): { code: string; desc: string } {
  const rules = new Set(errors.map((e) => e.rule));
  if ([...rules].some((r) => r === 'xml' || r.startsWith('encoding.') || r === 'text.noNul'))
    return { code: '0001', desc: '报文格式错误' };
  if (rules.has('xsd')) return { code: '0002', desc: 'schema 验证不通过' };
  if ([...rules].some((r) => r.startsWith('signature.'))) return { code: '1001', desc: '数字签名无效' };
  return { code: '0999', desc: '其他格式错误' };
}

const RETURN_INFO_MAX = 5000;

function originalOf(request: RequestLike): { text: string; root: string; guid: string } {
  const text = typeof request.body === 'string' ? request.body : '';
  const root = /<(?:[\w.-]+:)?(CEB\d{3}Message)[\s>]/.exec(text)?.[1] ?? 'Unknown';
  const guid =
    /<(?:[\w.-]+:)?CEB\d{3}Message\b[^>]*?\sguid\s*=\s*["']([^"']{1,255})["']/.exec(text)?.[1] ?? '';
  return { text: withoutNonXmlCharacters(text), root, guid: withoutNonXmlCharacters(guid) };
}

/** The CEB900Message answering a refused message (400). */
export function ceb900Of(problem: Record<string, unknown>, request: RequestLike): string {
  const errors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
  const { code, desc } = dxpCodeOf(errors);
  const located = errors.map((e) => {
    const where = e.line ? `line ${e.line}${e.column ? `, column ${e.column}` : ''}, ${e.path}` : e.path;
    return `${where}: ${e.message} (${e.rule})`;
  });
  const info = withoutNonXmlCharacters(
    `[Code:${code};Desc:${desc}] ${[String(problem.detail ?? ''), ...located].join('; ')}`,
  );
  const original = originalOf(request);
  return buildReceiptXml('CEB900Message', [
    {
      guid: randomUUID().toUpperCase(),
      returnStatus: '-1',
      returnInfo: info.length > RETURN_INFO_MAX ? `${info.slice(0, RETURN_INFO_MAX - 1)}…` : info,
      returnTime: cebReturnTime(),
      oriCopMsgId: original.guid,
      oriMessageType: original.root,
      oriBizMessage: original.text,
    },
  ]);
}

/** The gateway's problem renderer: CEB900 for CEB XML clients' 400s, problem+json for everything else. */
export const cebProblemRenderer: ProblemRenderer = (problem, request) => {
  const req = request as RequestLike;
  if (problem.status !== 400 || req.method !== 'POST' || !wantsCebXml(req)) return undefined;
  return { contentType: `${XML_MEDIA_TYPE}; charset=utf-8`, body: ceb900Of(problem, req) };
};

/**
 * The acceptance of an XML message as the declaration's receipt message: per document its return keys (guid,
 * ebpCode, orderNo ...), returnStatus 2 (电子口岸申报中) and a returnInfo holding the message id under which its
 * receipts are read. Undefined when the standard has no receipt for the type or the body cannot be read back.
 */
export function acceptanceXmlOf(answer: IntakeResponseDto, request: RequestLike): string | undefined {
  if (typeof request.body !== 'string') return undefined;
  let root: ReturnType<typeof receiptRootFor>;
  let documents: unknown[];
  try {
    const message = parseCebXml(request.body);
    root = receiptRootFor(message.rootElement);
    documents = message.documents;
  } catch {
    return undefined;
  }
  const returnTime = cebReturnTime(new Date(answer.receivedAt));
  const entries = answer.documents.map((outcome) => {
    const keys: Record<string, string | undefined> = {
      ...documentKeysOf(documents[outcome.position]),
      returnStatus: '2',
      returnTime,
      returnInfo:
        `[Code:2;Desc:电子口岸申报中] ${outcome.status === 'replayed' ? 'replayed: already accepted as' : 'accepted as'} ` +
        `message ${outcome.messageId}; receipts at ${outcome.receipts}` +
        (outcome.warnings?.length
          ? `; warnings: ${outcome.warnings.map((w) => `${w.path}: ${w.message} (${w.rule})`).join('; ')}`
          : ''),
    };
    const entry: Record<string, string> = {};
    for (const field of root.fields) if (typeof keys[field] === 'string') entry[field] = keys[field];
    return entry;
  });
  try {
    return buildReceiptXml(root.root, entries);
  } catch {
    return undefined;
  }
}

interface ReplyLike {
  header(name: string, value: string): ReplyLike;
}

/**
 * Turns an intake's JSON answer into the receipt message for CEB XML clients (replays included), signed with the
 * platform's key like every XML receipt (docs/ceb-signatures.md).
 */
@Injectable()
export class CebXmlAnswerInterceptor implements NestInterceptor {
  constructor(@Optional() private readonly signer?: PlatformSigner) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestLike>();
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    if (!wantsCebXml(request, true)) return next.handle();
    return next.handle().pipe(
      map((answer: unknown) => {
        const xml =
          answer && typeof answer === 'object'
            ? acceptanceXmlOf(answer as IntakeResponseDto, request)
            : undefined;
        if (xml === undefined) return answer;
        reply.header('content-type', `${XML_MEDIA_TYPE}; charset=utf-8`);
        return this.signer ? this.signer.sign(xml) : xml;
      }),
    );
  }
}
