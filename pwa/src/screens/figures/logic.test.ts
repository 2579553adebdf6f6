import { describe, expect, it } from 'vitest';
import type { FigureRow } from '../../graphql/figure-types';
import {
  addDays,
  beforeAfterData,
  breakdownData,
  dateToSeconds,
  downloadName,
  drillDownPath,
  figuresExportUrl,
  filterKeyOfDimension,
  filterOf,
  formatRate,
  itemsExportUrl,
  parseDrillDown,
  periodProblem,
  presetPeriod,
  ratePercent,
  shanghaiToday,
  trendData,
} from './logic';

describe('periods (Shanghai calendar days)', () => {
  it('today is the Shanghai date, whatever the phone says', () => {
    expect(shanghaiToday(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
    expect(shanghaiToday(Date.parse('2026-11-30T15:59:00Z'))).toBe('2026-11-30');
  });

  it('this month, last month, this year; custom keeps its own dates', () => {
    expect(presetPeriod('thisMonth', '2026-11-27')).toEqual({ from: '2026-11-01', to: '2026-11-27' });
    expect(presetPeriod('lastMonth', '2026-11-27')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetPeriod('lastMonth', '2026-03-05')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('lastMonth', '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(presetPeriod('lastMonth', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetPeriod('thisYear', '2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-11-27' });
    expect(presetPeriod('custom', '2026-11-27')).toBeNull();
  });

  it('refuses what the server refuses: missing dates, an end before the start, over 366 days', () => {
    expect(periodProblem({ from: '', to: '2026-11-27' })).toBe('missing');
    expect(periodProblem({ from: '2026-11-28', to: '2026-11-27' })).toBe('toBeforeFrom');
    expect(periodProblem({ from: '2026-01-01', to: addDays('2026-01-01', 366) })).toBeNull();
    expect(periodProblem({ from: '2026-01-01', to: addDays('2026-01-01', 367) })).toBe('tooLong');
    expect(periodProblem({ from: '2026-11-27', to: '2026-11-27' })).toBeNull();
  });
});

describe('rates', () => {
  it('read as percentages with one decimal; nothing to divide reads "—", never 0 %', () => {
    expect(formatRate('zh-CN', 0.8571)).toBe('85.7%');
    expect(formatRate('en', 1)).toBe('100.0%');
    expect(formatRate('en', 0)).toBe('0.0%');
    expect(formatRate('zh-CN', null)).toBe('—');
    expect(formatRate('en', undefined)).toBe('—');
    expect(formatRate('en', Number.NaN)).toBe('—');
  });

  it('become chart percentages, gaps kept', () => {
    expect(ratePercent(0.8571)).toBe(85.7);
    expect(ratePercent(null)).toBeNull();
  });
});

const filter = { from: '2026-11-01', to: '2026-11-30' };

describe('the filter, the drill-down address and the export URLs', () => {
  it('sends only the filters that are set', () => {
    expect(
      filterOf({
        period: filter,
        subDistrictId: 'sd1',
        communityId: null,
        matterCode: 'B1',
        category: null,
        source: 'CITIZEN_COMPLAINT',
        firmId: null,
        focus: null,
      }),
    ).toEqual({ ...filter, subDistrictId: 'sd1', matterCode: 'B1', source: 'CITIZEN_COMPLAINT' });
  });

  it('maps a row of each dimension to the filter it stands for', () => {
    expect(filterKeyOfDimension('COMMUNITY')).toBe('communityId');
    expect(filterKeyOfDimension('FIRM')).toBe('firmId');
    expect(filterKeyOfDimension('DISTRICT')).toBeNull();
  });

  it('a drill-down survives its address', () => {
    const d = { filter: { ...filter, communityId: 'c 1', focus: 'GROUP_RENTING' as const }, measure: 'ACCEPTED_LATE' as const, by: 'COMMUNITY' as const, key: 'c 1', label: '安化小区' };
    const path = drillDownPath(d);
    expect(path.startsWith('/figures/items?from=2026-11-01&to=2026-11-30&communityId=c+1&focus=GROUP_RENTING&measure=ACCEPTED_LATE&by=COMMUNITY&key=c+1')).toBe(true);
    expect(parseDrillDown(path.slice(path.indexOf('?') + 1))).toEqual(d);
    expect(parseDrillDown(drillDownPath({ filter, measure: 'RECEIVED', by: null, key: null, label: null }).split('?')[1]!)).toEqual({
      filter,
      measure: 'RECEIVED',
      by: null,
      key: null,
      label: null,
    });
  });

  it('refuses an address that names no valid drill-down', () => {
    expect(parseDrillDown('from=2026-11-01&to=2026-11-30')).toBeNull();
    expect(parseDrillDown('from=2026-11-01&to=2026-11-30&measure=EVERYTHING')).toBeNull();
    expect(parseDrillDown('from=2026-12-01&to=2026-11-30&measure=RECEIVED')).toBeNull();
    expect(parseDrillDown('from=2026-11-01&to=2026-11-30&measure=RECEIVED&by=NOPE&key=x')).toMatchObject({ by: null, key: null });
  });

  it('builds the contract’s export URLs', () => {
    expect(figuresExportUrl({ ...filter, firmId: 'f1' }, 'SUB_DISTRICT')).toBe('/exports/figures.xlsx?from=2026-11-01&to=2026-11-30&firmId=f1&by=SUB_DISTRICT');
    expect(itemsExportUrl({ filter, measure: 'REPEAT', by: null, key: null })).toBe('/exports/items.xlsx?from=2026-11-01&to=2026-11-30&measure=REPEAT');
    expect(itemsExportUrl({ filter: { ...filter, matterCode: 'A1' }, measure: 'UNRESOLVED', by: 'COMMUNITY', key: 'c1' })).toBe(
      '/exports/items.xlsx?from=2026-11-01&to=2026-11-30&matterCode=A1&measure=UNRESOLVED&by=COMMUNITY&key=c1',
    );
  });

  it('names the download as the server says, else the fallback', () => {
    expect(downloadName('attachment; filename="figures-2026-11-01-2026-11-30.xlsx"', 'x.xlsx')).toBe('figures-2026-11-01-2026-11-30.xlsx');
    expect(downloadName("attachment; filename*=UTF-8''%E6%8C%87%E6%A0%87.xlsx", 'x.xlsx')).toBe('指标.xlsx');
    expect(downloadName('attachment; filename=items.xlsx', 'x.xlsx')).toBe('items.xlsx');
    expect(downloadName(null, 'x.xlsx')).toBe('x.xlsx');
  });
});

const row = (patch: Partial<FigureRow>): FigureRow => ({
  key: 'k',
  label: 'L',
  received: 0,
  acceptedOnTime: 0,
  responseRate: null,
  resolved: 0,
  resolutionRate: null,
  replied: 0,
  repliedOnTime: 0,
  onTimeRate: null,
  rated: 0,
  satisfied: 0,
  satisfactionRate: null,
  violations: 0,
  converted: 0,
  conversionRate: null,
  mandatoryViolations: 0,
  mandatoryConverted: 0,
  mandatoryConversionRate: null,
  complaints: 0,
  repeats: 0,
  repeatRate: null,
  ...patch,
});

describe('chart data', () => {
  it('the trend: weeks as x, received, then the three rates in %', () => {
    const data = trendData([
      { start: '2026-11-02', received: 4, responseRate: 0.75, resolutionRate: 0.5, satisfactionRate: null },
      { start: '2026-11-09', received: 0, responseRate: null, resolutionRate: null, satisfactionRate: null },
    ]);
    expect(data).toEqual([[dateToSeconds('2026-11-02'), dateToSeconds('2026-11-09')], [4, 0], [75, null], [50, null], [null, null]]);
    expect(dateToSeconds('2026-11-09') - dateToSeconds('2026-11-02')).toBe(7 * 86_400);
  });

  it('the breakdown: most received first, at most ten', () => {
    const rows = Array.from({ length: 12 }, (_, i) => row({ key: `k${i}`, label: `L${i}`, received: i, resolutionRate: i === 11 ? 0.5 : null }));
    const b = breakdownData(rows);
    expect(b.labels).toHaveLength(10);
    expect(b.labels[0]).toBe('L11');
    expect(b.received.slice(0, 3)).toEqual([11, 10, 9]);
    expect(b.rates[0]).toBe(50);
    expect(b.rates[1]).toBeNull();
  });

  it('a plan’s weeks: before and after as two series, the start marked, averages on either side', () => {
    const weeks = [
      { weekStart: '2026-11-16', count: 1, afterPlan: true },
      { weekStart: '2026-11-02', count: 4, afterPlan: false },
      { weekStart: '2026-11-09', count: 6, afterPlan: false },
      { weekStart: '2026-11-23', count: 2, afterPlan: true },
    ];
    const d = beforeAfterData(weeks);
    expect(d.xs).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].map(dateToSeconds));
    expect(d.before).toEqual([4, 6, null, null]);
    expect(d.after).toEqual([null, null, 1, 2]);
    expect(d.startX).toBe(dateToSeconds('2026-11-16'));
    expect(d.averageBefore).toBe(5);
    expect(d.averageAfter).toBe(1.5);
  });

  it('a plan that has not started yet has no after weeks', () => {
    const d = beforeAfterData([{ weekStart: '2026-11-02', count: 3, afterPlan: false }]);
    expect(d.startX).toBeNull();
    expect(d.averageAfter).toBeNull();
    expect(beforeAfterData([]).averageBefore).toBeNull();
  });
});
