import { runMain } from '@jh/platform-service';
import { startCivilAffairs } from './app';
import { loadCivilAffairsConfig } from './env';

runMain(() => startCivilAffairs(loadCivilAffairsConfig()));
