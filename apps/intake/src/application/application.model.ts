import { Schema, type Connection, type Model } from 'mongoose';
import { outboxEntrySchema, type OutboxEntry } from '@jh/platform-mongo';
import type { ChannelCode, ItemCode } from './application.input';

export interface ApplicationDoc {
  _id: string;
  applicationNo: string;
  status: 'submitted';
  applicant: {
    name: string;
    idNumber: string;
    phone?: string;
    address?: string;
    regionCode: string;
  };
  items: ItemCode[];
  channel: ChannelCode;
  hardshipDescription: string;
  declarationSigned: boolean;
  owner: { userId: string; regionCode: string };
  submittedAt: Date;
  outbox: OutboxEntry[];
}

const applicationSchema = new Schema<ApplicationDoc>(
  {
    _id: { type: String, required: true },
    applicationNo: { type: String, required: true, unique: true },
    status: { type: String, required: true },
    applicant: {
      name: { type: String, required: true },
      idNumber: { type: String, required: true },
      phone: String,
      address: String,
      regionCode: { type: String, required: true },
    },
    items: { type: [String], required: true },
    channel: { type: String, required: true },
    hardshipDescription: { type: String, default: '' },
    declarationSigned: { type: Boolean, required: true },
    owner: { userId: { type: String, required: true }, regionCode: { type: String, default: '' } },
    submittedAt: { type: Date, required: true },
    outbox: { type: [outboxEntrySchema], default: [] },
  },
  { collection: 'applications', versionKey: false, strict: 'throw' },
);
applicationSchema.index({ 'outbox.sentAt': 1 });

interface CounterDoc {
  _id: string;
  seq: number;
}
const counterSchema = new Schema<CounterDoc>(
  { _id: String, seq: Number },
  { collection: 'counters', versionKey: false },
);

export function applicationModels(connection: Connection) {
  return {
    Application: connection.model<ApplicationDoc>(
      'Application',
      applicationSchema,
    ) as Model<ApplicationDoc>,
    Counter: connection.model<CounterDoc>('Counter', counterSchema) as Model<CounterDoc>,
  };
}
export type ApplicationModels = ReturnType<typeof applicationModels>;
