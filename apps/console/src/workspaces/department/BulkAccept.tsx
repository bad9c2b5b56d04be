import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, List, Modal, Popconfirm, Progress, Space, Typography } from 'antd';
import { useState } from 'react';
import { messageOf } from '../../api/errors';
import type { DepartmentService } from '../../auth/roles';
import { acceptPart, partKeys } from './api';
import { shortId } from './labels';

interface Run {
  total: number;
  done: number;
  failures: { id: string; message: string }[];
  finished: boolean;
}

// A few at a time: fast for a handful of rows, gentle on the service for a full page.
const CONCURRENCY = 4;

/**
 * 批量签收: every selected part is accepted one request each; progress is shown, and every
 * failure stays listed (and selected) with the service's Chinese reason. Nothing is dropped.
 */
export function BulkAccept(props: {
  svc: DepartmentService;
  ids: string[];
  onDone: (failedIds: string[]) => void;
}) {
  const [run, setRun] = useState<Run>();
  const queryClient = useQueryClient();

  const start = async () => {
    const ids = [...props.ids];
    const failures: Run['failures'] = [];
    let done = 0;
    setRun({ total: ids.length, done, failures, finished: false });
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          await acceptPart(props.svc, id);
        } catch (e) {
          failures.push({ id, message: messageOf(e) });
        }
        done += 1;
        setRun({ total: ids.length, done, failures: [...failures], finished: false });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
    setRun({ total: ids.length, done, failures: [...failures], finished: true });
    props.onDone(failures.map((f) => f.id));
    void queryClient.invalidateQueries({ queryKey: partKeys.all(props.svc) });
  };

  const ok = run ? run.done - run.failures.length : 0;
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Popconfirm
          title={`确认签收选中的 ${props.ids.length} 件事项？`}
          description="签收后由您负责办理，并须在 1 个工作日内回告结果。"
          okText="确认签收"
          cancelText="取消"
          onConfirm={() => void start()}
          disabled={props.ids.length === 0}
        >
          <Button size="small" disabled={props.ids.length === 0}>
            批量签收{props.ids.length > 0 ? `（${props.ids.length}）` : ''}
          </Button>
        </Popconfirm>
        <Typography.Text type="secondary">勾选“待签收”的事项后可批量签收</Typography.Text>
      </Space>
      <Modal
        open={run !== undefined}
        title="批量签收"
        closable={run?.finished ?? false}
        mask={{ closable: false }}
        keyboard={run?.finished ?? false}
        onCancel={() => setRun(undefined)}
        footer={
          <Button type="primary" disabled={!run?.finished} onClick={() => setRun(undefined)}>
            关闭
          </Button>
        }
      >
        {run && (
          <div role="status" aria-live="polite">
            <Progress
              percent={Math.round((run.done / run.total) * 100)}
              status={run.finished ? (run.failures.length ? 'exception' : 'success') : 'active'}
              aria-label="签收进度"
            />
            <p>
              已处理 {run.done} / {run.total} 件：成功 {ok} 件，失败 {run.failures.length} 件
            </p>
            {run.failures.length > 0 && (
              <Alert
                type="error"
                title="以下事项未能签收（仍保持选中，可处理后重试）"
                description={
                  <List
                    size="small"
                    aria-label="签收失败的事项"
                    dataSource={run.failures}
                    renderItem={(f) => (
                      <List.Item>
                        事项 {shortId(f.id)}：{f.message}
                      </List.Item>
                    )}
                  />
                }
              />
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
