import { Button, Form, Input, Select, AutoComplete, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { isRegionCode } from '@jh/domain-application';
import type { KeyboardEvent } from 'react';
import { RegionName } from '../../shared/regions';
import { IdHint, idNumberRule } from './idCheck';
import { commonDocuments, obtainableDocuments, relationLabels } from './model';

const relationOptions = Object.entries(relationLabels).map(([value, label]) => ({ value, label }));

/** 申请人: the first block of the paper form. */
export function ApplicantSection() {
  const idNumber = Form.useWatch(['applicant', 'idNumber']) as string | undefined;
  const region = Form.useWatch(['applicant', 'regionCode']) as string | undefined;
  return (
    <fieldset className="jh-fieldset">
      <legend>申请人</legend>
      <Space wrap align="start" size={[16, 0]}>
        <Form.Item
          name={['applicant', 'name']}
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请输入申请人姓名' }]}
        >
          <Input autoFocus maxLength={50} style={{ width: 140 }} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name={['applicant', 'idNumber']}
          label="身份证号码"
          validateTrigger="onBlur"
          rules={[idNumberRule]}
          extra={<IdHint value={idNumber} />}
        >
          <Input maxLength={18} style={{ width: 200 }} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name={['applicant', 'phone']}
          label="联系电话"
          validateTrigger="onBlur"
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: '手机号码应为11位，以1开头' }]}
        >
          <Input maxLength={11} style={{ width: 140 }} inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name={['applicant', 'citizenCardNo']}
          label="市民卡号"
          validateTrigger="onBlur"
          rules={[{ pattern: /^\d{8,19}$/, message: '市民卡号应为8至19位数字' }]}
          extra="救助金发放至市民卡（一键达）"
        >
          <Input maxLength={19} style={{ width: 190 }} inputMode="numeric" autoComplete="off" />
        </Form.Item>
      </Space>
      <Space wrap align="start" size={[16, 0]}>
        <Form.Item name={['applicant', 'address']} label="居住地址">
          <Input maxLength={200} style={{ width: 360 }} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name={['applicant', 'regionCode']}
          label="所属地区代码"
          validateTrigger="onBlur"
          rules={[
            { required: true, message: '请输入所属地区代码' },
            {
              validator: async (_, v?: string) => {
                if (v && !isRegionCode(v))
                  throw new Error('行政区划代码无效（6位县级或9/12位街道、社区代码）');
              },
            },
          ]}
          extra={<RegionName code={region} />}
        >
          <Input maxLength={12} style={{ width: 150 }} autoComplete="off" />
        </Form.Item>
      </Space>
    </fieldset>
  );
}

/** Enter in the last member row adds a member (keyboard-first: no mouse to grow the list). */
const addOnEnter = (isLast: boolean, add: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && isLast) {
    e.preventDefault();
    add();
  }
};

