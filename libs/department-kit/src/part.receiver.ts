import { PartCancelReason, type PartCancelled, type PartDispatched } from '@jh/contracts';
import type { DepartmentDefinition } from './department';
import { partScope } from './part.access';
import type { PartClocks } from './part.clocks';
import type { CancelReason, PartDoc, PartStatus } from './part.model';
import type { PartStore, PartTransition } from './part.store';

const cancelReasons: Record<PartCancelReason, CancelReason> = {
  [PartCancelReason.PART_CANCEL_REASON_TRANSFERRED]: 'transferred',
  [PartCancelReason.PART_CANCEL_REASON_WITHDRAWN]: 'withdrawn',
  [PartCancelReason.PART_CANCEL_REASON_UNSPECIFIED]: 'unspecified',
  [PartCancelReason.UNRECOGNIZED]: 'unspecified',
};

export interface SourceEvent {
  eventId: string;
  producer: string;
  /** The application's trace, kept for the events the officers' steps publish (ADR 0024). */
  traceparent?: string;
}

/** What civil affairs' dispatches and cancellations do to the worklist (consumed events). */
export class PartReceiver {
  constructor(
    readonly department: DepartmentDefinition,
    private readonly store: PartStore,
    private readonly clocks: PartClocks,
    private readonly clock: () => Date,
    /** DEPT_REGION_CODE: where a part whose dispatch names no region is filed. */
    private readonly fallbackRegion = '',
  ) {}

  /** The case's region (R-OV-2); older events carry none and are filed at DEPT_REGION_CODE. */
  private regionOf(event: PartDispatched | PartCancelled): string {
    return event.regionCode || this.fallbackRegion;
  }

  /** R-JH-1 分办: one worklist entry per part; redelivery finds the part id taken and stops. */
  async receiveDispatched(event: PartDispatched, source: SourceEvent): Promise<void> {
    if (event.department !== this.department.code) return;
    const dispatchedAt = event.dispatchedAt ?? this.clock();
    const clocks = this.clocks.open(dispatchedAt, {
      reportDueAt: event.reportDueAt,
      handlingDueAt: event.handlingDueAt,
    });
    const doc: PartDoc = {
      _id: event.partId,
      caseId: event.caseId,
      applicationId: event.applicationId,
      applicationNumber: event.applicationNumber,
      department: event.department,
      regionCode: this.regionOf(event),
      scope: partScope(this.regionOf(event)),
      items: event.items,
      status: 'pending',
      placeholder: false,
      dispatchedAt,
      dispatchEventId: source.eventId,
      traceparent: source.traceparent ?? '',
      reportClock: clocks.report,
      handlingClock: clocks.handling,
      nextDueAt: minDate(clocks.report.dueAt, clocks.handling.dueAt),
      atRiskFrom: minDate(clocks.report.atRiskFrom, clocks.handling.atRiskFrom),
      owner: null,
      acceptedAt: null,
      report: null,
      transferRequest: null,
      cancellation: null,
      audit: [
        {
          at: this.clock(),
          byUserId: source.producer,
          action: 'dispatched',
          fromStatus: null,
          toStatus: 'pending',
          reason: '',
          eventId: source.eventId,
        },
      ],
      outbox: [],
    };
    if (!(await this.store.insert(doc))) await this.store.completePlaceholder(doc);
  }

  /** Civil affairs withdrew the part (after 转办, or the application was withdrawn). */
  async receiveCancelled(event: PartCancelled, source: SourceEvent): Promise<void> {
    if (event.department !== this.department.code) return;
    const cancelledAt = event.cancelledAt ?? this.clock();
    const cancellation = {
      reason: cancelReasons[event.reason],
      note: event.note,
      replacementPartId: event.replacementPartId,
      cancelledAt,
    };
    const cancel = (from: PartStatus): PartTransition => ({
      from: [from],
      set: { status: 'cancelled', cancellation },
      audit: {
        at: this.clock(),
        byUserId: source.producer,
        action: 'cancelled',
        fromStatus: from,
        toStatus: 'cancelled',
        reason: event.note,
        eventId: source.eventId,
      },
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = await this.store.findById(event.partId);
      if (current?.status === 'cancelled') return;
      if (current) {
        if (await this.store.transition(current._id, cancel(current.status))) return;
        continue; // it changed under us: look again
      }
      // The cancellation overtook its dispatch (different topics): keep a cancelled placeholder
      // so the late PartDispatched fills in details without reopening the part.
      const placeholder = this.placeholder(event, cancellation, source);
      if (await this.store.insert(placeholder)) return;
    }
    throw new Error(`part ${event.partId} kept changing while being cancelled`);
  }

  private placeholder(
    event: PartCancelled,
    cancellation: NonNullable<PartDoc['cancellation']>,
    source: SourceEvent,
  ): PartDoc {
    const at = cancellation.cancelledAt;
    const clock = { startedAt: at, dueAt: at, atRiskFrom: at };
    return {
      _id: event.partId,
      caseId: event.caseId,
      applicationId: event.applicationId,
      department: event.department,
      regionCode: this.regionOf(event),
      scope: partScope(this.regionOf(event)),
      items: [],
      status: 'cancelled',
      placeholder: true,
      dispatchedAt: at,
      dispatchEventId: '',
      reportClock: clock,
      handlingClock: clock,
      nextDueAt: at,
      atRiskFrom: at,
      owner: null,
      acceptedAt: null,
      report: null,
      transferRequest: null,
      cancellation,
      audit: [
        {
          at: this.clock(),
          byUserId: source.producer,
          action: 'cancelled',
          fromStatus: null,
          toStatus: 'cancelled',
          reason: event.note,
          eventId: source.eventId,
        },
      ],
      outbox: [],
    };
  }
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
