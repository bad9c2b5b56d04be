import { randomUUID } from 'node:crypto';
import { DEVELOPMENT_PASSWORD, signIn, waitFor } from '@jh/platform-testing';
import type { ServiceName, Services } from './services';

// One application through the public APIs with the realm's development users, so that every
// consumed topic carries genuine events: submitted, dispatched ×4, 督办 (overdue), 转办 request,
// 转办 (cancelled + dispatched), accepted, reported, review steps, approved, paid; plus one
// 免申即享 certification and its end for education's exemptions.

interface Part {
  partId: string;
  department: string;
  status: string;
  transferRequest: object | null;
}

/** A valid 18-digit ID number (GB 11643 check character). */
function idNumber(serial: number, birth: string): string {
  const first17 = `330106${birth}${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

class Api {
  private readonly tokens = new Map<string, string>();
  constructor(private readonly services: Services) {}

  private async token(user: string): Promise<string> {
    let token = this.tokens.get(user);
    if (!token) {
      token = await signIn(user, DEVELOPMENT_PASSWORD);
      if (!token) throw new Error(`development user ${user} could not sign in`);
      this.tokens.set(user, token);
    }
    return token;
  }

  async call<T>(user: string, service: ServiceName, method: string, path: string, body?: object) {
    const res = await fetch(`${this.services.url(service)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(user)}`,
        'content-type': 'application/json',
        ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async ok<T = Record<string, unknown>>(
    user: string,
    service: ServiceName,
    method: string,
    path: string,
    body?: object,
  ): Promise<T> {
    const res = await this.call<T>(user, service, method, path, body);
    if (res.status >= 300)
      throw new Error(`${method} ${service}${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

const officers: Record<string, string> = {
  education: 'edu.330106',
  housing: 'housing.330106',
  medical: 'medical.330106',
  employment: 'employment.330106',
};

export async function driveOneApplication(services: Services): Promise<void> {
  const api = new Api(services);
  const submitted = await api.ok<{ id: string }>(
    'clerk.330106001',
    'intake',
    'POST',
    '/applications',
    {
      applicant: {
        name: '赵六',
        idNumber: idNumber(418, '19700402'),
        phone: '13900001818',
        address: '西湖区某社区',
        regionCode: '330106001',
        citizenCardNo: '6000000018181818',
      },
      items: ['education', 'housing', 'medical', 'temporary'],
      channel: 'window',
      hardshipDescription: '因病致困，子女就学、住房困难',
      declarationSigned: true,
    },
  );
  const applicationId = submitted.id;
  const casePath = `/cases/${applicationId}`;
  const parts = await waitFor(
    async () => {
      const c = await api.call<{ parts: Part[] }>('coord.330106', 'civil-affairs', 'GET', casePath);
      return c.status === 200 && c.body.parts.length === 3 ? c.body.parts : undefined;
    },
    { what: 'case with three parts', timeoutMs: 60_000 },
  );
  const partOf = (d: string) => parts.find((p) => p.department === d)!;
  const received = (d: string, partId: string) =>
    waitFor(
      async () =>
        (await api.call(officers[d]!, d as ServiceName, 'GET', `/parts/${partId}`)).status === 200,
      { what: `${d} has part ${partId}`, timeoutMs: 60_000 },
    );

  // 督办 on the medical part: a PartOverdue (reminder level).
  await api.ok(
    'coord.330106',
    'civil-affairs',
    'POST',
    `${casePath}/parts/${partOf('medical').partId}/supervision`,
    {
      action: 'remind',
      note: '请尽快办理',
    },
  );

  // Housing asks for 转办; the coordinator moves the part to employment (cancelled + dispatched).
  const housing = partOf('housing').partId;
  await received('housing', housing);
  await api.ok(officers['housing']!, 'housing', 'POST', `/parts/${housing}/transfer-request`, {
    suggestedDepartment: 'employment',
    reason: '属就业援助范围',
  });
  await waitFor(
    async () => {
      const c = await api.call<{ parts: Part[] }>('coord.330106', 'civil-affairs', 'GET', casePath);
      return c.body.parts.find((p) => p.partId === housing)?.transferRequest != null;
    },
    { what: 'transfer request in civil affairs', timeoutMs: 30_000 },
  );
  const moved = await api.ok<{ replacement: Part }>(
    'coord.330106',
    'civil-affairs',
    'POST',
    `${casePath}/parts/${housing}/transfer`,
    { toDepartment: 'employment', reason: '转就业部门办理' },
  );
  await received('employment', moved.replacement.partId);

  // Education and medical accept and report back.
  for (const d of ['education', 'medical']) {
    const path = `/parts/${partOf(d).partId}`;
    await received(d, partOf(d).partId);
    await api.ok(officers[d]!, d as ServiceName, 'POST', `${path}/accept`, {});
    await api.ok(officers[d]!, d as ServiceName, 'POST', `${path}/report`, {
      outcome: 'granted',
      amountFen: 10_000,
      note: '同意救助',
    });
  }

  // 临时救助 (emergency): checks by the reviewer, approval by the street, paid to the card.
  const review = await api.ok<{ id: string }>(
    'reviewer.330106001',
    'civil-affairs',
    'POST',
    '/reviews',
    {
      caseId: applicationId,
      item: 'temporary',
      kind: 'emergency',
      emergency: { category: 'accident_or_fire', occurredOn: today(), description: '住房失火' },
    },
  );
  const step = (user: string, path: string, body: object) =>
    api.ok<{ approval: { approvalId: string } | null }>(
      user,
      'civil-affairs',
      'POST',
      `/reviews/${encodeURIComponent(review.id)}/${path}`,
      body,
    );
  await step('reviewer.330106001', 'first-review', { opinion: '材料齐全' });
  await step('reviewer.330106001', 'economic-check', { startedOn: today(), completedOn: today() });
  await step('reviewer.330106001', 'home-visit', { visitedOn: today() });
  const approved = await step('approver.330106001', 'approve', { amountFen: 30_000 });
  const approvalId = approved.approval!.approvalId;
  await waitFor(
    async () => {
      const orders = await api.call<{ items: { status: string }[] }>(
        'pay.330106',
        'payment',
        'GET',
        `/orders?approvalId=${approvalId}`,
      );
      return (
        orders.body.items?.length > 0 && orders.body.items.every((o) => o.status === 'confirmed')
      );
    },
    { what: `orders of ${approvalId} confirmed`, timeoutMs: 90_000 },
  );

  // 免申即享: certified and ended (StudentCertified, StudentCertificationEnded).
  const certification = await api.ok<{ id: string }>(
    'reviewer.330106001',
    'civil-affairs',
    'POST',
    '/certifications',
    {
      certificateNo: 'FUZZ-0418',
      category: 'minimum_living_family_student',
      student: { name: '赵小六', idNumber: idNumber(419, '20120301'), school: '西湖区文三路小学' },
      household: { householdNo: 'H-0418', regionCode: '330106001' },
    },
  );
  await api.ok(
    'reviewer.330106001',
    'civil-affairs',
    'POST',
    `/certifications/${certification.id}/end`,
    {
      reason: '家庭收入超过低保标准，退出低保',
    },
  );

  // 主动发现: a large medical bill from the medical department's own data (HardshipSignal).
  const signal = await api.ok<{ signal: boolean }>(
    officers['medical']!,
    'medical',
    'POST',
    '/hardship-records',
    {
      recordId: 'FUZZ-0420',
      subject: {
        name: '钱七',
        idNumber: idNumber(420, '19650710'),
        regionCode: '330106001',
      },
      streetCode: '330106001',
      observedAt: new Date().toISOString(),
      figures: { personalExpenseFen: 12_000_000, householdAnnualIncomeFen: 3_000_000 },
    },
  );
  if (!signal.signal) throw new Error('the medical record raised no signal');
}
