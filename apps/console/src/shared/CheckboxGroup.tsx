import { Checkbox, type GetProps } from 'antd';

/**
 * Form.Item marks a required control with aria-required, which ARIA does not allow on a group of
 * checkboxes (axe: aria-allowed-attr); the rule and its message stay, the attribute does not.
 */
export function CheckboxGroup({
  'aria-required': _required,
  ...props
}: GetProps<typeof Checkbox.Group> & { 'aria-required'?: unknown }) {
  return <Checkbox.Group {...props} />;
}
