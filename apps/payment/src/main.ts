import { developmentDefaults, loadConfig, serviceEnvSchema } from '@jh/platform-config';
import { runMain, startService } from '@jh/platform-service';

// Payment orders and reconciliation arrive with the payment issue; the service already runs on the platform.
runMain(() =>
  startService(
    loadConfig(serviceEnvSchema, process.env, developmentDefaults('payment', 3007)),
    async () => ({}),
  ),
);
