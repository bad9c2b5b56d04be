import type { CareStandard, SelfCareAbility, SupportMode } from './review.model';

export const SELF_CARE_ABILITY_ZH: Record<SelfCareAbility, string> = {
  fully_able: '具备生活自理能力',
  partly_unable: '部分丧失生活自理能力',
  fully_unable: '完全丧失生活自理能力',
};
export const SUPPORT_MODE_ZH: Record<SupportMode, string> = {
  centralized: '集中供养',
  dispersed: '分散供养',
};
export const CARE_STANDARD_ZH: Record<CareStandard, string> = {
  full_self_care: '全自理',
  half_care: '半护理',
  full_care: '全护理',
};

/**
 * R-AP-3: the self-care assessment decides the form of support and the care standard
 * (民发〔2021〕43号: those partly or fully unable to care for themselves are placed in 集中供养 first).
 */
export function supportFor(ability: SelfCareAbility): {
  supportMode: SupportMode;
  careStandard: CareStandard;
} {
  switch (ability) {
    case 'fully_able':
      return { supportMode: 'dispersed', careStandard: 'full_self_care' };
    case 'partly_unable':
      return { supportMode: 'centralized', careStandard: 'half_care' };
    case 'fully_unable':
      return { supportMode: 'centralized', careStandard: 'full_care' };
  }
}
