import { runMain } from '@jh/platform-service';
import { startIntake } from './app';
import { loadIntakeConfig } from './env';

runMain(() => startIntake(loadIntakeConfig()));
