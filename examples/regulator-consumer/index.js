#!/usr/bin/env node
'use strict';
/*
 * A regulator's subscriber, as small as it gets: it connects to the single window's subscribers' listener with
 * the client credentials an operator issued (SASL/OAUTHBEARER: a Kafka token from the gateway's token
 * endpoint, asked for again at every re-authentication) and prints what its agency's topics carry.
 *
 *   CLIENT_ID=reg-customs-… CLIENT_SECRET=… node examples/regulator-consumer/index.js
 *
 * Environment:
 *   CLIENT_ID, CLIENT_SECRET   the regulator client (POST /v1/clients), granted Kafka access
 *                              (PUT /v1/clients/{clientId}/kafka-access)
 *   GATEWAY_URL                default http://127.0.0.1:3000
 *   KAFKA_SUBSCRIBER_BROKERS   the subscribers' listener, default 127.0.0.1:9094 (`npm start` prints it)
 *   KAFKA_TLS                  1: TLS (docker-compose's SASL_SSL listener); KAFKA_CA_FILE: its CA (PEM)
 *   GROUP                      the rest of the consumer group name, default `example`: the group is
 *                              `<agency>.<clientId>.<GROUP>`, the only groups the broker lets it use
 *   TOPICS                     comma-separated; default: every topic it may read (the broker lists no other)
 *   MAX_MESSAGES               stop after this many messages (default: run until Ctrl-C)
 */
const fs = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const env = (name, fallback) => process.env[name] || fallback;
const gateway = env('GATEWAY_URL', 'http://127.0.0.1:3000');
const clientId = env('CLIENT_ID');
const clientSecret = env('CLIENT_SECRET');
if (!clientId || !clientSecret) throw new Error('set CLIENT_ID and CLIENT_SECRET');

/** A Kafka token: the same client credentials as for the REST API, with the broker as audience. */
async function kafkaToken() {
  const response = await fetch(`${gateway}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience: 'single-window-kafka',
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`token refused: ${body.error}: ${body.error_description}`);
  return body.access_token;
}

async function main() {
  const first = await kafkaToken();
  const { agency } = JSON.parse(Buffer.from(first.split('.')[1], 'base64url').toString('utf8'));
  let token = first;
  const kafka = new Kafka({
    clientId,
    brokers: env('KAFKA_SUBSCRIBER_BROKERS', '127.0.0.1:9094').split(','),
    logLevel: logLevel.ERROR,
    ...(process.env.KAFKA_TLS === '1' && {
      ssl: process.env.KAFKA_CA_FILE ? { ca: [fs.readFileSync(process.env.KAFKA_CA_FILE, 'utf8')] } : true,
    }),
    sasl: {
      mechanism: 'oauthbearer',
      // Called at every (re-)authentication: the broker ends a session after 60 s unless it re-authenticates.
      oauthBearerProvider: async () => {
        const value = token ?? (await kafkaToken());
        token = undefined;
        return { value };
      },
    },
  });

  const admin = kafka.admin();
  await admin.connect();
  const topics = process.env.TOPICS
    ? process.env.TOPICS.split(',')
    : (await admin.listTopics()).filter((t) => !t.startsWith('__'));
  await admin.disconnect();

  const groupId = `${agency}.${clientId}.${env('GROUP', 'example')}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  console.log(JSON.stringify({ groupId, topics }));

  const max = Number(env('MAX_MESSAGES', '0'));
  let seen = 0;
  const stop = async () => {
    await consumer.disconnect();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const envelope = JSON.parse(message.value.toString('utf8'));
      console.log(
        JSON.stringify({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString(),
          type: envelope.type,
          occurredAt: envelope.occurredAt,
        }),
      );
      if (max > 0 && ++seen === max) setImmediate(stop);
    },
  });
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
