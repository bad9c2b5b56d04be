import type { AssistanceItem } from '@jh/contracts';
import type { Subject } from '@jh/domain-access';
import type { SignalKind } from '@jh/domain-outreach';
import type { RouteDoc } from '@jh/platform-http';
import type { EnvShape, Feature } from '@jh/platform-service';

/** How a granted result relates to money: medical aid always pays, job placement never does. */
export type GrantAmountRule = 'required' | 'optional' | 'forbidden';

/**
 * A household target the department tracks with every result (e.g. employment: at least one
 * member able to work is employed). The officer reports the named figures; `met` decides.
 */
export interface DepartmentTarget {
  code: string;
  labelZh: string;
  /** Figure key → Chinese label; each is reported as a non-negative integer. */
  figures: Readonly<Record<string, string>>;
  met(figures: Readonly<Record<string, number>>): boolean;
  /** Consistency checks between figures; each failure names the figure and a Chinese message. */
  check?(figures: Readonly<Record<string, number>>): { figure: string; message: string }[];
}

/** What a department's own feature may hand back to the kit. */
export interface DepartmentFeatureApi {
  /**
   * Figures added to the worklist response (GET /parts) as `summary`, counted over what the
   * reader may see (R-OV-2).
   */
  worklistSummary?(reader: Subject): Promise<Record<string, unknown>>;
}

/**
 * A department's own feature beyond the shared worklist (e.g. education's 免申即享 grants): a
 * feature like any other, with its own env slice; the kit starts it after the worklist.
 */
export type DepartmentFeature = Feature<EnvShape, void, DepartmentFeatureApi>;

/** The kinds of sign a department's own data shows; people report the fourth, through intake. */
export type DepartmentSignalKind = Exclude<SignalKind, 'reported_by_person'>;

/** What one department service adds on top of the shared kit: its identity and its own rules. */
export interface DepartmentDefinition {
  /** Department code used in routing and tokens, e.g. `education`. */
  code: string;
  /** Chinese name shown to users, e.g. 教育局. */
  name: string;
  defaultHttpPort: number;
  /** Items from the assistance catalogue this department decides on. */
  items: readonly AssistanceItem[];
  /** The department's own handling limit (R-JH-3) in working days; DEPT_HANDLING_LIMIT_DAYS overrides. */
  handlingLimitWorkingDays: number;
  /** Whether a granted result carries an amount in fen. */
  grantAmount: GrantAmountRule;
  target?: DepartmentTarget;
  /**
   * The sign of hardship the department's own data shows (主动发现, R-PD-1): set, the service
   * takes its records at `/hardship-records` and publishes HardshipSignal; unset, no signal feed.
   */
  signalKind?: DepartmentSignalKind;
  /** The department's own features; their env shapes join the department's config. */
  features?: readonly DepartmentFeature[];
  /** The OpenAPI descriptions of those features' routes (served with the worklist's). */
  openApiRoutes?: readonly RouteDoc[];
}
