import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';

import { Authenticated, type TokenTimes } from '../auth/auth.guard';
import { ClientRevocationService } from '../auth/client-revocation.service';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { GatewayEnv } from '../gateway.env';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { negotiate } from '../receipts/content-negotiation';
import { FEED_START, type FeedPosition } from '../receipts/feed-cursor';
import { type EventAudience, eventAudienceOf, parseTopicList } from './event-audience';
import { EventNotifier } from './event-notifier';
import { decodeEventCursor, EventQueries } from './event-queries';
import { EventSubscriptions, MAX_EVENT_SUBSCRIPTIONS_PER_CLIENT } from './event-subscriptions';
import {
  CreatedEventSubscriptionResponse,
  CreateEventSubscriptionRequest,
  EventPageResponse,
  EventStreamQuery,
  EventSubscriptionListResponse,
  EventSubscriptionResponse,
} from './event.dto';

/** Events per query while a stream catches up. */
const STREAM_PAGE = 200;
/** After a notification shows nothing yet (an older transaction still running), look again this often … */
const RECHECK_MS = 250;
/** … for this long. */
const RECHECK_WINDOW_MS = 3_000;

interface StreamReply {
  hijack(): void;
  raw: ServerResponse;
}

const PUSH_CONTRACT =
  'Each push is a POST of `{subscriptionId, events: [...], nextCursor}` (at most 100 events, in feed order, ' +
  'the fields of `GET /v1/events`) signed like receipt webhooks: `X-SWX-Timestamp`, `X-SWX-Signature: v1=<hex ' +
  'HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, `X-SWX-Event: events`, `X-SWX-Delivery-Id` (the same for ' +
  'a retried page). A 2xx acknowledges the page and the next one follows; anything else is retried with ' +
  'exponential backoff (WEBHOOK_RETRY_BASE_MS × 2^(n−1), at most a day apart) without skipping: events are ' +
  'pushed in order, at least once. Events older than EVENT_FEED_RETENTION_DAYS are no longer kept.';

@ApiTags('events')
@Controller({ version: '1' })
export class EventsController {
  constructor(
    private readonly queries: EventQueries,
    private readonly notifier: EventNotifier,
    private readonly subscriptions: EventSubscriptions,
    private readonly revocation: ClientRevocationService,
    private readonly env: GatewayEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(EventsController.name);
  }

  @Get('events')
  @Authenticated(Scopes.RegulatorRead, Scopes.ForexBank)
  @ApiOperation({
    summary: 'Follow event topics without Kafka (server-sent events, or JSON pages)',
    description:
      'The messages of the external topics your agency is entitled to (the per-agency table of the AsyncAPI ' +
      'document, the same the broker grants), as the topics carry them: person fields are person tokens with ' +
      'masked values, never in clear. With `Accept: text/event-stream`: a server-sent-events stream, one SSE ' +
      'event per message (`id:` its cursor, `event:` its message type, `data:` the JSON of the event), a ' +
      '`: keep-alive` comment every EVENT_STREAM_HEARTBEAT_MS, new events within moments of their commit; the ' +
      'stream ends with an `event: reauthenticate` when the access token expires (or is revoked): reconnect ' +
      'with a new token and `Last-Event-ID` = the last `id` received, and the stream resumes exactly after it. ' +
      'Otherwise a JSON page (`events`, `nextCursor`, `hasMore`): poll with `after` = `nextCursor`. Order: the ' +
      'order in which the platform recorded the events; every event of your topics once per cursor. For push ' +
      'instead, subscribe an endpoint (`POST /v1/event-subscriptions`). Banks (scope forex:bank) follow the ' +
      'forex transaction e-information and settlements of the enterprises that named them, nothing else.',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume a stream after this event (its `id`/`cursor`); wins over `after`',
  })
  @ApiOkResponse({ type: EventPageResponse })
  @ApiBadRequestResponse({
    description: 'An unknown topic name, a cursor this feed did not issue, a bad limit',
  })
  @ApiForbiddenResponse({
    description: 'Not a regulator or bank, or a topic outside your entitlement (named)',
  })
  async events(
    @Query() query: EventStreamQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: { token?: TokenTimes },
    @Res({ passthrough: true }) reply: StreamReply,
  ): Promise<EventPageResponse | undefined> {
    const audience = eventAudienceOf(principal, parseTopicList(query.topics));
    const start = await this.startOf(lastEventId, query);
    if (negotiate(accept, ['application/json', 'text/event-stream']) !== 'text/event-stream') {
      return this.queries.page(audience, start, query.limit);
    }
    reply.hijack();
    void this.stream(reply.raw, audience, start, principal, request.token);
    return undefined;
  }

  private async startOf(lastEventId: string | undefined, query: EventStreamQuery): Promise<FeedPosition> {
    if (lastEventId) return decodeEventCursor(lastEventId, 'Last-Event-ID');
    if (query.after) return decodeEventCursor(query.after);
    return query.from === 'now' ? this.queries.end() : FEED_START;
  }

