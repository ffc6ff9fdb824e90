#!/usr/bin/env node
'use strict';
/*
 * Local single-node Apache Kafka broker (KRaft mode) for development and tests.
 *
 * The broker jars are fetched from Maven Central with `mvn` (no Docker, no tarball
 * download) into <repo>/.cache/kafka/<version>/libs and reused afterwards.
 *
 *   node scripts/kafka.js fetch    download the jars (only when not cached yet)
 *   node scripts/kafka.js start    fetch + format + start detached, wait until ready
 *   node scripts/kafka.js ensure   alias of start (used by other scripts)
 *   node scripts/kafka.js stop     SIGTERM (SIGKILL after 60 s), remove the pid file
 *   node scripts/kafka.js status   exit 0 when running, 3 when not
 *   node scripts/kafka.js brokers  print the bootstrap servers string
 *   node scripts/kafka.js oauth-keys [dir]
 *                                  make the Kafka token signing key pair once (default .cache/kafka-oauth):
 *                                  signing-key.pem (the gateway's KAFKA_TOKEN_SIGNING_KEY) and jwks.json
 *                                  (the broker's sasl.oauthbearer.jwks.endpoint.url); prints their paths
 *
 * Two client listeners: PLAINTEXT on KAFKA_PORT for the platform's own services (super user: the broker's
 * ACL authorizer lets them do anything), and EXTERNAL on KAFKA_EXTERNAL_PORT for regulator subscribers, who
 * authenticate with a token from the gateway (SASL/OAUTHBEARER, RS256, audience single-window-kafka) and
 * read only what the ACLs the gateway grants them allow (StandardAuthorizer, no ACL: denied).
 *
 * Environment:
 *   KAFKA_BROKERS             use an external cluster: start/ensure/stop do nothing
 *   KAFKA_VERSION             Kafka version from Maven Central (default 4.3.1)
 *   KAFKA_PORT                client port (default 9092)
 *   KAFKA_CONTROLLER_PORT     KRaft controller port (default KAFKA_PORT + 1)
 *   KAFKA_EXTERNAL_PORT       listener for outside subscribers: SASL_PLAINTEXT with OAUTHBEARER tokens
 *                             the gateway signs, checked by Kafka's JWT validator (default KAFKA_PORT + 2)
 *   KAFKA_HEAP                JVM max heap (default 512m)
 *   KAFKA_START_TIMEOUT_MS    readiness deadline (default 90000)
 *   KAFKA_JVM_OPTS            extra JVM options (whitespace separated)
 *   JAVA_HOME                 java to use (default: `java` from PATH)
 *
 * Files (all git-ignored under .cache/):
 *   .cache/kafka/<version>/libs/*           broker classpath (+ .complete marker)
 *   .cache/kafka/<version>/pom.xml          throwaway pom used by mvn
 *   .cache/kafka/<version>/log4j2.properties
 *   .cache/kafka-data/<port>/               KRaft log dir (formatted once)
 *   .cache/kafka-data/<port>.properties     generated server.properties
 *   .cache/kafka-data/<port>.pid            pid of the detached broker
 *   .cache/kafka-data/<port>.server.log     broker log (log4j INFO + JVM stdout/stderr)
 *   .cache/kafka-oauth/signing-key.pem      Kafka token signing key (PKCS#8 PEM, made once, mode 0600)
 *   .cache/kafka-oauth/jwks.json            its public key as a JWKS, read by the broker at start
 *
 * Programmatic use:  const kafka = require('./scripts/kafka.js'); await kafka.start();
 */

const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { createHash, createPublicKey, generateKeyPairSync, randomBytes } = require('node:crypto');
const { spawn } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_VERSION = '4.3.1';
// Used only if log4j-slf4j-impl matching the bundled log4j-core cannot be resolved.
const FALLBACK_LOG4J_VERSION = '2.25.4';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const POLL_MS = 250;
const STOP_TIMEOUT_MS = 60000;
const LOCK_TIMEOUT_MS = 10 * 60 * 1000;

// ---------------------------------------------------------------------------
// configuration

function log(msg) {
  process.stderr.write(`[kafka] ${msg}\n`);
}

function envInt(name, def) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

function externalBrokers() {
  const v = process.env.KAFKA_BROKERS;
  return v && v.trim() ? v.trim() : null;
}

