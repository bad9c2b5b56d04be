import { Schema, type Connection, type Model } from 'mongoose';
import type { CalendarYear } from '@jh/domain-calendar';

/** One year's official holiday notice as data, loaded by an administrator. */
export interface CalendarYearDoc {
  /** The year: loading it again replaces it. */
  _id: number;
  data: CalendarYear;
  loadedBy: string;
  loadedAt: Date;
}

const calendarYearSchema = new Schema<CalendarYearDoc>(
  {
    _id: { type: Number, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    loadedBy: { type: String, required: true },
    loadedAt: { type: Date, required: true },
  },
  { collection: 'calendar_years', versionKey: false, strict: 'throw' },
);

export function calendarYearModel(connection: Connection): Model<CalendarYearDoc> {
  return connection.model<CalendarYearDoc>('CalendarYear', calendarYearSchema);
}

/** The loaded years (a handful of small documents: read whole, ascending). */
export async function loadedYears(model: Model<CalendarYearDoc>): Promise<CalendarYear[]> {
  const docs = await model.find({}).lean<CalendarYearDoc[]>().exec();
  return docs.sort((a, b) => a._id - b._id).map((d) => d.data);
}
