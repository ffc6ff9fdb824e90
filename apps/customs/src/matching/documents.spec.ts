import { newerVersion, type SlotVersion } from './documents';

const version = (messageId: string, appType: string, appTime: string): SlotVersion => ({
  messageId,
  appType,
  appTime,
  document: appType === '3' ? null : { messageId },
});

describe('newerVersion', () => {
  const versions = [
    version('a', '1', '20261121090000'),
    version('b', '2', '20261121100000'),
    version('c', '3', '20261121110000'),
    version('d', '2', '20261121110000'),
  ];

  it('keeps the newest appTime, ties broken by message id, whatever the arrival order', () => {
    const permutations = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
      [1, 3, 0, 2],
    ];
    const winners = permutations.map((p) =>
      p.reduce<SlotVersion | undefined>((current, i) => newerVersion(current, versions[i]), undefined),
    );
    expect(winners.map((w) => w?.messageId)).toEqual(['d', 'd', 'd', 'd']);
  });

  it('lets a newer withdrawal empty the slot and an older one change nothing', () => {
    expect(newerVersion(versions[1], versions[2]).document).toBeNull();
    expect(newerVersion(versions[2], versions[0])).toBe(versions[2]);
  });
});
