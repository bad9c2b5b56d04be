import { ApplicationView, IntakeServiceService } from '@jh/contracts';
import { runAccessMatrix, type MatrixSubject } from '@jh/access-guard';
import { rolesFor } from '@jh/domain-access';
import { startGrpcServer, type GrpcServerHandle } from '@jh/platform-grpc';
import { signInDevelopmentUsers } from '@jh/platform-testing';
import { startHarness, type Harness } from './test-harness';
import { endpoints } from './test-harness.access-endpoints';
import { seedMatrixRecords, targets } from './test-harness.access-records';

jest.setTimeout(600_000);

/**
 * Issue 13 (R-OV-2): every HTTP endpoint of civil affairs × every development user × a record
 * in street 330106001 and one in 330105001. Expected answers come from the one policy
 * (`decide`); a route's narrower step roles (e.g. only approvers approve) are a role check too,
 * so a subject is matched with only the roles the step accepts.
 */

let h: Harness;
let intake: GrpcServerHandle;

beforeAll(async () => {
  // A stand-in for intake's gRPC read (another service): it knows every application id, so a
  // cell that passes civil affairs' own checks gets the application, not an upstream error.
  intake = await startGrpcServer(
    [
      {
        definition: IntakeServiceService,
        implementation: {
          getApplication: (
            call: { request: { applicationId: string } },
            done: (e: null, r: unknown) => void,
          ) =>
            done(null, {
              application: ApplicationView.fromPartial({
                applicationId: call.request.applicationId,
              }),
            }),
        } as never,
      },
    ],
    0,
  );
  h = await startHarness('ca-matrix', { INTAKE_GRPC_URL: `127.0.0.1:${intake.port}` });
  await seedMatrixRecords(h);
});
afterAll(async () => {
  await h?.stop();
  await intake?.close();
});

describe('issue 13 role × region × endpoint matrix for civil affairs (R-OV-2, real Keycloak)', () => {
  it('R-OV-2: every endpoint answers every development user as the access policy decides (403 wrong role, 404 out of region, lists in region only)', async () => {
    const subjects: MatrixSubject[] = await signInDevelopmentUsers();
    expect(subjects.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    let cells = 0;
    for (const { step, only, ...endpoint } of endpoints) {
      // The route's own role check narrows the subject's roles before the policy decides.
      const narrowed = subjects.map((s) => ({
        ...s,
        actor: {
          ...s.actor,
          roles: s.actor.roles.filter(
            (r) =>
              (!step || step.includes(r)) &&
              (!only || only(s)) &&
              // The runner judges a list by who may read; a list-shaped action needs writers.
              (endpoint.shape !== 'list' ||
                endpoint.op === 'read' ||
                (rolesFor(endpoint.kind, 'write') as readonly string[]).includes(r)) &&
              r !== 'service',
          ),
        },
      }));
      const result = await runAccessMatrix({
        baseUrl: h.base,
        endpoints: [endpoint],
        subjects: narrowed,
        targets,
      });
      cells += result.cells.length;
      mismatches.push(...result.mismatches);
    }
    console.log(`civil-affairs access matrix: ${endpoints.length} endpoints, ${cells} cells`);
    expect(mismatches).toEqual([]);
    expect(endpoints.length).toBeGreaterThanOrEqual(64);
    expect(cells).toBeGreaterThan(endpoints.length * subjects.length);
  });
});
