// Every CSV Peron writes quotes per RFC 4180 and never hands a spreadsheet a formula; numbers stay numbers.
import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.ts';

describe('csvCell', () => {
  it('quotes, defuses formulas and keeps plain numbers', () => {
    expect(csvCell('Tanvald, nádraží')).toBe('"Tanvald, nádraží"');
    expect(csvCell('řekl "ahoj"\n')).toBe('"řekl ""ahoj""\n"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5+A1')).toBe("'-5+A1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-60)).toBe('-60');
    expect(csvCell('-1.5')).toBe('-1.5');
    expect(csvCell(null)).toBe('');
  });
});