function config(opts = {}) {
  const version = opts.version || process.env.KAFKA_VERSION || DEFAULT_VERSION;
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]*$/.test(version)) throw new Error(`invalid KAFKA_VERSION "${version}"`);
  const port = opts.port || envInt('KAFKA_PORT', 9092);
  const controllerPort = opts.controllerPort || envInt('KAFKA_CONTROLLER_PORT', port + 1);
  const externalPort = opts.externalPort || envInt('KAFKA_EXTERNAL_PORT', port + 2);
  if (port > 65535 || controllerPort > 65535 || externalPort > 65535) throw new Error('port out of range');
  if (new Set([port, controllerPort, externalPort]).size !== 3)
    throw new Error('KAFKA_PORT, KAFKA_CONTROLLER_PORT and KAFKA_EXTERNAL_PORT must differ');
  const heap = opts.heap || process.env.KAFKA_HEAP || '512m';
  if (!/^\d+[kKmMgG]?$/.test(heap)) throw new Error(`invalid KAFKA_HEAP "${heap}" (e.g. 512m, 1g)`);
  const cacheDir = path.join(REPO_ROOT, '.cache', 'kafka', version);
  const dataRoot = path.join(REPO_ROOT, '.cache', 'kafka-data');
  return {
    version,
    port,
    controllerPort,
    externalPort,
    heap,
    host: '127.0.0.1',
    startTimeoutMs: opts.startTimeoutMs || envInt('KAFKA_START_TIMEOUT_MS', 90000),
    cacheDir,
    libDir: path.join(cacheDir, 'libs'),
    marker: path.join(cacheDir, 'libs', '.complete'),
    pomFile: path.join(cacheDir, 'pom.xml'),
    mvnLog: path.join(cacheDir, 'mvn.log'),
    log4jConfig: path.join(cacheDir, 'log4j2.properties'),
    dataRoot,
    oauthDir: path.join(REPO_ROOT, '.cache', 'kafka-oauth'),
    dataDir: path.join(dataRoot, String(port)),
    propsFile: path.join(dataRoot, `${port}.properties`),
    pidFile: path.join(dataRoot, `${port}.pid`),
    logFile: path.join(dataRoot, `${port}.server.log`),
    lockFile: path.join(dataRoot, `${port}.lock`),
    java: process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java',
  };
}

function brokers(opts) {
  return externalBrokers() || `127.0.0.1:${config(opts).port}`;
}

/** Bootstrap servers of the subscribers' listener (SASL/OAUTHBEARER): KAFKA_SUBSCRIBER_BROKERS, or ours. */
function subscriberBrokers(opts) {
  const named = process.env.KAFKA_SUBSCRIBER_BROKERS;
  return named && named.trim() ? named.trim() : `127.0.0.1:${config(opts).externalPort}`;
}

// ---------------------------------------------------------------------------
// small utilities

const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

function exists(p) {
  try {
    fs.accessSync(p);
    return true;
  } catch {
    return false;
  }
}

