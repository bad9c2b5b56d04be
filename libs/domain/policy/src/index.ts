export {
  ASSISTANCE_ITEM_ZH,
  ASSISTANCE_ITEMS,
  DEPARTMENTS,
  DEPARTMENT_HANDLING_WORKING_DAYS,
  DEPARTMENT_NAMES_ZH,
  findAssistanceItem,
  type AssistanceItem,
  type AssistanceItemCatalogueCode,
  type AssistanceItemEntry,
  type DepartmentEntry,
  type DeliberationRole,
  type EducationCategory,
  type FilingRecipient,
  type PolicyConfig,
  type SemesterCalendar,
  type SpotCheckCategory,
  defaultPolicyConfig,
} from './policy-config';
export {
  type PolicyContext,
  type PolicyRefusal,
  type PolicyRefusalWithViolations,
  type PolicyViolation,
  PolicyConfigError,
  PolicyInputError,
  createPolicyContext,
  defaultPolicyContext,
  limitText,
} from './policy-result';
export {
  REVIEW_STEP_ZH,
  type ReviewActors,
  type ReviewStep,
  type SeparationCode,
  type SeparationResult,
  checkMayPerformStep,
  checkSeparationOfDuties,
} from './separation-of-duties';
export {
  APPROVAL_LEVEL_ZH,
  type ApprovalLevel,
  type ApprovalTierCode,
  type ApprovalTierInput,
  type ApprovalTierResult,
  requiredApprovalLevel,
} from './approval-tier';
export { type CumulativeTierInput, requiredLevelForTotal } from './approval-total';
export { type StepDateCode, type StepDateInput, checkStepDate } from './step-date';
export {
  type EmergencyAidRecord,
  type EmergencyRepeatInput,
  type EmergencyRepeatResult,
  checkEmergencyOncePerYear,
} from './emergency-repeat';
export { isSameEmergencyDate, sameEmergencyDays } from './emergency-event';
export {
  type FirstAidCode,
  type FirstAidDeadlines,
  type FirstAidInput,
  type FirstAidResult,
  checkFirstAid,
  firstAidDeadlines,
} from './first-aid';
export {
  type CaseByCaseOutcome,
  type CaseByCaseStage,
  type CaseByCaseTransition,
  type DeliberationParticipant,
  type DemocraticReviewCode,
  type DemocraticReviewInput,
  type DemocraticReviewResult,
  type FilingCode,
  type FilingInput,
  type FilingResult,
  type PublicNoticeInput,
  type PublicNoticeResult,
  checkCaseByCaseApplication,
  checkDemocraticReview,
  checkFiling,
  checkPublicNotice,
  nextCaseByCaseStage,
} from './case-by-case';
export {
  type CountyCoverageResult,
  type ReviewPeriod,
  type ReviewPeriodStatus,
  type ReviewSchedule,
  type ReviewScheduleInput,
  caseByCaseReviewSchedule,
  checkCountyReviewCoverage,
} from './case-by-case-review';
export {
  type SpotCheckCase,
  type SpotCheckCategorySample,
  type SpotCheckInput,
  type SpotCheckSample,
  sampleSpotChecks,
} from './spot-check';
export {
  type HouseholdMember,
  type StaffRelativeEntry,
  type StaffRelativeMatch,
  type StaffRelativesFlag,
  type StaffRole,
  flagStaffRelatives,
} from './staff-relatives';
export {
  EDUCATION_CATEGORY_ZH,
  type EducationAidEnd,
  type EducationAidStart,
  type SemesterStart,
  educationAidEnd,
  educationAidStart,
  findNextSemesterStart,
} from './education-aid';
export { type ApproverLevel, approverLevelOf, mayApproveAt } from './approver-level';
export {
  type ApprovalPreconditionCode,
  type ApprovalPreconditionInput,
  checkApprovalPreconditions,
} from './approval-preconditions';
export {
  instalmentKey,
  isInstalmentKey,
  monthlyInstalmentKey,
  orderKeyOfPlatformKey,
  resentPlatformKey,
} from './instalment-key';
export {
  type InstalmentSchedule,
  type InstalmentStage,
  type PlannedInstalment,
  planInstalments,
} from './instalment-plan';
