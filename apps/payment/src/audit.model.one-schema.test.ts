import mongoose, { type Schema } from 'mongoose';
import { paymentAuditSchema } from './audit.model';
import { batchRunModel } from './batch/batch.model';
import { recipientModel } from './batch/recipient.model';
import { paymentModels } from './order/order.model';

const fieldsOf = (schema: Schema) => Object.keys(schema.paths).sort();
const auditSchemaOf = (model: mongoose.Model<never>) =>
  (model.schema.path('audit') as unknown as { schema: Schema }).schema;

describe('one audit entry schema for every payment trail (R-OV-1)', () => {
  // Models only: nothing here talks to a database.
  const conn = mongoose.createConnection();
  afterAll(() => conn.close());

  it('R-OV-1: recipients and batch runs record when, who, what and why — the same fields', () => {
    const common = paymentAuditSchema();
    expect(fieldsOf(common)).toEqual(['action', 'actor', 'at', 'reason']);
    expect(auditSchemaOf(recipientModel(conn) as never).obj).toEqual(common.obj);
    expect(auditSchemaOf(batchRunModel(conn) as never).obj).toEqual(common.obj);
  });

  it('R-OV-1: an order trail adds its from/to status to the same fields, without ids', () => {
    const schema = auditSchemaOf(paymentModels(conn).PaymentOrder as never);
    expect(fieldsOf(schema)).toEqual(['action', 'actor', 'at', 'from', 'reason', 'to']);
    expect(schema.get('_id')).toBe(false);
  });
});