/** 家庭成员: one row per member; IDs checked as typed, duplicates refused like the service does. */
export function MembersSection() {
  const form = Form.useFormInstance();
  const members = (Form.useWatch('householdMembers') ?? []) as (
    { idNumber?: string } | undefined
  )[];
  const focusRow = (index: number) =>
    window.setTimeout(() => document.getElementById(`householdMembers_${index}_name`)?.focus(), 0);
  return (
    <fieldset className="jh-fieldset">
      <legend>共同生活的家庭成员</legend>
      <Form.List name="householdMembers">
        {(fields, { add, remove }) => {
          const addRow = () => {
            add({ relation: 'spouse' });
            focusRow(fields.length);
          };
          return (
            <>
              {fields.length === 0 && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  暂无家庭成员。独居申请人可不填；否则点击“添加家庭成员”或按 Alt+M。
                </Typography.Paragraph>
              )}
              {fields.map((field, index) => {
                const isLast = index === fields.length - 1;
                const onKeyDown = addOnEnter(isLast, addRow);
                return (
                  <Space key={field.key} wrap align="start" size={[12, 0]} data-testid="member-row">
                    <Form.Item
                      name={[field.name, 'name']}
                      label={`成员${index + 1}姓名`}
                      rules={[{ required: true, whitespace: true, message: '请输入成员姓名' }]}
                    >
                      <Input
                        maxLength={50}
                        style={{ width: 120 }}
                        onKeyDown={onKeyDown}
                        autoComplete="off"
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'relation']}
                      label="与申请人关系"
                      rules={[{ required: true, message: '请选择关系' }]}
                    >
                      <Select
                        options={relationOptions}
                        style={{ width: 150 }}
                        showSearch
                        optionFilterProp="label"
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'idNumber']}
                      label="身份证号码"
                      validateTrigger="onBlur"
                      dependencies={[['applicant', 'idNumber']]}
                      rules={[
                        idNumberRule,
                        {
                          validator: async (_, v?: string) => {
                            const id = (v ?? '').trim().toUpperCase();
                            if (!id) return;
                            const others = [
                              form.getFieldValue(['applicant', 'idNumber']) as string | undefined,
                              ...members.filter((_m, i) => i !== index).map((m) => m?.idNumber),
                            ].map((o) => (o ?? '').trim().toUpperCase());
                            if (others.includes(id))
                              throw new Error(
                                '与申请人或其他成员的身份证号码重复（受理服务同样拒收）',
                              );
                          },
                        },
                      ]}
                      extra={<IdHint value={members[index]?.idNumber} />}
                    >
                      <Input
                        maxLength={18}
                        style={{ width: 200 }}
                        onKeyDown={onKeyDown}
                        autoComplete="off"
                      />
                    </Form.Item>
                    <Form.Item label=" " colon={false}>
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label={`删除成员${index + 1}`}
                        onClick={() => remove(field.name)}
                        tabIndex={-1}
                      />
                    </Form.Item>
                  </Space>
                );
              })}
              <div>
                <Button icon={<PlusOutlined />} onClick={addRow} accessKey="m" size="small">
                  添加家庭成员
                </Button>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  在最后一行按 Enter 也可添加
                </Typography.Text>
              </div>
            </>
          );
        }}
      </Form.List>
    </fieldset>
  );
}

/** 容缺受理 (R-JH-6): papers accepted now, supplied by a promised date. */
export function MissingDocumentsSection() {
  return (
    <fieldset className="jh-fieldset">
      <legend>容缺受理材料</legend>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        身份已凭身份证号码核验，可从国家、省级系统获取的材料（如身份证）不得再要求提供；缺少其他材料不影响受理，登记后由申请人承诺补交。
      </Typography.Paragraph>
      <Form.List name="missingDocuments">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} wrap align="start" size={[12, 0]}>
                <Form.Item
                  name={[field.name, 'name']}
                  label={`缺少材料${index + 1}`}
                  rules={[
                    { required: true, whitespace: true, message: '请输入材料名称' },
                    {
                      validator: async (_, v?: string) => {
                        if (v && obtainableDocuments.includes(v.trim()))
                          throw new Error('身份已通过身份证号码核验，不得再要求提供该材料');
                      },
                    },
                  ]}
                >
                  <AutoComplete
                    options={commonDocuments.map((value) => ({ value }))}
                    style={{ width: 200 }}
                    maxLength={30}
                    filterOption={(input, option) => String(option?.value ?? '').includes(input)}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'promisedBy']}
                  label="承诺补交日期"
                  rules={[
                    { required: true, message: '请填写承诺补交日期' },
                    { pattern: /^20\d{2}-\d{2}-\d{2}$/, message: '日期格式应为 YYYY-MM-DD' },
                  ]}
                >
                  <Input
                    placeholder="YYYY-MM-DD"
                    maxLength={10}
                    style={{ width: 130 }}
                    autoComplete="off"
                  />
                </Form.Item>
                <Form.Item label=" " colon={false}>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={`删除缺少材料${index + 1}`}
                    onClick={() => remove(field.name)}
                    tabIndex={-1}
                  />
                </Form.Item>
              </Space>
            ))}
            <Button icon={<PlusOutlined />} size="small" onClick={() => add({})}>
              登记缺少的材料
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
