import { loadDepartmentConfig, startDepartmentService } from '@jh/department-kit';
import { runMain } from '@jh/platform-service';
import { department } from './department';

runMain(() => startDepartmentService(department, loadDepartmentConfig(department)));
