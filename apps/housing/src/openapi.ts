import { departmentOpenApi } from '@jh/department-kit';
import { department } from './department';

/** This service's OpenAPI document (served at /openapi.json; the console's types come from it). */
export const openApiDocument = () => departmentOpenApi(department);
