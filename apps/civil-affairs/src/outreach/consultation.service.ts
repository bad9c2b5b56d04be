import { randomUUID } from 'node:crypto';
import {
  type FollowUpDeadline,
  type OutreachRules,
  completeFollowUp,
  recordConsultation,
} from '@jh/domain-outreach';
import type { Actor } from '@jh/platform-auth';
import { conflict, notFound } from '@jh/platform-errors';
import type { ScopeQuery } from '../access';
import type { ConsultationDoc, OutreachTaskDoc } from './outreach.model';
import { refusalError } from './outreach.translate';
import type { OutreachStore } from './outreach.store';

export interface ConsultationBody {
  consultationId?: string;
  taskId: string;
  heldOn: string;
  departmentsPresent: string[];
  findings: string;
  decisions: string[];
  followUps: {
    id?: string;
    owner: string;
    department: string;
    description: string;
    deadline: FollowUpDeadline;
  }[];
}

/** 研判会商 (R-PD-4): records held for a task's household, their follow-ups tracked like parts. */
export class ConsultationService {
  constructor(
    private readonly store: OutreachStore,
    private readonly rules: OutreachRules,
    private readonly clock: () => Date,
  ) {}

  /** A 研判会商 for a task's household, with its follow-ups' due times; a resend changes nothing. */
  async record(actor: Actor, body: ConsultationBody, task: OutreachTaskDoc) {
    const now = this.clock();
    const id = body.consultationId ?? `hs-${randomUUID()}`;
    const existing = await this.store.consultation(id);
    if (existing) return { doc: existing, created: false };
    const result = recordConsultation(
      {
        consultationId: id,
        householdRef: task.householdRef,
        taskId: task._id,
        heldOn: body.heldOn,
        coordinatorId: actor.userId,
        departmentsPresent: body.departmentsPresent,
        findings: body.findings,
        decisions: body.decisions,
        followUps: body.followUps.map((f, i) => ({ ...f, id: f.id ?? String(i + 1) })),
      },
      now,
      this.rules,
    );
    if (!result.ok) throw refusalError(result);
    const doc: ConsultationDoc = {
      _id: id,
      consultation: result.consultation,
      scope: task.scope,
      audit: [
        {
          at: now,
          byUserId: actor.userId,
          action: 'recorded',
          reason: `研判会商（${result.consultation.departmentsPresent.length}个部门），跟进事项${result.consultation.followUps.length}项（R-PD-4）`,
        },
      ],
      recordedAt: now,
      updatedAt: now,
      version: 0,
    };
    if (!(await this.store.insertConsultation(doc)))
      return { doc: await this.get(id), created: false };
    return { doc, created: true };
  }

  async get(id: string): Promise<ConsultationDoc> {
    const doc = await this.store.consultation(id);
    if (!doc) throw notFound('CONSULTATION_NOT_FOUND', '未找到该研判会商记录');
    return doc;
  }

  /** The records the caller's scope covers, newest meeting first (the coordinator's list). */
  list(scope: ScopeQuery, filter: { taskId?: string }, page: number, pageSize: number) {
    return this.store.listConsultations(scope, filter, (page - 1) * pageSize, pageSize);
  }

  /** The n-th follow-up (1-based) done, once, by the caller. */
  async completeFollowUp(id: string, n: number, actor: Actor): Promise<ConsultationDoc> {
    const doc = await this.get(id);
    const target = doc.consultation.followUps[n - 1];
    if (!target) throw notFound('FOLLOW_UP_NOT_FOUND', `会商记录中没有第${n}项跟进事项`);
    const now = this.clock();
    const result = completeFollowUp(doc.consultation, target.id, { at: now, by: actor.userId });
    if (!result.ok) throw refusalError(result);
    const ok = await this.store.updateConsultation(doc, result.consultation, {
      at: now,
      byUserId: actor.userId,
      action: 'follow_up_completed',
      reason: `跟进事项${target.id}已完成（R-PD-4）`,
    });
    if (!ok) throw conflict('CONSULTATION_CHANGED', '该会商记录已被他人更新，请刷新后重试');
    return this.get(id);
  }
}
