import { maskIdNumber } from '@jh/domain-application';
import { Alert, Button, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { messageOf } from '../../api/errors';
import { useUser } from '../../auth/AuthContext';
import { formatDate, formatDateTime } from '../../shared/format';
import { useRegionName } from '../../shared/regions';
import { channelLabel, itemLabels, parseDocument } from './model';
import { useApplication } from './queries';
import { statutoryDeadlines } from './statutory';
import './receipt.css';

/** 受理回执: A4, printed for the applicant; ID numbers masked (R-OV-2). */
export function Receipt() {
  const id = useParams()['id'] ?? '';
  const user = useUser();
  const app = useApplication(id);
  const windowName = useRegionName(app.data?.owner.regionCode);
  if (app.isLoading) return <Spin />;
  if (app.error || !app.data) return <Alert type="error" showIcon title={messageOf(app.error)} />;
  const a = app.data;
  const first = a.ownerHistory[0]?.toUserId ?? a.owner.userId;
  const clerk = first === user.id ? user.name : first;
  const outstanding = a.outstandingDocuments.map(parseDocument);
  return (
    <div className="jh-receipt-page">
      <div className="jh-receipt-tools">
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} autoFocus>
          打印回执
        </Button>
        <Link to={`/intake/applications/${a.id}`}>返回申请</Link>
      </div>
      <article className="jh-receipt" lang="zh-CN" aria-labelledby="receipt-title">
        <h2 id="receipt-title">社会救助申请受理回执</h2>
        <p className="jh-receipt-no">申请编号：{a.applicationNo}</p>
        <table className="jh-receipt-table">
          <caption className="jh-visually-hidden">受理信息</caption>
          <tbody>
            <tr>
              <th scope="row">申请人</th>
              <td>{a.applicant.name}</td>
              <th scope="row">身份证号码</th>
              <td>{maskIdNumber(a.applicant.idNumber)}</td>
            </tr>
            <tr>
              <th scope="row">申请事项</th>
              <td colSpan={3}>{a.items.map((i) => itemLabels[i] ?? i).join('、')}</td>
            </tr>
            <tr>
              <th scope="row">受理时间</th>
              <td>{formatDateTime(a.submittedAt)}</td>
              <th scope="row">申请渠道</th>
              <td>{channelLabel(a.channel)}</td>
            </tr>
            <tr>
              <th scope="row">受理窗口</th>
              <td>{windowName}社会救助窗口</td>
              <th scope="row">受理人</th>
              <td>{clerk}</td>
            </tr>
          </tbody>
        </table>
        <h3>待补交材料（容缺受理）</h3>
        {outstanding.length === 0 ? (
          <p>材料齐全，无需补交。</p>
        ) : (
          <table className="jh-receipt-table">
            <caption className="jh-visually-hidden">待补交材料</caption>
            <thead>
              <tr>
                <th scope="col">材料名称</th>
                <th scope="col">承诺补交日期</th>
              </tr>
            </thead>
            <tbody>
              {outstanding.map((d) => (
                <tr key={d.name}>
                  <td>{d.name}</td>
                  <td>{d.promisedBy ? formatDate(`${d.promisedBy}T12:00:00+08:00`) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>办理时限</h3>
        <ol className="jh-receipt-deadlines">
          {statutoryDeadlines(a.items).map((d) => (
            <li key={d.text}>{d.text}</li>
          ))}
        </ol>
        <p>
          本申请实行首问负责制：受理人对本申请负责到底，如需移交将告知申请人。可从国家、省级系统获取的材料无需重复提供；缺少的材料请于承诺日期前补交，不影响受理。
        </p>
        <div className="jh-receipt-sign">
          <span>申请人签字：</span>
          <span>受理人签字：</span>
          <span>{windowName}（盖章）</span>
        </div>
        <p className="jh-receipt-date">{formatDate(a.submittedAt)}</p>
      </article>
    </div>
  );
}
