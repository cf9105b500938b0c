import { KeptRollupRows, RollupDelta } from './kept-rollup-rows';
import { RollupRow } from './usage-rollup.entity';

const row = (scope: 'SELF' | 'SUBS', grain: 'DAY' | 'CYCLE', periodDate: string, messages: number): RollupRow => ({
  scope,
  grain,
  periodDate,
  voiceBillable: 0,
  voiceTotal: 0,
  messageBillable: messages,
  messageTotal: messages,
  dataBillable: 0,
  dataTotal: 0,
  usersAdded: 0,
  usersRegistered: 0,
  usersDeactivated: 0,
  lastStoredAt: Date.parse('2027-03-10T00:00:00Z'),
});

const delta = (
  scope: 'SELF' | 'SUBS',
  grain: 'DAY' | 'CYCLE',
  periodDate: string,
  messages: number,
  storedAt = '2027-03-14 10:00:00.000',
): RollupDelta => ({
  organizationId: 7,
  scope,
  grain,
  periodDate,
  amounts: { messageBillable: messages, messageTotal: messages },
  storedAt,
});

describe('KeptRollupRows', () => {
  const rows = [row('SELF', 'DAY', '2027-03-13', 4), row('SELF', 'CYCLE', '2027-03-01', 40)];

  it('carries an entry to the version a write of this process gave it, with the rows it wrote', () => {
    const kept = new KeptRollupRows(10);
    kept.set(7, 'TREE', '2027-02-01', 3, rows);
    kept.follow(new Map([[7, 4]]), [
      delta('SELF', 'DAY', '2027-03-13', 2),
      delta('SELF', 'CYCLE', '2027-03-01', 2),
      delta('SUBS', 'DAY', '2027-03-14', 5),
    ]);
    expect(kept.get(7, 'TREE', '2027-02-01', 3)).toBeUndefined();
    const carried = kept.get(7, 'TREE', '2027-02-01', 4)!;
    expect(carried.map((r) => [r.scope, r.grain, r.periodDate, r.messageTotal])).toEqual([
      ['SELF', 'DAY', '2027-03-13', 6],
      ['SELF', 'CYCLE', '2027-03-01', 42],
      ['SUBS', 'DAY', '2027-03-14', 5],
    ]);
    expect(carried[0].lastStoredAt).toBe(Date.parse('2027-03-14T10:00:00Z'));
    // Replaced, never changed in place: a request still holding the old rows sees the old version.
    expect(rows[0].messageTotal).toBe(4);
  });

  it("leaves an entry alone when another process's write came between (a gap in the versions)", () => {
    const kept = new KeptRollupRows(10);
    kept.set(7, 'TREE', '2027-02-01', 3, rows);
    kept.follow(new Map([[7, 5]]), [delta('SELF', 'DAY', '2027-03-13', 2)]);
    expect(kept.get(7, 'TREE', '2027-02-01', 5)).toBeUndefined();
    expect(kept.get(7, 'TREE', '2027-02-01', 3)).toBe(rows);
  });

  it("adds to a SELF entry only the organization's own rows, and no day before its first day", () => {
    const kept = new KeptRollupRows(10);
    kept.set(7, 'SELF', '2027-03-01', 1, rows);
    kept.follow(new Map([[7, 2]]), [delta('SUBS', 'DAY', '2027-03-13', 9), delta('SELF', 'DAY', '2027-02-27', 9)]);
    expect(kept.get(7, 'SELF', '2027-03-01', 2)!.map((r) => r.messageTotal)).toEqual([4, 40]);
  });

  it('reads back only organizations it keeps, and forgets the least recently used past its limit', () => {
    const kept = new KeptRollupRows(2);
    kept.set(1, 'TREE', '2027-02-01', 1, rows);
    kept.set(2, 'TREE', '2027-02-01', 1, rows);
    kept.get(1, 'TREE', '2027-02-01', 1);
    kept.set(3, 'TREE', '2027-02-01', 1, rows);
    expect(kept.keptAmong([1, 2, 3, 4])).toEqual([1, 3]);
  });
});
