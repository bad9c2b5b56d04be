import type { MatrixEndpoint, MatrixSubject } from '@jh/access-guard';

/** One endpoint of civil affairs' access matrix (its own file: feature rows import it too). */
export type Row = MatrixEndpoint & {
  /** The route's own narrower roles (a step only some of the kind's writers take). */
  step?: readonly string[];
  /** A role condition beyond the role names (the SLA scan: city level only). */
  only?: (subject: MatrixSubject) => boolean;
};
