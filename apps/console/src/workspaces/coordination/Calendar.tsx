import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Result,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors';
import { hasRole, useUser } from '../../auth/AuthContext';
import { formatDateTime } from '../../shared/format';
import { useDraft } from '../../shared/useDraft';
import { loadYear, previewYear, useCalendarStatus } from './api';
import { EXAMPLE_MARK, parseJsonText, pathZh, templateFor } from './calendarTemplate';
import { clockLabels, departmentOptions, errText } from './labels';
import type { CalendarMove } from './types';
import { emptyText } from '../../shared/emptyText';

const isCityCode = (code: string) => /^\d{4}00$/.test(code) && !code.endsWith('0000');

/** Who may load holiday data: the city bureau, or a coordinator at city level. */
export const mayLoadCalendar = (user: ReturnType<typeof useUser>) =>
  hasRole(user, 'city_bureau') || (hasRole(user, 'coordinator') && isCityCode(user.regionCode));

interface Values {
  year: number;
  text: string;
}

/** Holiday data per year: status, and loading one year's official notice with a preview. */
export function CalendarPage() {
  const user = useUser();
  const status = useCalendarStatus();
  const allowed = mayLoadCalendar(user);
  return (
    <section aria-labelledby="calendar-title">
      <Typography.Title level={2} id="calendar-title" style={{ fontSize: 18 }}>
        节假日数据
      </Typography.Title>
      {status.error && (
        <Alert type="error" showIcon title={errText(status.error)} style={{ marginBottom: 8 }} />
      )}
      <Descriptions
        size="small"
        bordered
        column={2}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'bundled',
            label: '随系统发布的年份',
            children: status.data?.bundledYears.join('、') || '—',
          },
          {
            key: 'loaded',
            label: '管理员载入的年份',
            children: status.data?.loadedYears.join('、') || '无',
          },
          {
            key: 'missing',
            label: '缺少数据的年份',
            children: status.data
              ? status.data.missingYears.length
                ? `${status.data.missingYears.join('、')}（${status.data.openDeadlinesInMissingYears} 个办理期限暂按周一至周五推算）`
                : '无'
              : '—',
          },
          { key: 'checked', label: '检查时间', children: formatDateTime(status.data?.checkedAt) },
        ]}
      />
      {allowed ? (
        <LoadYear suggestedYear={status.data?.missingYears[0] ?? new Date().getFullYear() + 1} />
      ) : (
        <Result
          status="403"
          title="仅市级管理员可以载入节假日数据"
          subTitle="节假日安排适用于全市所有办理期限，只有市民政局或市级协调人员可以载入。如发现缺少年份，请联系市民政局。"
          extra={<Link to="/coordination">返回看板</Link>}
        />
      )}
    </section>
  );
}