function writeIfChanged(file, content) {
  try {
    if (fs.readFileSync(file, 'utf8') === content) return;
  } catch {
    /* missing */
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function tail(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .filter((l, i, a) => l !== '' || i < a.length - 1)
      .slice(-lines)
      .join('\n');
  } catch (e) {
    return `(cannot read ${file}: ${e.code || e.message})`;
  }
}

/** Run a command, capture stdout+stderr (also appended to logFile if given). */
function run(cmd, args, { cwd, logFile } = {}) {
  return new Promise((resolve, reject) => {
    let out = '';
    let child;
    try {
      child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      reject(new Error(`cannot run ${cmd}: ${e.message}`));
      return;
    }
    const onData = (d) => {
      out += d;
      if (out.length > 2e6) out = out.slice(-1e6);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      reject(
        new Error(e.code === 'ENOENT' ? `"${cmd}" not found on PATH` : `cannot run ${cmd}: ${e.message}`),
      );
    });
    child.on('close', (code, signal) => {
      if (logFile) {
        try {
          fs.appendFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${out}\n`);
        } catch {
          /* ignore */
        }
      }
      resolve({ code: signal ? 128 : code, output: out });
    });
  });
}

function lastLines(text, n) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

// --- processes ---------------------------------------------------------------

function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    // zombies (exited, not yet reaped) are not alive
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
  } catch {
    /* no procfs: trust kill(0) */
  }
  return true;
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null; // no procfs or process gone
  }
}

/** Is pid a live broker started by this script for this port (same properties file)? */
function isOurBroker(pid, cfg) {
  if (!isAlive(pid)) return false;
  const args = cmdline(pid);
  if (args === null) return !exists('/proc/self/cmdline'); // no procfs: best effort
  return args.includes('kafka.Kafka') && args.includes(cfg.propsFile);
}

function readPid(cfg) {
  try {
    const pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Find our running broker for this port: pid file first, then a /proc scan (lost pid file). */
function findBroker(cfg) {
  const pid = readPid(cfg);
  if (pid && isOurBroker(pid, cfg)) return pid;
  if (pid) {
    try {
      fs.unlinkSync(cfg.pidFile); // stale
    } catch {
      /* ignore */
    }
  }
  let entries;
  try {
    entries = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return null;
  }
  for (const name of entries) {
    const p = Number(name);
    if (p !== process.pid && isOurBroker(p, cfg)) {
      fs.writeFileSync(cfg.pidFile, `${p}\n`);
      return p;
    }
  }
  return null;
}

function versionOf(pid) {
  const args = cmdline(pid) || [];
  const i = args.indexOf('-cp');
  const m = i >= 0 && /[\\/]kafka[\\/]([^\\/]+)[\\/]libs[\\/]/.exec(args[i + 1] || '');
  return m ? m[1] : 'unknown';
}

// --- lock file (serialises concurrent invocations for the same port / version) ----

async function withLock(lockFile, what, fn) {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw new Error(`cannot create lock ${lockFile}: ${e.message}`, { cause: e });
    }
    let holder;
    let age;
    try {
      holder = Number(fs.readFileSync(lockFile, 'utf8').trim()) || null;
      age = Date.now() - fs.statSync(lockFile).mtimeMs;
    } catch {
      continue; // vanished meanwhile
    }
    if ((holder && !isAlive(holder)) || (!holder && age > 5000)) {
      try {
        fs.unlinkSync(lockFile); // stale lock of a dead process
      } catch {
        /* ignore */
      }
      continue;
    }
    if (!announced) {
      log(`waiting for another kafka.js process (pid ${holder}) busy with ${what}`);
      announced = true;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for lock ${lockFile} (held by pid ${holder})`);
    await delay(POLL_MS);
  }
  try {
    return await fn();
  } finally {
    try {
      if (Number(fs.readFileSync(lockFile, 'utf8').trim()) === process.pid) fs.unlinkSync(lockFile);
    } catch {
      /* ignore */
    }
  }
}

// ---------------------------------------------------------------------------
// fetch

function libsComplete(cfg) {
  try {
    const jars = JSON.parse(fs.readFileSync(cfg.marker, 'utf8')).jars;
    return Array.isArray(jars) && jars.length > 0 && jars.every((j) => exists(path.join(cfg.libDir, j)));
  } catch {
    return false;
  }
}

function pomXml(version) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/kafka.js: only used to resolve the Kafka broker classpath -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.dev</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;
}

async function mvn(cfg, args, what) {
  const res = await run('mvn', ['-B', '-ntp', '-Dstyle.color=never', '-f', cfg.pomFile, ...args], {
    cwd: cfg.cacheDir,
    logFile: cfg.mvnLog,
  });
  const fail = () => {
    const errors = res.output
      .split('\n')
      .filter(
        (l) => /^\[(ERROR|WARNING)\] \S/.test(l) && !/^\[ERROR\] (To see|Re-run|For more|\[Help)/.test(l),
      );
    const detail = errors.length ? errors.slice(0, 8).join('\n') : lastLines(res.output, 30);
    return new Error(`mvn failed (${what}):\n${detail}\n(full output: ${cfg.mvnLog})`);
  };
  return { ...res, fail };
}

async function fetchJars(opts) {
  const cfg = config(opts);
  if (libsComplete(cfg)) {
    log(`kafka ${cfg.version} jars cached in ${path.relative(REPO_ROOT, cfg.libDir)}`);
    return cfg.libDir;
  }
  fs.mkdirSync(cfg.cacheDir, { recursive: true });
  return withLock(path.join(cfg.cacheDir, 'fetch.lock'), `fetching kafka ${cfg.version}`, async () => {
    if (libsComplete(cfg)) return cfg.libDir; // fetched by a concurrent process
    const t0 = Date.now();
    log(`fetching kafka_2.13:${cfg.version} from Maven Central with mvn ...`);
    writeIfChanged(cfg.pomFile, pomXml(cfg.version));
    fs.writeFileSync(cfg.mvnLog, '');
    const tmpDir = path.join(cfg.cacheDir, `libs.tmp-${process.pid}`);
    fs.rmSync(tmpDir, { recursive: true, force: true });
    try {
      let r = await mvn(
        cfg,
        [`${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${tmpDir}`, '-DincludeScope=runtime'],
        `resolving org.apache.kafka:kafka_2.13:${cfg.version}`,
      );
      if (r.code !== 0) throw r.fail();
      let jars = fs.readdirSync(tmpDir).filter((f) => f.endsWith('.jar'));
      if (!jars.includes(`kafka_2.13-${cfg.version}.jar`)) {
        throw new Error(`mvn did not produce kafka_2.13-${cfg.version}.jar in ${tmpDir}`);
      }

      // Kafka 4.x ships log4j-core but no SLF4J binding; add log4j-slf4j-impl of the same version
      // so the broker logs through our log4j2 configuration instead of slf4j's NOP logger.
      const core = jars.map((j) => /^log4j-core-(.+)\.jar$/.exec(j)).find(Boolean);
      if (!core) {
        log(
          `warning: no log4j-core among the kafka ${cfg.version} dependencies; broker logging may be unconfigured`,
        );
      } else if (!jars.some((j) => /^log4j-slf4j2?-impl-/.test(j))) {
        const candidates = [...new Set([core[1], FALLBACK_LOG4J_VERSION])];
        let added = null;
        for (const v of candidates) {
          r = await mvn(
            cfg,
            [
              `${DEPENDENCY_PLUGIN}:copy`,
              `-Dartifact=org.apache.logging.log4j:log4j-slf4j-impl:${v}`,
              `-DoutputDirectory=${tmpDir}`,
            ],
            `resolving log4j-slf4j-impl:${v}`,
          );
          if (r.code === 0) {
            added = v;
            break;
          }
          log(`log4j-slf4j-impl:${v} not resolvable, trying next candidate`);
        }
        if (!added) throw r.fail();
        if (added !== core[1]) log(`warning: using log4j-slf4j-impl ${added} with log4j-core ${core[1]}`);
        jars = fs.readdirSync(tmpDir).filter((f) => f.endsWith('.jar'));
      }

      fs.writeFileSync(
        path.join(tmpDir, '.complete'),
        JSON.stringify({ version: cfg.version, jars }, null, 1),
      );
      fs.rmSync(cfg.libDir, { recursive: true, force: true });
      fs.renameSync(tmpDir, cfg.libDir);
      const mb = jars.reduce((s, j) => s + fs.statSync(path.join(cfg.libDir, j)).size, 0) / 1048576;
      log(`fetched ${jars.length} jars (${mb.toFixed(0)} MB) in ${secs(t0)}`);
      return cfg.libDir;
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------
// broker configuration

/** What the gateway's Kafka tokens carry (apps/gateway/src/kafka-access/kafka-token.ts says the same). */
const KAFKA_TOKEN_ISSUER = 'single-window';
const KAFKA_TOKEN_AUDIENCE = 'single-window-kafka';
/** A subscriber's session ends this long after it authenticated unless it re-authenticates with a fresh token. */
const EXTERNAL_REAUTH_MS = 60000;

function serverProperties(cfg, keys) {
  const lines = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${cfg.host}:${cfg.controllerPort}`,
    listeners:
      `PLAINTEXT://${cfg.host}:${cfg.port},CONTROLLER://${cfg.host}:${cfg.controllerPort},` +
      `EXTERNAL://${cfg.host}:${cfg.externalPort}`,
    'advertised.listeners': `PLAINTEXT://${cfg.host}:${cfg.port},EXTERNAL://${cfg.host}:${cfg.externalPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT',
    // Outside subscribers: SASL/OAUTHBEARER only, tokens checked against the gateway's public key (JWKS).
    'listener.name.external.sasl.enabled.mechanisms': 'OAUTHBEARER',
    'listener.name.external.oauthbearer.sasl.jaas.config':
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;',
    'listener.name.external.oauthbearer.sasl.server.callback.handler.class':
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    'listener.name.external.oauthbearer.connections.max.reauth.ms': String(EXTERNAL_REAUTH_MS),
    'sasl.oauthbearer.jwks.endpoint.url': keys.jwksUrl,
    'sasl.oauthbearer.expected.audience': KAFKA_TOKEN_AUDIENCE,
    'sasl.oauthbearer.expected.issuer': KAFKA_TOKEN_ISSUER,
    // Kafka's own ACLs decide every request; the internal listener and the controller (PLAINTEXT, principal
    // User:ANONYMOUS) are super users, so the services keep working unchanged. No ACL: denied.
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': 'false',
    'super.users': 'User:ANONYMOUS',
    'log.dirs': cfg.dataDir,
    'num.partitions': '6',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '10',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '10',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
    'delete.topic.enable': 'true',
    'num.network.threads': '2',
    'num.io.threads': '4',
    'num.recovery.threads.per.data.dir': '1',
    'background.threads': '4',
    'log.retention.hours': '24',
    'log.segment.bytes': String(64 * 1024 * 1024),
    'log.retention.check.interval.ms': '300000',
  };
  return (
    `# generated by scripts/kafka.js on each start; edits are overwritten\n` +
    Object.entries(lines)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n'
  );
}

// The log file path comes in as a system property so one config serves every port.
const LOG4J2_PROPERTIES = `# generated by scripts/kafka.js
status = warn
name = kafka-local
appender.file.type = RollingFile
appender.file.name = FILE
appender.file.fileName = \${sys:kafka.local.logFile}
appender.file.filePattern = \${sys:kafka.local.logFile}.%i
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.request.name = kafka.request.logger
logger.request.level = WARN
`;

function jvmArgs(cfg, extraOpts = [], keys = null) {
  return [
    ...extraOpts,
    // Kafka 4 reads no OAUTHBEARER URL or file unless listed here (the default allows none).
    ...(keys
      ? [
          `-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${keys.jwksUrl}`,
          `-Dorg.apache.kafka.sasl.oauthbearer.allowed.files=${keys.jwksFile}`,
        ]
      : []),
    `-Dlog4j2.configurationFile=${cfg.log4jConfig}`,
    `-Dkafka.local.logFile=${cfg.logFile}`,
    // keep logging until Kafka's own shutdown hook is done (otherwise the shutdown log is cut off)
    '-Dlog4j2.shutdownHookEnabled=false',
    '-Djava.awt.headless=true',
    '-cp',
    path.join(cfg.libDir, '*'),
  ];
}

function newClusterId() {
  // Same format as `kafka-storage random-uuid`: 16 random bytes, URL-safe base64, no padding.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function formatIfNeeded(cfg) {
  if (exists(path.join(cfg.dataDir, 'meta.properties'))) return false;
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const clusterId = newClusterId();
  const t0 = Date.now();
  const r = await run(cfg.java, [
    ...jvmArgs(cfg, ['-Xmx256m']),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    cfg.propsFile,
  ]);
  if (r.code !== 0) {
    throw new Error(
      `formatting ${cfg.dataDir} failed (exit ${r.code}):\n${lastLines(r.output, 30)}\n` +
        `(if the directory holds broken data, delete it and retry)`,
    );
  }
  log(`formatted ${path.relative(REPO_ROOT, cfg.dataDir)} (cluster id ${clusterId}) in ${secs(t0)}`);
  return true;
}

// ---------------------------------------------------------------------------
// Kafka token signing key (the gateway signs subscribers' tokens, the broker checks them)

/** RFC 7638 thumbprint of an RSA public JWK: its key id, the same the gateway computes. */
function jwkThumbprint(jwk) {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

function jwksOf(privateKeyPem) {
  const jwk = createPublicKey(privateKeyPem).export({ format: 'jwk' });
  return { keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid: jwkThumbprint(jwk), alg: 'RS256', use: 'sig' }] };
}

/**
 * The RSA key pair that signs Kafka tokens, made once: `signing-key.pem` (PKCS#8, for the gateway's
 * KAFKA_TOKEN_SIGNING_KEY) and `jwks.json` (its public key, for the broker). Kept across restarts, so tokens
 * and brokers stay in step; delete the folder to rotate (then restart the broker and the gateway).
 */
async function oauthKeys(opts = {}) {
  const dir = opts.oauthDir || path.join(REPO_ROOT, '.cache', 'kafka-oauth');
  const privateKeyFile = path.join(dir, 'signing-key.pem');
  const jwksFile = path.join(dir, 'jwks.json');
  const result = () => ({
    dir,
    privateKeyFile,
    jwksFile,
    jwksUrl: `file://${jwksFile}`,
    privateKeyPem: fs.readFileSync(privateKeyFile, 'utf8'),
  });
  if (exists(privateKeyFile) && exists(jwksFile)) return result();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return withLock(path.join(dir, 'keys.lock'), 'making the Kafka token signing key', async () => {
    if (!exists(privateKeyFile)) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const tmp = `${privateKeyFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      fs.renameSync(tmp, privateKeyFile);
      log(`made the Kafka token signing key ${path.relative(REPO_ROOT, privateKeyFile)}`);
    }
    writeIfChanged(jwksFile, `${JSON.stringify(jwksOf(fs.readFileSync(privateKeyFile, 'utf8')), null, 2)}\n`);
    return result();
  });
}

// ---------------------------------------------------------------------------
// Kafka protocol probe

function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (v) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

function encodeRequest(apiKey, apiVersion, correlationId, body) {
  const clientId = Buffer.from('kafka.js-probe');
  const header = Buffer.alloc(10);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + clientId.length + body.length, 0);
  return Buffer.concat([size, header, clientId, body]);
}

class Reader {
  constructor(buf) {
    this.buf = buf;
    this.off = 0;
  }
  need(n) {
    if (this.off + n > this.buf.length) throw new Error('truncated response');
  }
  i8() {
    this.need(1);
    return this.buf.readInt8((this.off += 1) - 1);
  }
  i16() {
    this.need(2);
    return this.buf.readInt16BE((this.off += 2) - 2);
  }
  i32() {
    this.need(4);
    return this.buf.readInt32BE((this.off += 4) - 4);
  }
  str() {
    const len = this.i16();
    if (len < 0) return null;
    this.need(len);
    return this.buf.toString('utf8', this.off, (this.off += len));
  }
}

/**
 * Send ApiVersions v0 and Metadata v4 (pipelined on one connection; Kafka answers in order)
 * and resolve { ok, reason, brokers, clusterId, controllerId }.
 */
function probe(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    const responses = [];
    let finished = false;
    const finish = (res) => {
      if (finished) return;
      finished = true;
      sock.destroy();
      resolve(res);
    };
    sock.setTimeout(timeoutMs, () => finish({ ok: false, reason: `no response within ${timeoutMs} ms` }));
    sock.once('error', (e) => finish({ ok: false, reason: `connection: ${e.code || e.message}` }));
    sock.once('close', () => finish({ ok: false, reason: 'connection closed by broker' }));
    sock.once('connect', () => {
      const metadataBody = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00]); // topics=null, allow_auto_topic_creation=false
      sock.write(
        Buffer.concat([encodeRequest(18, 0, 1, Buffer.alloc(0)), encodeRequest(3, 4, 2, metadataBody)]),
      );
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4) {
        const size = buf.readInt32BE(0);
        if (size < 4 || size > 64 * 1024 * 1024)
          return finish({ ok: false, reason: `bad response size ${size}` });
        if (buf.length < 4 + size) return;
        responses.push(buf.subarray(4, 4 + size));
        buf = buf.subarray(4 + size);
      }
      if (responses.length < 2) {
        // fail fast if ApiVersions already reports an error (broker might not answer Metadata)
        if (responses.length === 1) {
          try {
            const r = new Reader(responses[0]);
            r.i32();
            const err = r.i16();
            if (err !== 0) finish({ ok: false, reason: `ApiVersions error_code ${err}` });
          } catch (e) {
            finish({ ok: false, reason: `ApiVersions: ${e.message}` });
          }
        }
        return;
      }
      try {
        const av = new Reader(responses[0]);
        if (av.i32() !== 1) return finish({ ok: false, reason: 'ApiVersions: correlation id mismatch' });
        const err = av.i16();
        if (err !== 0) return finish({ ok: false, reason: `ApiVersions error_code ${err}` });
        const md = new Reader(responses[1]);
        if (md.i32() !== 2) return finish({ ok: false, reason: 'Metadata: correlation id mismatch' });
        md.i32(); // throttle_time_ms
        const n = md.i32();
        const list = [];
        for (let i = 0; i < n; i++) {
          const nodeId = md.i32();
          const h = md.str();
          const p = md.i32();
          md.str(); // rack
          list.push({ nodeId, host: h, port: p });
        }
        const clusterId = md.str();
        const controllerId = md.i32();
        if (list.length === 0) return finish({ ok: false, reason: 'Metadata lists no brokers yet' });
        return finish({ ok: true, brokers: list, clusterId, controllerId });
      } catch (e) {
        return finish({ ok: false, reason: `cannot parse response: ${e.message}` });
      }
    });
  });
}

async function waitReady(cfg, pid, t0, exitInfo) {
  const deadline = t0 + cfg.startTimeoutMs;
  let last;
  for (;;) {
    if (exitInfo && exitInfo.exited) {
      throw new Error(
        `broker process ${pid} exited during startup (${exitInfo.exited}); last lines of ${cfg.logFile}:\n` +
          tail(cfg.logFile, 40),
      );
    }
    if (!isAlive(pid)) {
      throw new Error(
        `broker process ${pid} died during startup; last lines of ${cfg.logFile}:\n${tail(cfg.logFile, 40)}`,
      );
    }
    const remaining = deadline - Date.now();
    last = await probe(cfg.host, cfg.port, Math.max(200, Math.min(3000, remaining)));
    if (last.ok) return last;
    if (Date.now() + POLL_MS > deadline) break;
    await delay(POLL_MS);
  }
  throw new Error(
    `broker (pid ${pid}) not ready on ${cfg.host}:${cfg.port} after ${cfg.startTimeoutMs} ms ` +
      `(last probe: ${last.reason}); it is left running, use "node scripts/kafka.js stop".\n` +
      `Last 40 lines of ${cfg.logFile}:\n${tail(cfg.logFile, 40)}`,
  );
}

// ---------------------------------------------------------------------------
// commands

async function start(opts = {}) {
  const ext = externalBrokers();
  if (ext) {
    log(`KAFKA_BROKERS is set: using external cluster ${ext}, not starting a local broker`);
    return { external: true, brokers: ext };
  }
  const cfg = config(opts);
  if (opts.fresh) {
    // A broker with no topics and no consumer offsets (the tests): whatever ran on this port before is stopped and
    // its log directory removed, so it is formatted again.
    await stop(opts);
    fs.rmSync(cfg.dataDir, { recursive: true, force: true });
  }
  const t0 = Date.now();
  return withLock(cfg.lockFile, `starting the broker on port ${cfg.port}`, async () => {
    const running = findBroker(cfg);
    if (running) {
      const ready = await waitReady(cfg, running, Date.now(), null);
      log(
        `already running on ${cfg.host}:${cfg.port} (pid ${running}, kafka ${versionOf(running)}, ` +
          `cluster ${ready.clusterId})`,
      );
      return { pid: running, port: cfg.port, brokers: brokers(opts), alreadyRunning: true };
    }
    for (const [p, name] of [
      [cfg.port, 'KAFKA_PORT'],
      [cfg.controllerPort, 'KAFKA_CONTROLLER_PORT'],
      [cfg.externalPort, 'KAFKA_EXTERNAL_PORT'],
    ]) {
      if (await portOpen(cfg.host, p)) {
        throw new Error(
          `${cfg.host}:${p} is already in use by a process not started by scripts/kafka.js for this port ` +
            `(no live broker in ${cfg.pidFile}). Stop that process, choose another port (${name}), ` +
            `or point KAFKA_BROKERS at an existing cluster.`,
        );
      }
    }

    await fetchJars(opts);
    const keys = await oauthKeys(opts);
    fs.mkdirSync(cfg.dataRoot, { recursive: true });
    writeIfChanged(cfg.log4jConfig, LOG4J2_PROPERTIES);
    writeIfChanged(cfg.propsFile, serverProperties(cfg, keys));
    // keep the previous run's log for post-mortems, start a fresh one (format logs go there too)
    if (exists(cfg.logFile)) fs.renameSync(cfg.logFile, `${cfg.logFile}.prev`);
    await formatIfNeeded(cfg);

    const extra = (process.env.KAFKA_JVM_OPTS || '').split(/\s+/).filter(Boolean);
    const args = [
      `-Xmx${cfg.heap}`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:InitiatingHeapOccupancyPercent=35',
      '-XX:+ExplicitGCInvokesConcurrent',
      ...jvmArgs(cfg, extra, keys),
      'kafka.Kafka',
      cfg.propsFile,
    ];
    const out = fs.openSync(cfg.logFile, 'a');
    let child;
    try {
      child = spawn(cfg.java, args, { cwd: cfg.dataRoot, detached: true, stdio: ['ignore', out, out] });
    } finally {
      fs.closeSync(out);
    }
    const exitInfo = { exited: null };
    const spawned = await new Promise((resolve, reject) => {
      child.once('error', (e) =>
        reject(
          new Error(
            e.code === 'ENOENT'
              ? `java not found (${cfg.java}); install Java 17+ or set JAVA_HOME`
              : e.message,
          ),
        ),
      );
      child.once('spawn', () => resolve(child.pid));
    });
    child.once('exit', (code, signal) => {
      exitInfo.exited = signal ? `signal ${signal}` : `exit code ${code}`;
    });
    child.unref();
    fs.writeFileSync(cfg.pidFile, `${spawned}\n`);
    log(
      `started kafka ${cfg.version} (pid ${spawned}) on ${cfg.host}:${cfg.port}, controller :${cfg.controllerPort}, ` +
        `subscribers (SASL/OAUTHBEARER) :${cfg.externalPort}, ` +
        `log ${path.relative(REPO_ROOT, cfg.logFile)}; waiting for it to accept clients ...`,
    );
    try {
      const ready = await waitReady(cfg, spawned, Date.now(), exitInfo);
      log(`ready on ${cfg.host}:${cfg.port} (pid ${spawned}, cluster ${ready.clusterId}) in ${secs(t0)}`);
    } catch (e) {
      if (!isAlive(spawned)) {
        try {
          fs.unlinkSync(cfg.pidFile);
        } catch {
          /* ignore */
        }
      }
      throw e;
    }
    return { pid: spawned, port: cfg.port, brokers: brokers(opts), alreadyRunning: false };
  });
}

async function stop(opts) {
  const ext = externalBrokers();
  if (ext) {
    log(`KAFKA_BROKERS is set: external cluster ${ext} is not managed here, nothing to stop`);
    return { external: true, stopped: false };
  }
  const cfg = config(opts);
  const pid = findBroker(cfg);
  if (!pid) {
    log(`not running on port ${cfg.port}`);
    return { stopped: false };
  }
  const t0 = Date.now();
  log(`stopping broker pid ${pid} on port ${cfg.port} ...`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch (e) {
    if (e.code !== 'ESRCH') throw new Error(`cannot signal pid ${pid}: ${e.message}`, { cause: e });
  }
  const deadline = t0 + STOP_TIMEOUT_MS;
  let killed = false;
  while (isAlive(pid)) {
    if (Date.now() > deadline && !killed) {
      log(`still alive after ${STOP_TIMEOUT_MS / 1000}s, sending SIGKILL`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      killed = true;
    } else if (killed && Date.now() > deadline + 10000) {
      throw new Error(`pid ${pid} survived SIGKILL`);
    }
    await delay(POLL_MS);
  }
  try {
    fs.unlinkSync(cfg.pidFile);
  } catch {
    /* ignore */
  }
  log(`stopped (pid ${pid}) in ${secs(t0)}${killed ? ' (killed)' : ''}`);
  return { stopped: true, pid, killed };
}

async function status(opts) {
  const ext = externalBrokers();
  if (ext) return { external: true, running: null, brokers: ext };
  const cfg = config(opts);
  const pid = findBroker(cfg);
  if (!pid) return { running: false, port: cfg.port, version: cfg.version };
  const p = await probe(cfg.host, cfg.port, 2000);
  return {
    running: true,
    ready: p.ok,
    pid,
    port: cfg.port,
    controllerPort: cfg.controllerPort,
    externalPort: cfg.externalPort,
    version: versionOf(pid),
    clusterId: p.clusterId,
    reason: p.ok ? undefined : p.reason,
    logFile: cfg.logFile,
  };
}

// ---------------------------------------------------------------------------
// CLI

async function main(argv) {
  const cmd = argv[0];
  switch (cmd) {
    case 'fetch':
      await fetchJars();
      return 0;
    case 'start':
    case 'ensure':
      await start();
      return 0;
    case 'stop':
      await stop();
      return 0;
    case 'brokers':
      process.stdout.write(`${brokers()}\n`);
      return 0;
    case 'oauth-keys': {
      const keys = await oauthKeys({ oauthDir: argv[1] ? path.resolve(argv[1]) : undefined });
      process.stdout.write(`${keys.privateKeyFile}\n${keys.jwksFile}\n`);
      return 0;
    }
    case 'status': {
      const s = await status();
      if (s.external) {
        process.stdout.write(`external cluster (KAFKA_BROKERS=${s.brokers}); not managed by this script\n`);
        return 0;
      }
      if (!s.running) {
        process.stdout.write(`not running (port ${s.port}, version ${s.version})\n`);
        return 3;
      }
      process.stdout.write(
        `running: pid ${s.pid}, port ${s.port} (controller ${s.controllerPort}, subscribers ${s.externalPort}), ` +
          `version ${s.version}, ` +
          `${s.ready ? `ready, cluster ${s.clusterId}` : `NOT ready (${s.reason})`}\n` +
          `log: ${path.relative(process.cwd(), s.logFile)}\n`,
      );
      return 0;
    }
    default:
      process.stderr.write(
        'usage: node scripts/kafka.js fetch|start|stop|status|ensure|brokers|oauth-keys [dir]\n',
      );
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      log(`error: ${err && err.message ? err.message : err}`);
      process.exit(1);
    },
  );
}

module.exports = { fetch: fetchJars, start, stop, status, brokers, subscriberBrokers, oauthKeys };
