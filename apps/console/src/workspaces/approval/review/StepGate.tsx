import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { StaffName } from '../../../shared/StaffName';
import type { NextStep, Review } from './api';
import { earlierStepLabels, stepLabels } from './labels';

/** Who did the reader's earlier step (R-AP-1), for the disabled reason. */
function earlierActor(review: Review, step: NonNullable<NextStep['earlierStep']>) {
  if (step === 'intake') return review.actors.intake;
  if (step === 'first_review') return review.actors.firstReview;
  return review.actors.confirmation;
}

/**
 * A step the reader may not take is shown with the service's own reason (and, for R-AP-1, who did
 * the earlier step), so every rule is visible before the click; otherwise the form.
 */
export function StepGate(props: { review: Review; step: NextStep; children: ReactNode }) {
  const { review, step } = props;
  if (step.allowed) return <>{props.children}</>;
  const earlier = step.earlierStep;
  return (
    <Alert
      type="info"
      showIcon
      role="note"
      data-step={step.step}
      message={`${stepLabels[step.step]}：不可办理`}
      description={
        <>
          <div>{step.reason}</div>
          {earlier && (
            <div>
              您已在本案中办理{earlierStepLabels[earlier]}（经办人：
              <StaffName id={earlierActor(review, earlier)} />
              ），按职责分离不能再办理此步骤（R-AP-1）。
            </div>
          )}
        </>
      }
    />
  );
}
