import { describe, expect, it } from 'vitest';
import { csvDataLines, decodeCsv, errorsByField, fieldKey, hasCsvHeader, patternTone, planInput, planProblems, readCsvFile } from './hotspot-logic';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('reading the city bureau’s CSV', () => {
  it('UTF-8, with or without a BOM', () => {
    const text = '小区名称,地址\n安化小区,安化路 1 号\n';
    expect(decodeCsv(utf8(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual({ text, encoding: 'utf-8' });
  });

  it('a file Excel saved as GBK is read as GB18030', () => {
    // "小区名称,地址" in GBK.
    const gbk = new Uint8Array([0xd0, 0xa1, 0xc7, 0xf8, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xb5, 0xd8, 0xd6, 0xb7]);
    expect(decodeCsv(gbk)).toEqual({ text: '小区名称,地址', encoding: 'gb18030' });
  });

  it('reads a picked file', async () => {
    const file = new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), '小区名称,地址\r\n安化小区,安化路\r\n'], { type: 'text/csv' });
    const { text } = await readCsvFile(file);
    expect(hasCsvHeader(text)).toBe(true);
    expect(csvDataLines(text)).toBe(1);
  });

  it('knows the two headers and counts the data lines', () => {
    expect(hasCsvHeader('小区名称,地址\n')).toBe(true);
    expect(hasCsvHeader('Name , Address\n')).toBe(true);
    expect(hasCsvHeader('"小区名称","地址"\n')).toBe(true);
    expect(hasCsvHeader('安化小区,安化路\n')).toBe(false);
    expect(csvDataLines('name,address\na,b\n\nc,d\n')).toBe(2);
    expect(csvDataLines('')).toBe(0);
  });
});

describe('userErrors on a form', () => {
  it('a field path without the leading "input"', () => {
    expect(fieldKey(['input', 'startedOn'])).toBe('startedOn');
    expect(fieldKey(['input', 'measures', '1', 'dueOn'])).toBe('measures.1.dueOn');
    expect(fieldKey(['endsOn'])).toBe('endsOn');
    expect(fieldKey([])).toBe('');
  });

  it('shows each error at its field, the others on the form', () => {
    const m = errorsByField(
      [
        { field: ['input', 'startedOn'], code: 'PLAN_BEFORE_HOTSPOT', message: '方案开始日期早于点位开始日期' },
        { field: ['input', 'whatever'], code: 'X', message: 'a' },
        { field: [], code: 'Y', message: 'b' },
      ],
      new Set(['startedOn']),
    );
    expect(m.get('startedOn')).toBe('方案开始日期早于点位开始日期');
    expect(m.get('')).toBe('a b');
  });
});

describe('a plan form', () => {
  const draft = { title: ' 整治群租 ', startedOn: '2026-11-20', endsOn: '', measures: [{ description: ' 联合检查 ', owner: '李强', dueOn: '2026-12-01' }] };

  it('is checked on the phone', () => {
    expect(planProblems(draft).size).toBe(0);
    const bad = planProblems({ title: '', startedOn: '2026-11-20', endsOn: '2026-11-01', measures: [{ description: 'x', owner: '', dueOn: '' }] });
    expect(Object.fromEntries(bad)).toEqual({ title: 'titleMissing', endsOn: 'endBeforeStart', 'measures.0': 'measureIncomplete' });
    expect(planProblems({ ...draft, measures: [] }).get('measures')).toBe('noMeasures');
  });

  it('sends trimmed text and no end date when none is set', () => {
    expect(planInput('h1', draft)).toEqual({
      hotspotId: 'h1',
      title: '整治群租',
      startedOn: '2026-11-20',
      endsOn: null,
      measures: [{ description: '联合检查', owner: '李强', dueOn: '2026-12-01' }],
    });
  });

  it('pattern chips have a tone by label', () => {
    expect(patternTone('SAME_PROBLEM_REPEATED')).toBe('danger');
    expect(patternTone('MANY_PROBLEMS_OFTEN')).toBe('warn');
    expect(patternTone('TOO_FEW')).toBe('neutral');
  });
});
