import { DEPARTMENT_NAMES_ZH } from '@jh/domain-policy';

/** R-JH-2 as data: which department handles which item, and each department's handling limit. */
export class RoutingTable {
  constructor(
    private readonly table: Readonly<Record<string, string>>,
    private readonly handlingLimits: Readonly<Record<string, number>>,
    private readonly defaultHandlingDays: number,
    private readonly names: Readonly<Record<string, string>> = {},
  ) {}

  /** Department → the item codes it is asked to handle, in the applicant's order; own items apart. */
  route(itemCodes: readonly string[]): { parts: Map<string, string[]>; ownItems: string[] } {
    const parts = new Map<string, string[]>();
    const ownItems: string[] = [];
    for (const code of itemCodes) {
      const department = this.table[code];
      if (!department) {
        if (!ownItems.includes(code)) ownItems.push(code);
        continue;
      }
      const items = parts.get(department) ?? [];
      if (!items.includes(code)) items.push(code);
      parts.set(department, items);
    }
    return { parts, ownItems };
  }

  /** Every department the configuration knows (routing targets and departments with limits). */
  departments(): string[] {
    return [...new Set([...Object.values(this.table), ...Object.keys(this.handlingLimits)])];
  }

  isKnown(department: string): boolean {
    return this.departments().includes(department);
  }

  handlingWorkingDays(department: string): number {
    return this.handlingLimits[department] ?? this.defaultHandlingDays;
  }

  nameOf(department: string): string {
    return this.names[department] ?? DEPARTMENT_NAMES_ZH[department] ?? department;
  }
}
