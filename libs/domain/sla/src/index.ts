export {
  type ClockKind,
  type ClockKindConfig,
  type ClockLimit,
  type ClockMode,
  type ClockUnit,
  type ExtensionPolicy,
  type SlaConfig,
  UNIT_ZH,
  defaultSlaConfig,
} from './sla-config';
export {
  type ClockEvaluation,
  type ClockExtension,
  type ClockPause,
  type ClockRefusal,
  type ClockRefusalCode,
  type ClockResult,
  type ClockStatus,
  type DueInstant,
  type ExtendClockInput,
  type SlaClock,
  type SlaClocks,
  type StartClockInput,
  SlaConfigError,
} from './sla-clock.types';
export { createSlaClocks, defaultSlaClocks } from './sla-clocks';
export { workingDayDeadlines } from './working-day-deadlines';
