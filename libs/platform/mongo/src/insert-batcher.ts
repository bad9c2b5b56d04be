import type { Model } from 'mongoose';
import { isDuplicateKey } from './duplicate-key';
import { notifyOutboxWrite } from './outbox';

interface Waiting<T> {
  doc: T;
  resolve(inserted: boolean): void;
  reject(e: unknown): void;
}

interface WriteError {
  index: number;
  code?: number;
  errmsg?: string;
  /** The server's error, where mongoose's wrapper keeps it. */
  err?: { code?: number; errmsg?: string };
}

/**
 * Group commit for inserts guarded by a unique index (issue 12): concurrent `insert` calls go to
 * the engine as one unordered `insertMany`, one command in flight at a time, each caller answered
 * for its own document — `true` inserted, `false` its key existed (like `createOnce`). The local
 * engine serialises write commands, so a burst of N inserts costs one command, not N.
 */
export class InsertBatcher<T> {
  private queue: Waiting<T>[] = [];
  private scheduled = false;
  private writing = false;

  constructor(
    private readonly model: Model<T>,
    private readonly maxBatch = 100,
  ) {}

  /** Validates at once (a bad document fails only its caller), then joins the next batch. */
  async insert(doc: T): Promise<boolean> {
    await new this.model(doc).validate();
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.write(this.queue.splice(0, this.maxBatch));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Waiting<T>[]): Promise<void> {
    try {
      await this.model.insertMany(
        batch.map((w) => w.doc),
        { ordered: false },
      );
      for (const w of batch) w.resolve(true);
    } catch (e) {
      const raw = (e as { writeErrors?: WriteError | WriteError[] }).writeErrors;
      if (raw === undefined) {
        for (const w of batch) w.reject(e);
        return;
      }
      const failed = new Map((Array.isArray(raw) ? raw : [raw]).map((w) => [w.index, w]));
      batch.forEach((w, i) => {
        const error = failed.get(i);
        if (!error) {
          // Middleware runs only on a fully successful insertMany: tell the relay here.
          notifyOutboxWrite(this.model, String((w.doc as { _id?: unknown })._id));
          w.resolve(true);
        } else if (isDuplicateKey(error.err ?? error)) w.resolve(false);
        else w.reject(new Error(error.err?.errmsg ?? error.errmsg ?? 'insert failed'));
      });
    }
  }
}
