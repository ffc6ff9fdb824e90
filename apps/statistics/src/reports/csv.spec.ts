import { csvField, toCsv } from './csv';

describe('CSV', () => {
  it('quotes what needs quoting and keeps decimals as written', () => {
    expect(csvField('精油、化妆品 Essential oils, cosmetics')).toBe(
      '"精油、化妆品 Essential oils, cosmetics"',
    );
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField(null)).toBe('');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+cmd')).toBe("'+cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes a header row and CRLF lines', () => {
    expect(toCsv(['key', 'count'], [['502', 3]])).toBe('key,count\r\n502,3\r\n');
  });
});