  /** Writes the stream until the client goes, the token expires or is revoked, or the instance stops. */
  private async stream(
    raw: ServerResponse,
    audience: EventAudience,
    start: FeedPosition,
    principal: Principal,
    token: TokenTimes | undefined,
  ): Promise<void> {
    const closed = new AbortController();
    raw.on('close', () => closed.abort());
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    const write = async (chunk: string): Promise<void> => {
      if (!raw.write(chunk)) {
        await new Promise<void>((resolve) => {
          raw.once('drain', resolve);
          closed.signal.addEventListener('abort', () => resolve(), { once: true });
        });
      }
    };
    const expiresAtMs = (token?.expiresAt ?? Date.now() / 1000 + 900) * 1000;
    let position = start;
    let recheckUntil = 0;
    try {
      await write('retry: 2000\n\n');
      while (!closed.signal.aborted) {
        if (Date.now() >= expiresAtMs) {
          await write('event: reauthenticate\ndata: {"reason":"the access token expired"}\n\n');
          break;
        }
        const page = await this.queries.page(audience, position, STREAM_PAGE);
        for (const event of page.events) {
          await write(`id: ${event.cursor}\nevent: ${event.messageType}\ndata: ${JSON.stringify(event)}\n\n`);
        }
        position = decodeEventCursor(page.nextCursor);
        if (page.hasMore) continue;
        const now = Date.now();
        const wait =
          now < recheckUntil
            ? RECHECK_MS
            : Math.min(this.env.EVENT_STREAM_HEARTBEAT_MS, Math.max(0, expiresAtMs - now));
        const notified = await this.notifier.next(wait, closed.signal);
        if (notified) {
          recheckUntil = Date.now() + RECHECK_WINDOW_MS;
        } else if (!closed.signal.aborted && Date.now() >= recheckUntil) {
          if (token && (await this.revocation.isRevoked(principal.clientId, token.issuedAt))) {
            await write('event: reauthenticate\ndata: {"reason":"the access token was revoked"}\n\n');
            break;
          }
          await write(': keep-alive\n\n');
        }
      }
    } catch (e) {
      this.logger.warn({ err: e, clientId: principal.clientId }, 'event stream ended by an error');
      if (!closed.signal.aborted)
        raw.write('event: error\ndata: {"reason":"the stream failed; reconnect with Last-Event-ID"}\n\n');
    } finally {
      raw.end();
    }
  }

  @Post('event-subscriptions')
  @Authenticated(Scopes.RegulatorRead, Scopes.ForexBank)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Push event topics to an endpoint (event webhooks)',
    description:
      `For regulator systems that neither hold a Kafka consumer nor a stream open: the events of the topics ` +
      `(your agency's table; absent: all of them) are pushed to your endpoint. Answers the signing secret, ` +
      `shown only here. At most ${MAX_EVENT_SUBSCRIPTIONS_PER_CLIENT} subscriptions per client. ${PUSH_CONTRACT}`,
  })
  @ApiCreatedResponse({ type: CreatedEventSubscriptionResponse })
  @ApiBadRequestResponse({ description: 'Not an http(s) URL, a refused address, an unknown topic' })
  @ApiForbiddenResponse({ description: 'Not a regulator, or a topic outside your agency’s table' })
  @ApiConflictResponse({
    description: `The client already has ${MAX_EVENT_SUBSCRIPTIONS_PER_CLIENT} subscriptions`,
  })
  create(
    @Body() request: CreateEventSubscriptionRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedEventSubscriptionResponse> {
    return this.subscriptions.create(principal, request);
  }

  @Get('event-subscriptions')
  @Authenticated(Scopes.RegulatorRead, Scopes.ForexBank)
  @ApiOperation({
    summary: 'Your event subscriptions and how their pushes go',
    description:
      'Each with its cursor (after the last acknowledged event), events delivered, failures in a row, the last ' +
      'attempt and error, and the next attempt (null while waiting for events).',
  })
  @ApiOkResponse({ type: EventSubscriptionListResponse })
  async list(@CurrentPrincipal() principal: Principal): Promise<EventSubscriptionListResponse> {
    return { subscriptions: await this.subscriptions.list(principal.clientId) };
  }

  @Get('event-subscriptions/:id')
  @Authenticated(Scopes.RegulatorRead, Scopes.ForexBank)
  @ApiOperation({ summary: 'One of your event subscriptions' })
  @ApiOkResponse({ type: EventSubscriptionResponse })
  @ApiNotFoundResponse({ description: 'No such subscription of this client' })
  async get(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EventSubscriptionResponse> {
    const found = await this.subscriptions.get(principal.clientId, id);
    if (!found) throw new NotFoundException(`No event subscription ${id} for this client`);
    return found;
  }

  @Delete('event-subscriptions/:id')
  @Authenticated(Scopes.RegulatorRead, Scopes.ForexBank)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop pushing to an endpoint' })
  @ApiNoContentResponse({ description: 'Deleted: no further push starts' })
  @ApiNotFoundResponse({ description: 'No such subscription of this client' })
  async remove(
    @Param('id', new UuidParamPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    if (!(await this.subscriptions.remove(principal.clientId, id))) {
      throw new NotFoundException(`No event subscription ${id} for this client`);
    }
  }
}
