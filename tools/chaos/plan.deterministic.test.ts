import { actionsOf, idNumberOf, planApplications, planFaults, SERVICES } from './plan';

// Issue 18, chaos: a seed fixes the applications and the fault schedule (timings aside), so a
// failing run can be run again as it was.

const faultOptions = { kills: 20, brokerRestarts: 2, dbRestarts: 2, replicas: 2 };

describe('chaos plan', () => {
  it('the same seed gives the same applications and faults; another seed others', () => {
    expect(planApplications(7, 200)).toEqual(planApplications(7, 200));
    expect(planFaults(7, faultOptions)).toEqual(planFaults(7, faultOptions));
    expect(planApplications(8, 200)).not.toEqual(planApplications(7, 200));
    expect(planFaults(8, faultOptions)).not.toEqual(planFaults(7, faultOptions));
    // More applications keep the first ones and the faults as they were.
    expect(planApplications(7, 300).slice(0, 200)).toEqual(planApplications(7, 200));
  });

  it('the schedule has the asked faults, in progress order, between 5 % and 90 % of the work', () => {
    const faults = planFaults(3, faultOptions);
    expect(faults.filter((f) => f.kind === 'kill')).toHaveLength(20);
    expect(faults.filter((f) => f.kind === 'broker')).toHaveLength(2);
    expect(faults.filter((f) => f.kind === 'db')).toHaveLength(2);
    expect(faults.map((f) => f.at)).toEqual([...faults.map((f) => f.at)].sort((a, b) => a - b));
    for (const f of faults) {
      expect(f.at).toBeGreaterThanOrEqual(0.05);
      expect(f.at).toBeLessThanOrEqual(0.9);
      if (f.kind === 'kill') {
        expect(SERVICES).toContain(f.service);
        expect([0, 1]).toContain(f.replica);
      }
    }
  });

  it('R-JH-1/R-AP-5: every application needs something, own items stay at street level, and stages add up', () => {
    const apps = planApplications(11, 2000);
    for (const a of apps) {
      expect(a.items.length).toBeGreaterThan(0);
      expect(new Set(a.items).size).toBe(a.items.length);
      if (a.own) {
        const total = a.own.instalmentsFen.reduce((x, y) => x + y, 0);
        expect(total).toBeLessThanOrEqual(50_000);
        expect(a.own.instalmentsFen.every((f) => f > 0)).toBe(true);
        expect(a.items).toContain(a.own.item);
      }
      expect(actionsOf(a)).toBeGreaterThanOrEqual(2);
    }
    // A few refusals, most approved.
    const refused = apps.filter((a) => a.own?.refuse).length;
    const own = apps.filter((a) => a.own).length;
    expect(refused).toBeGreaterThan(0);
    expect(refused / own).toBeLessThan(0.2);
  });

  it('applicants of a long run have ID numbers of their own, with a valid check digit', () => {
    const apps = planApplications(1, 12_000);
    expect(new Set(apps.map((a) => a.applicant.idNumber)).size).toBe(12_000);
    expect(new Set(apps.map((a) => a.applicant.citizenCardNo)).size).toBe(12_000);
    for (const a of apps.slice(0, 50)) {
      const id = a.applicant.idNumber;
      expect(idNumberOf(id.slice(0, 6), id.slice(6, 14), Number(id.slice(14, 17)))).toBe(id);
      expect(a.applicant.citizenCardNo).toMatch(/^\d{16}$/);
    }
    // GB 11643's example number.
    expect(idNumberOf('110105', '19491231', 2)).toBe('11010519491231002X');
  });
});
