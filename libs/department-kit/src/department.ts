import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { AssistanceItem } from '@jh/contracts';
import type { TokenVerifier } from '@jh/platform-auth';
import type { KafkaHandle } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { DepartmentConfig } from './env';

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
   * The department's own module beyond the shared worklist (e.g. education's 免申即享 grants):
   * called once at start-up with the service's resources; it wires its own consumers and relays.
   */
  extend?(ctx: DepartmentExtensionContext): Promise<DepartmentExtension>;
}

/** What a department's own module gets from the kit at start-up. */
export interface DepartmentExtensionContext {
  config: DepartmentConfig;
  mongo: Connection;
  kafka: KafkaHandle;
  logger: Logger;
  verifier: TokenVerifier;
  /** The service's clock (injected in tests). */
  clock: () => Date;
  /** Register cleanup; run in reverse order on stop. */
  onStop(fn: () => Promise<void>): void;
}

export interface DepartmentExtension {
  /** Mounts the module's own routes after the shared ones. */
  mountHttp?(app: Express): void;
  /** Figures added to the worklist response (GET /parts) as `summary`. */
  worklistSummary?(): Promise<Record<string, unknown>>;
}
