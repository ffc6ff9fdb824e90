/**
 * Baseline: a bare HTTP endpoint on the gateway's server stack (Fastify 5, as bundled with
 * @nestjs/platform-fastify), with the same routes and the same 202 answer shape, but no auth, validation,
 * database or Kafka. `node bare-server.js <port>`; the load generator drives it with the same load loop.
 */
import { randomUUID } from 'node:crypto';

import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 5110);
const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
app.addContentTypeParser('application/xml', { parseAs: 'string' }, (_req, body, done) => done(null, body));

const DOCUMENT_ELEMENT = /<ceb:(Order|Payment|Logistics|Inventory)>/g;

app.post('/v1/import/:kind', async (request, reply) => {
  const body = request.body;
  const count =
    typeof body === 'string'
      ? (body.match(DOCUMENT_ELEMENT) ?? []).length
      : Array.isArray(body)
        ? body.length
        : 1;
  const documents = Array.from({ length: count }, (_, position) => ({ position, messageId: randomUUID() }));
  reply.code(202);
  return {
    ...(Array.isArray(body) || typeof body === 'string' ? {} : { messageId: documents[0].messageId }),
    receivedAt: new Date().toISOString(),
    documents,
  };
});
app.get('/health/ready', async () => ({ status: 'ok' }));

app.listen({ host: '127.0.0.1', port }).then(
  () => process.stdout.write(`bare server on ${port}\n`),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
