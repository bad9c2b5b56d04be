// Everything a chaos run decides by its seed: the applications (items, street, refusals,
// instalments) and the fault schedule. Timings are not part of it (the machine decides those),
// so the same seed gives the same applications and the same faults in the same order.

/** mulberry32: small, fast and good enough to choose test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(next: () => number, list: readonly T[]): T =>
  list[Math.floor(next() * list.length)]!;
export const between = (next: () => number, min: number, max: number): number =>
  min + Math.floor(next() * (max - min + 1));

export const DEPARTMENTS = ['education', 'housing', 'medical', 'employment'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const SERVICES = ['intake', 'civil-affairs', ...DEPARTMENTS, 'payment'] as const;
export type ServiceName = (typeof SERVICES)[number];
/** Streets of the development realm, each with its county's users (tools/local-infra/keycloak). */
export const STREETS = ['330106001', '330106002', '330105001', '330105002'] as const;

export interface PlannedApplication {
  index: number;
  street: string;
  /** Department items (one part each) and at most one of civil affairs' own items. */
  items: string[];
  own: { item: 'dibao' | 'temporary'; refuse: boolean; instalmentsFen: number[] } | null;
  applicant: { name: string; idNumber: string; phone: string; citizenCardNo: string };
}

const FAMILY = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '丽强敏静磊芳军洋艳勇杰娟涛明超霞平刚';

/** GB 11643 ID number: region, birth day, serial and the check digit. */
export function idNumberOf(region: string, birth: string, serial: number): string {
  const first17 = `${region}${birth}${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

/** A birth day per thousand applications, so every applicant has an ID number of their own. */
function birthOf(index: number): string {
  const d = new Date(Date.UTC(1950, 0, 1) + Math.floor(index / 1000) * 86400_000);
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

export function planApplications(seed: number, count: number): PlannedApplication[] {
  const next = rng(seed);
  const out: PlannedApplication[] = [];
  for (let index = 0; index < count; index++) {
    const street = pick(next, STREETS);
    const departments = DEPARTMENTS.filter(() => next() < 0.45);
    const roll = next();
    const ownItem = roll < 0.45 ? 'dibao' : roll < 0.8 ? 'temporary' : null;
    // Every application needs something: a department part, or civil affairs' own item.
    if (departments.length === 0 && !ownItem) departments.push(pick(next, DEPARTMENTS));
    let own: PlannedApplication['own'] = null;
    if (ownItem) {
      const refuse = next() < 0.08;
      // Street level (≤ 500 元, R-AP-5); temporary aid sometimes in two stages (R-AP-4).
      const total = between(next, 100, 500) * 100;
      const split = ownItem === 'temporary' && next() < 0.4;
      const first = Math.floor(total / 2 / 100) * 100;
      own = {
        item: ownItem,
        refuse,
        instalmentsFen: split ? [first, total - first] : [total],
      };
    }
    out.push({
      index,
      street,
      items: [...departments, ...(ownItem ? [ownItem] : [])],
      own,
      applicant: {
        name: `${pick(next, [...FAMILY])}${pick(next, [...GIVEN])}${pick(next, [...GIVEN])}`,
        idNumber: idNumberOf(street.slice(0, 6), birthOf(index), index % 1000),
        phone: `138${String(between(next, 0, 99_999_999)).padStart(8, '0')}`,
        citizenCardNo: `3301${String(index).padStart(8, '0')}${String(between(next, 0, 9999)).padStart(4, '0')}`,
      },
    });
  }
  return out;
}

export type Fault =
  | { kind: 'kill'; service: ServiceName; replica: number; at: number; downMs: number }
  | { kind: 'broker'; at: number; downMs: number }
  | { kind: 'db'; at: number; downMs: number };

export interface FaultOptions {
  kills: number;
  brokerRestarts: number;
  dbRestarts: number;
  replicas: number;
}

/**
 * The faults, each at a point of the workload's progress (0–1, share of planned API actions done)
 * rather than a wall-clock time: a busy machine stretches the run, the faults stay where they were.
 */
export function planFaults(seed: number, o: FaultOptions): Fault[] {
  // Its own stream: changing the applications' count keeps the fault kinds and targets.
  const next = rng(seed ^ 0x5eed_c4a0);
  const at = () => Math.round((0.05 + next() * 0.85) * 10_000) / 10_000;
  const faults: Fault[] = [];
  for (let i = 0; i < o.kills; i++) {
    faults.push({
      kind: 'kill',
      service: pick(next, SERVICES),
      replica: between(next, 0, o.replicas - 1),
      at: at(),
      downMs: between(next, 500, 6000),
    });
  }
  for (let i = 0; i < o.brokerRestarts; i++)
    faults.push({ kind: 'broker', at: at(), downMs: between(next, 2000, 10_000) });
  for (let i = 0; i < o.dbRestarts; i++)
    faults.push({ kind: 'db', at: at(), downMs: between(next, 1000, 6000) });
  return faults.sort((a, b) => a.at - b.at);
}

/** API actions the workload will make for one application (the progress unit of the faults). */
export function actionsOf(app: PlannedApplication): number {
  const parts = app.items.filter((i) => (DEPARTMENTS as readonly string[]).includes(i)).length;
  // submit; accept + report per part; open + first review + check + visit (+ democratic
  // review for temporary aid) + decision.
  const review = app.own ? 5 + (app.own.item === 'temporary' ? 1 : 0) : 0;
  return 1 + 2 * parts + review;
}
