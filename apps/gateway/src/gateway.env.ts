import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

import { HttpServiceEnv } from '@swx/platform';

export class GatewayEnv extends HttpServiceEnv {
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT = 3000;

  /** HMAC key of the access tokens (HS256). No default: secrets come only from the environment. */
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET!: string;

  @IsInt()
  @Min(60)
  @Max(86_400)
  AUTH_TOKEN_TTL_SECONDS = 900;

  /** The first operator's client credentials, so an operator can register enterprises on a new platform. */
  @Matches(/^[\w.-]{3,64}$/, { message: 'OPERATOR_CLIENT_ID must be 3-64 letters, digits, dots, dashes' })
  OPERATOR_CLIENT_ID = 'operator';

  @IsString()
  @MinLength(16, { message: 'OPERATOR_CLIENT_SECRET must be at least 16 characters' })
  OPERATOR_CLIENT_SECRET!: string;

  /** Key that encrypts stored webhook signing secrets (AES-256-GCM). */
  @IsString()
  @MinLength(32, { message: 'SECRETS_ENCRYPTION_KEY must be at least 32 characters' })
  SECRETS_ENCRYPTION_KEY!: string;

  /**
   * Keys of the person tokens that replace personal data on topics (docs/personal-data.md): `version:secret`
   * pairs, comma-separated, the current key first (secrets at least 32 characters; the gateway refuses to
   * start otherwise). No default.
   */
  @IsString()
  @MinLength(34, {
    message: 'PERSON_TOKEN_KEYS must be version:secret pairs, secrets at least 32 characters',
  })
  PERSON_TOKEN_KEYS!: string;

  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 8;

  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 1000;

  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5000;

  /**
   * Local mode (`npm start` sets it): `POST /v1/demo/*` hands out fresh demo document sets, and the console's
   * Authorize dialog lists the demo clients of DEMO_CREDENTIALS_FILE. Never in production.
   */
  @IsIn(['true', 'false'])
  DEMO_MODE: 'true' | 'false' = 'false';

  /** Local mode: the demo clients' credentials `npm start` keeps (`.run/demo-credentials.json`). */
  @IsString()
  @IsOptional()
  DEMO_CREDENTIALS_FILE?: string;

  /** Events of the external topics kept for `GET /v1/events` and event subscriptions, in days. */
  @IsInt()
  @Min(1)
  @Max(90)
  EVENT_FEED_RETENTION_DAYS = 7;

  /** An open event stream writes a keep-alive comment after this long without events. */
  @IsInt()
  @Min(1000)
  @Max(120_000)
  EVENT_STREAM_HEARTBEAT_MS = 15_000;

  /**
   * Internal webhook targets an operator allows anyway (local demo, tests): comma-separated host names,
   * addresses or CIDR ranges, each optionally with `:port`. Empty: only public addresses.
   */
  @IsString()
  @Matches(/^[\w.:[\]/,\s-]*$/, {
    message: 'WEBHOOK_ALLOWED_TARGETS must be comma-separated host names, addresses or CIDR ranges',
  })
  WEBHOOK_ALLOWED_TARGETS = '';

  /** The Swagger console and `/docs-json`: `auto` serves them except when NODE_ENV is `production`. */
  @IsIn(['auto', 'true', 'false'])
  SWAGGER_ENABLED: 'auto' | 'true' | 'false' = 'auto';

  /** Failed token requests of one client id from one address before it is locked out (then 1 s, 2 s … 15 min). */
  @IsInt()
  @Min(1)
  @Max(1000)
  AUTH_FAILURES_BEFORE_LOCKOUT = 5;

  /** Failed token requests from one source address, whatever the client id, before it is locked out. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  AUTH_IP_FAILURES_BEFORE_LOCKOUT = 30;

  /** How long an `Idempotency-Key` answer is kept for replays. */
  @IsInt()
  @Min(60)
  @Max(30 * 86_400)
  IDEMPOTENCY_TTL_SECONDS = 86_400;

  /** The tax app, which the gateway calls for `/v1/tax/...` on behalf of the authenticated caller. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'TAX_SERVICE_URL must be an http(s) URL' },
  )
  TAX_SERVICE_URL = 'http://127.0.0.1:3002';

  /** The logistics app, which the gateway calls for `/v1/logistics/...` on behalf of the authenticated caller. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'LOGISTICS_SERVICE_URL must be an http(s) URL' },
  )
  LOGISTICS_SERVICE_URL = 'http://127.0.0.1:3004';
  /** The credit app, which the gateway calls for `/v1/credit/...` on behalf of the authenticated caller. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'CREDIT_SERVICE_URL must be an http(s) URL' },
  )
  CREDIT_SERVICE_URL = 'http://127.0.0.1:3005';
  /** The risk app, which the gateway calls for `/v1/risk/...` on behalf of the authenticated caller. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'RISK_SERVICE_URL must be an http(s) URL' },
  )
  RISK_SERVICE_URL = 'http://127.0.0.1:3006';
  /** The statistics app, which the gateway calls for `/v1/statistics/...` on behalf of the authenticated caller. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'STATISTICS_SERVICE_URL must be an http(s) URL' },
  )
  STATISTICS_SERVICE_URL = 'http://127.0.0.1:3007';
  /** The forex app, which the gateway calls for `/v1/forex/...` on behalf of the authenticated caller. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'FOREX_SERVICE_URL must be an http(s) URL' },
  )
  FOREX_SERVICE_URL = 'http://127.0.0.1:3003';

  /** Shared with the tax app: proves an internal call comes from the gateway. */
  @IsString()
  @MinLength(32, { message: 'INTERNAL_API_TOKEN must be at least 32 characters' })
  INTERNAL_API_TOKEN!: string;

  /**
   * XML signatures (docs/ceb-signatures.md): `enforce` refuses a CEB621/623/625/711 without a valid signature and
   * any signature that does not verify; `sandbox` (local mode) accepts absent or unverifiable ones with a warning.
   */
  @IsIn(['enforce', 'sandbox'], { message: 'SIGNATURE_MODE must be enforce or sandbox' })
  SIGNATURE_MODE: 'enforce' | 'sandbox' = 'enforce';

  /** The platform's private key (PKCS#8 PEM, RSA or SM2) that signs XML receipts; absent: one made at start. */
  @IsOptional()
  @IsString()
  PLATFORM_SIGNING_KEY?: string;

  /** The X.509 certificate (PEM) of PLATFORM_SIGNING_KEY, published at `GET /v1/platform/certificate`. */
  @IsOptional()
  @IsString()
  PLATFORM_SIGNING_CERTIFICATE?: string;

  /**
   * RSA private key (PKCS#8 PEM) that signs regulators' Kafka tokens (RS256, SASL/OAUTHBEARER); its public key is
   * served at `/.well-known/jwks.json` and given to the broker. Absent: no Kafka tokens are issued.
   */
  @IsOptional()
  @IsString()
  KAFKA_TOKEN_SIGNING_KEY?: string;

  /** Bootstrap servers of the broker's subscribers' listener, as regulators reach it (told them with their access). */
  @IsOptional()
  @Matches(/^[^\s,]+(,[^\s,]+)*$/, { message: 'KAFKA_SUBSCRIBER_BROKERS must be host:port[,host:port…]' })
  KAFKA_SUBSCRIBER_BROKERS?: string;
}
