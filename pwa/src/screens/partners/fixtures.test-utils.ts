// Shared by the partner screens' tests: referrals and joint actions as the server sends them.
import type { JointAction, Referral, ReferralSummary } from '../../graphql/partner-types';
import type { User } from '../../graphql/types';

export const housing: User = { id: 'h1', displayName: '区房管局 吴科员', role: 'HOUSING', status: 'ACTIVE', scope: { kind: 'DISTRICT', label: '长宁区' } };

export function referralSummary(patch: Partial<ReferralSummary> = {}): ReferralSummary {
  return {
    id: 'rf1',
    reference: '长城管转〔2026〕0001',
    externalReference: null,
    direction: 'OUTGOING',
    state: 'SENT',
    department: { id: 'd1', name: '长宁区房屋管理局', kind: 'HOUSING', address: '上海市长宁区愚园路1320号', inApp: true },
    reason: '群租整治属房管部门职责',
    item: {
      id: 'i1',
      matterCode: 'B2',
      matterName: '按床位出租',
      communityName: '华阳小区',
      unitLabel: '1号楼 302',
      description: '302室按床位出租，住了十几个人',
      seenAt: null,
      receivedAt: '2026-11-23T02:00:00Z',
      status: 'VERIFYING',
    },
    sentAt: '2026-11-24T02:00:00Z',
    sends: 1,
    transferDueAt: '2026-11-26T15:59:59Z',
    sentOnTime: true,
    answerDueAt: '2026-12-01T15:59:59Z',
    overdue: false,
    answer: null,
    answeredAt: null,
    returnReason: null,
    returnedAt: null,
    ...patch,
  };
}

export function referral(patch: Partial<Referral> = {}): Referral {
  return {
    ...referralSummary(),
    canReceive: false,
    canAnswer: false,
    canReturn: false,
    canResend: false,
    events: [{ at: '2026-11-24T02:00:00Z', action: 'SEND', actorName: '华阳路中队 刘队员', fromState: null, toState: 'SENT', note: null, onBehalf: false }],
    ...patch,
  };
}

export function jointAction(patch: Partial<JointAction> = {}): JointAction {
  return {
    id: 'ja1',
    title: '华阳小区群租联合整治',
    focus: 'GROUP_RENTING',
    community: {
      id: 'c1',
      name: '华阳小区',
      affordableHousing: false,
      buildings: [{ id: 'b12', name: '12号', units: [{ id: 'u302', number: '302室' }, { id: 'u303', number: '303室' }] }],
    },
    actionOn: '2026-11-27',
    departments: [{ id: 'd1', name: '长宁区房屋管理局', kind: 'HOUSING' }],
    note: null,
    createdByName: '华阳路中队 刘队员',
    units: [],
    canEdit: true,
    ...patch,
  };
}
