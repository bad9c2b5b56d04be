// First: the SDK must start before http, express, grpc-js and the MongoDB driver load (ADR 0024).
import '@jh/platform-telemetry/register';
import { loadDepartmentConfig, startDepartmentService } from '@jh/department-kit';
import { runMain } from '@jh/platform-service';
import { department } from './department';

runMain(() => startDepartmentService(department, loadDepartmentConfig(department)));
