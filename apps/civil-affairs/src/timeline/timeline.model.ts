import { Schema, type Connection, type Model } from 'mongoose';

/** One line of a case's timeline: one event, whichever service published it. */
export interface TimelineEntryDoc {
  /** = the event id: a redelivered event hits the unique `_id` and adds nothing. */
  _id: string;
  /** = application id (a case's id is its application's). */
  caseId: string;
  at: Date;
  service: string;
  kind: string;
  /** Chinese; never names, ID, phone or card numbers, nor officers' free text. */
  title: string;
  /** User id, or `system:<service>` for what a service did on its own. */
  actor: string | null;
  /** From the envelope's W3C traceparent. */
  traceId: string | null;
  recordedAt: Date;
}

const timelineSchema = new Schema<TimelineEntryDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    at: { type: Date, required: true },
    service: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    actor: { type: String, default: null },
    traceId: { type: String, default: null },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'case_timeline', versionKey: false, strict: 'throw' },
);
// The read is one indexed equality on the case id (ADR 0013).
timelineSchema.index({ caseId: 1 });

export function timelineModel(connection: Connection): Model<TimelineEntryDoc> {
  return connection.model<TimelineEntryDoc>('CaseTimelineEntry', timelineSchema);
}
