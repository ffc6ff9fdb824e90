import { evaluateRule } from '../evaluate';
import { obs, rule, tokenOf } from './fixtures';

const shared = rule('risk.sharedAddressPhone');
const order = (no: string, name: string, time: string) =>
  obs({ stream: 'order', subjectKind: 'addressPhone', source: no, countKey: tokenOf(name) }, time);

describe('risk.sharedAddressPhone: one address and phone, many recipient names', () => {
  it('warns blue on three different names at one address and phone within 30 days (not ok)', () => {
    const found = evaluateRule(shared, [
      order('O1', 'zhao', '2026-11-01T09:00'),
      order('O2', 'qian', '2026-11-10T09:00'),
      order('O3', 'sun', '2026-11-20T09:00'),
    ]);
    expect(found).toMatchObject({ score: 3, grade: 'blue', evidence: ['O1', 'O2', 'O3'] });
  });

  it('does not warn on one recipient ordering many times (ok)', () => {
    const found = evaluateRule(
      shared,
      ['O1', 'O2', 'O3', 'O4', 'O5'].map((no, i) => order(no, 'zhao', `2026-11-0${i + 1}T09:00`)),
    );
    expect(found).toMatchObject({ score: 1, grade: null });
  });

  it('does not warn when the names are more than 30 days apart (ok)', () => {
    const found = evaluateRule(shared, [
      order('O1', 'zhao', '2026-08-01T09:00'),
      order('O2', 'qian', '2026-09-15T09:00'),
      order('O3', 'sun', '2026-11-01T09:00'),
    ]);
    expect(found?.grade).toBeNull();
  });
});
