import { CSV_CHUNK_CHARS, csvChunks, csvLine, csvSumsAmounts, csvSumsText } from './usage-csv';

describe('usage CSV lines', () => {
  it('quotes only text that needs it (RFC 4180), numbers never, and ends in CRLF', () => {
    expect(csvLine([12, 'a@x.example', 'East, "NY"', 'Line\nBreak', null, undefined, -1.5, 0])).toBe(
      '12,a@x.example,"East, ""NY""","Line\nBreak",,,-1.5,0\r\n',
    );
    expect(csvLine([])).toBe('\r\n');
  });

  it('puts a leading quote mark before text a spreadsheet would run as a formula, never before a number', () => {
    expect(
      csvLine(['=HYPERLINK("http://evil.example","x")', '+1@x.example', '-2@x.example', '@SUM(A1)', 'a=b', -5]),
    ).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")",\'+1@x.example,\'-2@x.example,\'@SUM(A1),a=b,-5\r\n');
    expect(csvLine(['\tcmd', '\r=1+2', ' =1', "'quoted"])).toBe("'\tcmd,\"'\r=1+2\", =1,'quoted\r\n");
  });

  it('derives minutes from rated seconds (half up) before the seconds, then messages and bytes', () => {
    const sums = {
      voiceBillable: 89,
      voiceTotal: 90,
      messageBillable: 3,
      messageTotal: 4,
      dataBillable: 5,
      dataTotal: 6,
    };
    expect(csvSumsAmounts(sums)).toEqual([1, 2, 89, 90, 3, 4, 5, 6]);
    expect(csvSumsText(sums)).toBe('1,2,89,90,3,4,5,6');
  });

  it('writes the usage columns as text exactly as csvLine writes csvSumsAmounts', () => {
    const values = [0, 1, 29, 30, 31, 59, 60, 89, 90, 150, 7199, 2 ** 40 + 31, Number.MAX_SAFE_INTEGER - 40];
    for (const [i, v] of values.entries()) {
      const w = values[(i * 7 + 3) % values.length];
      const sums = {
        voiceBillable: v,
        voiceTotal: w,
        messageBillable: w,
        messageTotal: v,
        dataBillable: v,
        dataTotal: w,
      };
      expect(`${csvSumsText(sums)}\r\n`).toBe(csvLine(csvSumsAmounts(sums)));
    }
  });

  it('joins lines into pieces of about 64 KB, none lost or split', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i},${'x'.repeat(40)}\r\n`);
    const pieces = [...csvChunks(lines)];
    expect(pieces.join('')).toBe(lines.join(''));
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.length).toBeGreaterThanOrEqual(CSV_CHUNK_CHARS);
      expect(piece.endsWith('\r\n')).toBe(true);
    }
    expect([...csvChunks([])]).toEqual([]);
  });
});
