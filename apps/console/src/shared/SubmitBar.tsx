import { Alert, Button, Space } from 'antd';
import { messageOf } from '../api/errors';

/** A form's last row: the failure of its last submit (if any), then submit and cancel. */
export function SubmitBar(props: {
  error: unknown;
  pending: boolean;
  submitText: string;
  onCancel: () => void;
}) {
  return (
    <>
      {props.error ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={messageOf(props.error)}
          style={{ marginBottom: 8 }}
        />
      ) : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={props.pending}>
          {props.submitText}
        </Button>
        <Button onClick={props.onCancel}>取消</Button>
      </Space>
    </>
  );
}
