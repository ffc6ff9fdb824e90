import { allTopics, deadLetterTopic, orderKey, Topics } from './topics';

describe('topic catalogue', () => {
  it('names every topic <producer>.<audience>.<entity>.<event>.v<version>', () => {
    for (const t of allTopics()) {
      expect(t.name).toMatch(/^[a-z]+\.(internal|external)\.[a-z0-9-]+\.[a-z-]+\.v\d+$/);
      expect(t.name.startsWith(`${t.producer}.${t.audience}.`)).toBe(true);
      expect(t.name.endsWith(`.v${t.version}`)).toBe(true);
    }
  });

  it('has unique names and message types', () => {
    const topics = allTopics();
    expect(new Set(topics.map((t) => t.name)).size).toBe(topics.length);
    expect(new Set(topics.map((t) => t.messageType)).size).toBe(topics.length);
  });

  it('derives dead-letter topics and order keys', () => {
    expect(deadLetterTopic(Topics.ImportOrderAccepted.name)).toBe(
      'gateway.external.import-order.accepted.v1.dlt',
    );
    expect(orderKey('ORD-1')).toBe('ORD-1');
  });
});