function LoadYear({ suggestedYear }: { suggestedYear: number }) {
  const [form] = Form.useForm<Values>();
  const draft = useDraft('coordination-calendar-year', form);
  const client = useQueryClient();
  const { message, modal } = App.useApp();
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);
  const [preview, setPreview] = useState<{ year: number; moves: CalendarMove[]; data: unknown }>();
  const [busy, setBusy] = useState(false);
  const names = new Map(departmentOptions().map((o) => [o.value, o.label]));

  /** Parses the text; problems go next to the input (the server's field errors too). */
  const check = async (): Promise<{ year: number; data: unknown } | undefined> => {
    setPreview(undefined);
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return undefined;
    const { year, text } = values;
    const { data, error } = parseJsonText(text ?? '');
    if (error) {
      form.setFields([{ name: 'text', errors: [error] }]);
      return undefined;
    }
    if (JSON.stringify(data).includes(EXAMPLE_MARK)) {
      form.setFields([
        { name: 'text', errors: ['这是示例数据，请按国务院办公厅正式通知填写后再预览'] },
      ]);
      return undefined;
    }
    const inner = (data as { year?: unknown })?.year;
    if (inner !== year) {
      form.setFields([
        { name: 'year', errors: [`数据中的年份（${String(inner)}）与所选年份不一致`] },
      ]);
      return undefined;
    }
    return { year, data };
  };
  const showServerError = (e: unknown) => {
    if (e instanceof ApiError && e.details.length > 0) {
      setProblems(e.details.map((d) => ({ path: d.path, message: d.message })));
      form.setFields([{ name: 'text', errors: [`有 ${e.details.length} 处问题，见下方列表`] }]);
    } else void message.error(errText(e));
  };
  const runPreview = async () => {
    setProblems([]);
    const input = await check();
    if (!input) return;
    setBusy(true);
    try {
      const res = await previewYear(input.data);
      setPreview({ ...res, data: input.data });
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };
  const confirmLoad = () => {
    if (!preview) return;
    modal.confirm({
      title: `载入 ${preview.year} 年节假日数据？`,
      content: `载入后，新派发事项的期限按该年安排计算。预览中按新安排将不同的 ${preview.moves.length} 个未结期限属于已派发事项，其期限已告知各部门，不会自动改变，请视情况与部门沟通。`,
      okText: '确认载入',
      cancelText: '取消',
      onOk: async () => {
        try {
          const res = await loadYear(preview.year, preview.data);
          draft.clearDraft();
          form.resetFields();
          setPreview(undefined);
          void message.success(`已载入 ${res.year} 年节假日数据`);
          await client.invalidateQueries({ queryKey: ['civil-affairs'] });
        } catch (e) {
          showServerError(e);
        }
      },
    });
  };
  const readFile = async (file: File) => {
    const text = await file.text();
    form.setFieldsValue({ text });
    draft.onValuesChange({}, form.getFieldsValue());
    setPreview(undefined);
    return false;
  };
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        载入一年的放假安排
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        按国务院办公厅当年的节假日安排通知，填写放假日期（holidays）和调休上班日（makeUpWorkingDays），上传
        JSON 文件或直接粘贴。先预览受影响的期限，确认后载入。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        size="small"
        onValuesChange={draft.onValuesChange}
        initialValues={{ year: suggestedYear }}
        onFinish={() => void runPreview()}
        style={{ maxWidth: 760 }}
      >
        <Form.Item name="year" label="年份" rules={[{ required: true, message: '请填写年份' }]}>
          <InputNumber min={1991} max={9999} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label="节假日数据（JSON）" required>
          <Space style={{ marginBottom: 8 }}>
            <Upload
              accept=".json,application/json"
              showUploadList={false}
              beforeUpload={(f) => readFile(f)}
            >
              <Button size="small">上传 JSON 文件</Button>
            </Upload>
            <Button
              size="small"
              onClick={() =>
                form.setFieldsValue({
                  text: templateFor(form.getFieldValue('year') ?? suggestedYear),
                })
              }
            >
              填入格式示例
            </Button>
          </Space>
          <Form.Item
            name="text"
            noStyle
            rules={[{ required: true, message: '请上传或粘贴节假日数据（JSON）' }]}
          >
            <Input.TextArea
              aria-label="节假日数据（JSON）"
              rows={14}
              spellCheck={false}
              style={{ fontFamily: 'monospace' }}
              placeholder={templateFor(suggestedYear)}
            />
          </Form.Item>
        </Form.Item>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title="数据未通过校验，未作任何更改"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }} aria-label="校验问题">
                {problems.map((p, i) => (
                  <li key={i}>
                    {pathZh(p.path)}：{p.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <Space>
          <Button size="small" htmlType="submit" loading={busy}>
            预览影响
          </Button>
          <Button size="small" type="primary" disabled={!preview} onClick={confirmLoad}>
            确认载入
          </Button>
        </Space>
      </Form>
      {preview && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            预览：按 {preview.year} 年数据，{preview.moves.length} 个未结期限将与现有期限不同
          </Typography.Title>
          <Table<CalendarMove>
            size="small"
            aria-label="受影响的期限"
            rowKey={(m) => `${m.partId}-${m.clock}`}
            dataSource={preview.moves}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: emptyText('没有未结期限会因此改变，可直接载入') }}
            columns={[
              {
                title: '案件',
                dataIndex: 'caseId',
                render: (id: string) => (
                  <Link to={`../cases/${encodeURIComponent(id)}`}>查看案件</Link>
                ),
              },
              { title: '部门', dataIndex: 'department', render: (d: string) => names.get(d) ?? d },
              {
                title: '时限',
                dataIndex: 'clock',
                render: (c: CalendarMove['clock']) => clockLabels[c],
              },
              { title: '原期限', dataIndex: 'before', render: formatDateTime },
              { title: '新期限', dataIndex: 'after', render: formatDateTime },
            ]}
          />
        </div>
      )}
    </>
  );
}
