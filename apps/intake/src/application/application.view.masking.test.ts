import type { Actor } from '@jh/platform-auth';
import type { StoredApplication } from './application.store';
import {
  applicationListItem,
  applicationView,
  canSeeFullIdentity,
  maskAddress,
  maskPhone,
} from './application.view';

const at = new Date('2026-03-02T01:00:00Z');
const doc: StoredApplication = {
  _id: 'app-1',
  applicationNo: 'JH-2026-000001',
  status: 'submitted',
  applicant: {
    name: '王小明',
    idNumber: '11010519491231002X',
    phone: '13800138000',
    address: '浙江省杭州市西湖区文三路1号',
    regionCode: '330106',
    citizenCardNo: '3301061234567890',
  },
  householdMembers: [{ name: '王小红', relation: 'spouse', idNumber: '330106199001011221' }],
  items: ['dibao'],
  channel: 'window',
  hardshipDescription: '',
  declarationSigned: true,
  scope: { city: '330100', county: '330106', street: '' },
  owner: { userId: 'clerk-1', regionCode: '330106' },
  ownerHistory: [
    { fromUserId: '', toUserId: 'clerk-1', byUserId: 'clerk-1', reason: '首问受理', at },
  ],
  missingDocuments: ['户口簿'],
  outstandingDocuments: ['户口簿'],
  suppliedDocuments: [],
  idempotencyKey: 'key:abc12345',
  requestHash: 'h',
  submittedAt: at,
};
const actor = (...roles: Actor['roles']): Actor => ({ userId: 'u', roles });

describe('R-OV-2 personal data masking', () => {
  it('masks phones and addresses', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('123')).toBe('****');
    expect(maskAddress('浙江省杭州市西湖区文三路1号')).toBe('浙江省杭州市****');
    expect(maskAddress('杭州')).toBe('****');
  });

  it('gives the full identity only to window clerks and first reviewers', () => {
    expect(canSeeFullIdentity(actor('window_clerk'))).toBe(true);
    expect(canSeeFullIdentity(actor('first_reviewer'))).toBe(true);
    expect(canSeeFullIdentity(actor('coordinator', 'department_officer'))).toBe(false);
    const full = applicationView(doc, true);
    expect(full.applicant).toMatchObject({
      idNumber: '11010519491231002X',
      phone: '13800138000',
      citizenCardNo: '3301061234567890',
    });
    expect(full.householdMembers[0]?.idNumber).toBe('330106199001011221');
  });

  it('masks detail views by default and list rows always, never leaking internals', () => {
    const view = applicationView(doc);
    expect(view.applicant).toEqual({
      name: '王小明',
      idNumber: '110105********002X',
      phone: '138****8000',
      address: '浙江省杭州市****',
      regionCode: '330106',
      citizenCardNo: '************7890',
    });
    expect(view.householdMembers[0]?.idNumber).toBe('330106********1221');
    expect(view.ownerHistory[0]?.at).toBe('2026-03-02T01:00:00.000Z');
    const row = applicationListItem(doc);
    expect(row.applicant.idNumber).toBe('110105********002X');
    expect(row.householdSize).toBe(2);
    for (const shown of [view, row]) {
      expect(JSON.stringify(shown)).not.toMatch(/idempotency|requestHash|outbox/);
    }
  });
});
