import { randomUUID } from 'node:crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { lockKeysAndInsertInbox } from '@swx/messaging';
import { recreateDatabase, waitFor } from '@swx/testing';

/**
 * The batch transport's first statement of a chunk takes the chunk's key locks and inserts its inbox rows in one
 * round trip. What the two statements it replaced guaranteed must hold: every lock is held before any inbox row
 * is written (a chunk waiting for a key has written nothing), keys are locked in sorted order after the topic's
 * group, and a redelivered message is not new.
 */
describe('batch consumption: key locks and inbox rows in one statement', () => {
  const url = `${process.env.TEST_DATABASE_URL!}_inbox_locks`;
  let holder: Client;
  let observer: Client;
  let dataSource: DataSource;

  beforeAll(async () => {
    await recreateDatabase(url);
    holder = new Client({ connectionString: url, application_name: 'inbox-locks-holder' });
    observer = new Client({ connectionString: url, application_name: 'inbox-locks-observer' });
    await Promise.all([holder.connect(), observer.connect()]);
    await observer.query(`CREATE SCHEMA probe`);
    await observer.query(`CREATE TABLE probe.inbox (
      message_id uuid PRIMARY KEY, topic text NOT NULL, partition int NOT NULL, "offset" bigint NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now())`);
    dataSource = await new DataSource({
      type: 'postgres',
      url,
      applicationName: 'inbox-locks-consumer',
    }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await Promise.all([holder?.end(), observer?.end()]);
  });

  /** The consumer's backend: whether it has written (a transaction id), and the advisory locks it holds or awaits. */
  const consumerState = async () => {
    const [activity] = (
      await observer.query(
        `SELECT pid, backend_xid::text AS xid, wait_event_type FROM pg_stat_activity
          WHERE application_name = 'inbox-locks-consumer' AND state = 'active'`,
      )
    ).rows as { pid: number; xid: string | null; wait_event_type: string | null }[];
    if (!activity) return undefined;
    const locks = (
      await observer.query(
        `SELECT objid::int AS objid, granted FROM pg_locks WHERE locktype = 'advisory' AND pid = $1`,
        [activity.pid],
      )
    ).rows as { objid: number; granted: boolean }[];
    return { ...activity, locks };
  };
  const hashOf = async (text: string): Promise<number> =>
    (await observer.query(`SELECT hashtext($1) AS h`, [text])).rows[0].h as number;

  it('holds every key lock, in order, before it writes an inbox row; a redelivery is not new', async () => {
    const [m1, m2] = [randomUUID(), randomUUID()];
    // Another chunk holds the second key (and the group stays free).
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtext('probe:K2'))`);

    const claimed = dataSource.transaction((manager) =>
      lockKeysAndInsertInbox(
        manager,
        'probe',
        'probe.topic.v1',
        0,
        // Out of order on purpose: K1 is locked first all the same.
        [
          { id: m2, key: 'K2', offset: '8' },
          { id: m1, key: 'K1', offset: '7' },
        ],
        'shared',
      ),
    );
    const waiting = await waitFor(consumerState, (s) => s?.wait_event_type === 'Lock', {
      what: 'the consumer waiting for the held key',
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    expect(waiting!.xid).toBeNull(); // nothing written while a lock is missing
    const group = await hashOf('probe:group:shared');
    const k1 = await hashOf('probe:K1');
    const k2 = await hashOf('probe:K2');
    expect(waiting!.locks.filter((l) => l.granted).map((l) => l.objid)).toEqual(
      expect.arrayContaining([group, k1]),
    );
    expect(waiting!.locks.filter((l) => !l.granted).map((l) => l.objid)).toEqual([k2]);
    expect((await observer.query(`SELECT count(*)::int AS n FROM probe.inbox`)).rows[0].n).toBe(0);

    await holder.query('COMMIT');
    expect([...(await claimed)].sort()).toEqual([m1, m2].sort());
    const stored = (
      await observer.query(`SELECT message_id, "offset"::text AS o FROM probe.inbox ORDER BY o`)
    ).rows as { message_id: string; o: string }[];
    expect(stored).toEqual([
      { message_id: m1, o: '7' },
      { message_id: m2, o: '8' },
    ]);

    // Redelivered with a new one: only the new one is new, and the keys are locked all the same.
    const m3 = randomUUID();
    const again = await dataSource.transaction(async (manager) => {
      const fresh = await lockKeysAndInsertInbox(manager, 'probe', 'probe.topic.v1', 0, [
        { id: m1, key: 'K1', offset: '7' },
        { id: m3, key: 'K3', offset: '9' },
      ]);
      const held = (
        await manager.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
        )
      )[0].n as number;
      return { fresh, held };
    });
    expect([...again.fresh]).toEqual([m3]);
    expect(again.held).toBe(2);
  });
});
