// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  EMPTY_REGISTRATION,
  findingProblems,
  isHighRisk,
  registrationErrorField,
  registrationFromDraft,
  registrationInput,
  registrationProblems,
  renovationSteps,
  startBlocked,
  todayDate,
  violationFound,
  type PatrolEntry,
  type RegistrationValues,
} from './logic';

const filled: RegistrationValues = {
  ...EMPTY_REGISTRATION,
  communityId: 'c1',
  unitId: 'u1',
  ownerName: ' 王某 ',
  ownerPhone: '  ',
  contractorName: '好家装饰',
  contractorPhone: '13800000000',
  plannedStart: '2026-12-01',
  plannedEnd: '2026-12-31',
  scopeOfWork: ' 卫生间改造 ',
};

describe('the registration form', () => {
  it('any one of the three makes it high-risk', () => {
    expect(isHighRisk({ loadBearing: false, waterproofing: false, sharedFacilities: false })).toBe(false);
    expect(isHighRisk({ loadBearing: true, waterproofing: false, sharedFacilities: false })).toBe(true);
    expect(isHighRisk({ loadBearing: false, waterproofing: true, sharedFacilities: false })).toBe(true);
    expect(isHighRisk({ loadBearing: false, waterproofing: false, sharedFacilities: true })).toBe(true);
  });

  it('names every missing field; phones are optional', () => {
    expect(registrationProblems(EMPTY_REGISTRATION)).toEqual({
      communityId: 'requiredChoice',
      unitId: 'requiredChoice',
      ownerName: 'required',
      contractorName: 'required',
      plannedStart: 'required',
      plannedEnd: 'required',
      scopeOfWork: 'required',
    });
    expect(registrationProblems(filled)).toEqual({});
  });

  it('an end before the start is shown on the end date (END_BEFORE_START); the same day is fine', () => {
    expect(registrationProblems({ ...filled, plannedEnd: '2026-11-30' })).toEqual({ plannedEnd: 'endBeforeStart' });
    expect(registrationProblems({ ...filled, plannedEnd: '2026-12-01' })).toEqual({});
  });

  it('the input: trimmed, empty phones null, the key, the three flags', () => {
    expect(registrationInput({ ...filled, waterproofing: true }, 'k1')).toEqual({
      idempotencyKey: 'k1',
      communityId: 'c1',
      unitId: 'u1',
      ownerName: '王某',
      ownerPhone: null,
      contractorName: '好家装饰',
      contractorPhone: '13800000000',
      plannedStart: '2026-12-01',
      plannedEnd: '2026-12-31',
      scopeOfWork: '卫生间改造',
      loadBearing: false,
      waterproofing: true,
      sharedFacilities: false,
    });
  });

  it('a server userError lands on its field', () => {
    expect(registrationErrorField(['input', 'plannedEnd'])).toBe('plannedEnd');
    expect(registrationErrorField(['input', 'unitId'])).toBe('unitId');
    expect(registrationErrorField(['input'])).toBeNull();
  });

  it('a saved draft comes back as values; junk is dropped', () => {
    expect(registrationFromDraft({ ownerName: '王某', waterproofing: true, loadBearing: 'yes', other: 1, idempotencyKey: 'k' })).toEqual({
      ...EMPTY_REGISTRATION,
      ownerName: '王某',
      waterproofing: true,
    });
  });

  it('todayDate is the local calendar day', () => {
    expect(todayDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('a registration’s steps', () => {
  it('follows the status', () => {
    const states = (status: Parameters<typeof renovationSteps>[0]['status']) => renovationSteps({ status }).map((s) => `${s.key}:${s.state}`);
    expect(states('REGISTERED')).toEqual(['agreement:current', 'start:later', 'patrol:later', 'complete:later']);
    expect(states('AGREED')).toEqual(['agreement:done', 'start:current', 'patrol:later', 'complete:later']);
    expect(states('STARTED')).toEqual(['agreement:done', 'start:done', 'patrol:current', 'complete:current']);
    expect(states('COMPLETED')).toEqual(['agreement:done', 'start:done', 'patrol:done', 'complete:done']);
  });

  it('start work waits for the agreement', () => {
    expect(startBlocked({ status: 'REGISTERED', agreementSignedOn: null })).toBe('needsAgreement');
    expect(startBlocked({ status: 'AGREED', agreementSignedOn: '2026-11-27' })).toBeNull();
    expect(startBlocked({ status: 'STARTED', agreementSignedOn: '2026-11-27' })).toBe('alreadyStarted');
  });

  it('the report action shows once a violation is logged or waiting on the phone, while works go on', () => {
    const p = (violation: boolean) => ({ id: 'x', patrolledAt: '', findings: '', violation, photoUrl: null, thumbnailUrl: null, by: '' });
    const pending = [{ input: { violation: true } }] as unknown as PatrolEntry[];
    expect(violationFound({ status: 'STARTED', patrols: [p(false)] }, [])).toBe(false);
    expect(violationFound({ status: 'STARTED', patrols: [p(false), p(true)] }, [])).toBe(true);
    expect(violationFound({ status: 'STARTED', patrols: [] }, pending)).toBe(true);
    expect(violationFound({ status: 'COMPLETED', patrols: [p(true)] }, [])).toBe(false);
  });

  it('a finding needs the whole dissuasion record', () => {
    expect(findingProblems({ matterCode: '', description: '', stillBeingBuilt: false, dissuasion: { at: '', method: ' ', by: '', ownerResponse: '' } })).toEqual([
      'description',
      'dissuasionAt',
      'dissuasionMethod',
      'dissuasionBy',
      'dissuasionOwnerResponse',
    ]);
    expect(findingProblems({ matterCode: '', description: 'x', stillBeingBuilt: false, dissuasion: { at: '2026-11-27T01:00:00Z', method: 'a', by: 'b', ownerResponse: 'c' } })).toEqual([]);
  });
});
