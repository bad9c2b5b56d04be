import {
  AssistanceItem,
  assistanceItemCode as itemCodeOf,
  assistanceItemOfCode as itemOfCode,
} from '@jh/contracts';
import { loadCivilAffairsConfig } from '../env';
import { RoutingTable } from './routing';

describe('routing table (R-JH-2)', () => {
  it('routes items to departments and keeps civil affairs’ own items apart', () => {
    const config = loadCivilAffairsConfig({ NODE_ENV: 'test' });
    const table = new RoutingTable(
      config.ROUTING_TABLE_JSON,
      config.DEPARTMENT_HANDLING_LIMITS_JSON,
      config.DEFAULT_HANDLING_WORKING_DAYS,
    );
    const { parts, ownItems } = table.route(['dibao', 'education', 'housing', 'tekun', 'medical']);
    expect([...parts]).toEqual([
      ['education', ['education']],
      ['housing', ['housing']],
      ['medical', ['medical']],
    ]);
    expect(ownItems).toEqual(['dibao', 'tekun']);
  });

  it('adds a department from configuration alone: disaster → emergency with its own limit', () => {
    const config = loadCivilAffairsConfig({
      NODE_ENV: 'test',
      ROUTING_TABLE_JSON: JSON.stringify({ education: 'education', disaster: 'emergency' }),
      DEPARTMENT_HANDLING_LIMITS_JSON: JSON.stringify({ emergency: 2 }),
      DEPARTMENT_NAMES_JSON: JSON.stringify({ emergency: '区应急管理局' }),
    });
    const table = new RoutingTable(
      config.ROUTING_TABLE_JSON,
      config.DEPARTMENT_HANDLING_LIMITS_JSON,
      config.DEFAULT_HANDLING_WORKING_DAYS,
      config.DEPARTMENT_NAMES_JSON,
    );
    expect([...table.route(['disaster', 'housing']).parts]).toEqual([['emergency', ['disaster']]]);
    expect(table.isKnown('emergency')).toBe(true);
    expect(table.isKnown('housing')).toBe(false);
    expect(table.handlingWorkingDays('emergency')).toBe(2);
    expect(table.handlingWorkingDays('education')).toBe(5);
    expect(table.nameOf('emergency')).toBe('区应急管理局');
  });

  it('rejects a malformed routing table at start-up', () => {
    expect(() =>
      loadCivilAffairsConfig({ NODE_ENV: 'test', ROUTING_TABLE_JSON: '{"education":' }),
    ).toThrow(/ROUTING_TABLE_JSON/);
    expect(() =>
      loadCivilAffairsConfig({ NODE_ENV: 'test', ESCALATION_CHAIN: 'reminder,shout' }),
    ).toThrow(/ESCALATION_CHAIN/);
  });

  it('maps catalogue enum values to item codes and back', () => {
    expect(itemCodeOf(AssistanceItem.ASSISTANCE_ITEM_EMPLOYMENT)).toBe('employment');
    expect(itemOfCode('disaster')).toBe(AssistanceItem.ASSISTANCE_ITEM_DISASTER);
    expect(itemOfCode('unknown')).toBe(AssistanceItem.ASSISTANCE_ITEM_UNSPECIFIED);
  });
});
