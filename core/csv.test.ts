import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('CSV cells (RFC 4180)', () => {
  it('leaves plain text and numbers as they are', () => {
    expect(csvCell('Carol Customer')).toBe('Carol Customer');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(true)).toBe('true');
  });

  it('writes nothing for missing values and non-finite numbers', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes a cell with a comma, a quote or a line break, doubling the quotes inside', () => {
    expect(csvCell('Smith, Jane')).toBe('"Smith, Jane"');
    expect(csvCell('the "big" one')).toBe('"the ""big"" one"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('"')).toBe('""""');
  });

  it('keeps unicode text intact', () => {
    expect(csvCell('Zoë Ångström 日本')).toBe('Zoë Ångström 日本');
  });
});

describe('formula injection guard', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])('prefixes %j with an apostrophe', (text) => {
    expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
  });

  it('guards and quotes a formula that also needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
  });

  it('does not touch a formula character later in the text, nor a negative number', () => {
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('me@example.com')).toBe('me@example.com');
    expect(csvCell(-5)).toBe('-5');
  });
});

describe('CSV documents', () => {
  it('quotes a cell holding a semicolon or a tab, so a spreadsheet splitting on them keeps a formula inside it', () => {
    expect(csvCell('Carol;=HYPERLINK("https://evil.example","x")')).toBe('"Carol;=HYPERLINK(""https://evil.example"",""x"")"');
    expect(csvCell('Carol\t=1+1')).toBe('"Carol\t=1+1"');
    expect(csvCell('Carol; Dan')).toBe('"Carol; Dan"');
  });

  it('writes the header then each row, every line ended by CRLF', () => {
    const csv = toCsv(['name', 'count'], [['Carol, C.', 3], ['=cmd', null]]);
    expect(csv).toBe('name,count\r\n"Carol, C.",3\r\n\'=cmd,\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});
