import type { ApplicationDoc, ApplicationModels } from './application.model';

export interface ApplicationStore {
  /** Inserts the application together with its outbox entry: one single-document write. */
  insert(doc: ApplicationDoc): Promise<void>;
  findById(id: string): Promise<ApplicationDoc | undefined>;
  /** Next value of a named sequence (atomic single-document increment). */
  nextSequence(name: string): Promise<number>;
}

export class MongoApplicationStore implements ApplicationStore {
  constructor(private readonly models: ApplicationModels) {}

  async insert(doc: ApplicationDoc): Promise<void> {
    await this.models.Application.create(doc);
  }

  async findById(id: string): Promise<ApplicationDoc | undefined> {
    const doc = await this.models.Application.findById(id, { outbox: 0 })
      .lean<ApplicationDoc>()
      .exec();
    return doc ?? undefined;
  }

  async nextSequence(name: string): Promise<number> {
    const counter = await this.models.Counter.findOneAndUpdate(
      { _id: name },
      { $inc: { seq: 1 } },
      { upsert: true, new: true },
    )
      .lean()
      .exec();
    if (!counter) throw new Error(`sequence ${name} not returned`);
    return counter.seq;
  }
}
