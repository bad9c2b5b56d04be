import type { FormInstance } from 'antd';
import { fieldErrorsOf } from '../../api/errors';

/** Puts the server's field errors next to their fields; false when there were none. */
export function showFieldErrors<T>(form: FormInstance<T>, error: unknown): boolean {
  const fields = fieldErrorsOf(error);
  // The service's paths are the form's own names; antd types names per form, the server cannot.
  if (fields.length > 0) form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
  return fields.length > 0;
}
