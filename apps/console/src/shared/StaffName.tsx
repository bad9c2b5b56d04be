import { useQuery } from '@tanstack/react-query';
import { call } from '../api/typed';
import { useUser } from '../auth/AuthContext';
import { systemActorLabel } from './services';

/** What a screen shows for an id nobody could name: enough to tell two apart. */
export const unnamedStaff = (id: string) => `用户 ${id.slice(0, 8)}`;

/** The ids intake's `POST /staff/names` accepts in one request. */
const BATCH = 100;
const wellFormed = /^[A-Za-z0-9._-]{1,64}$/;

type Waiting = { resolve: (name: string | null) => void; reject: (e: unknown) => void };
let pending = new Map<string, Waiting[]>();
let scheduled = false;

/**
 * Every id asked for while one render commits (each `<StaffName>` starts its query in the same
 * task) goes out in one request, after the task: a table of 50 rows costs one round trip.
 */
function lookUp(id: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    pending.set(id, [...(pending.get(id) ?? []), { resolve, reject }]);
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      const batch = pending;
      pending = new Map();
      scheduled = false;
      const ids = [...batch.keys()];
      for (let i = 0; i < ids.length; i += BATCH) void send(ids.slice(i, i + BATCH), batch);
    }, 0);
  });
}

async function send(ids: string[], waiting: Map<string, Waiting[]>): Promise<void> {
  try {
    const { names } = await call<
      { names: Record<string, string> },
      'intake',
      'post',
      '/staff/names'
    >('intake', 'post', '/staff/names', { body: { ids } });
    for (const id of ids) for (const w of waiting.get(id) ?? []) w.resolve(names[id] ?? null);
  } catch (e) {
    for (const id of ids) for (const w of waiting.get(id) ?? []) w.reject(e);
  }
}

/**
 * A colleague's name by user id: the signed-in user as 本人, a service as itself (民政部门（系统）),
 * anyone else from the identity provider (batched, kept for the session), else `用户 xxxxxxxx`.
 */
export function useStaffName(id: string | null | undefined): string {
  const me = useUser();
  const value = id ?? '';
  const service = value ? systemActorLabel(value) : undefined;
  const person = !!value && !service && value !== me.id && wellFormed.test(value);
  const { data } = useQuery({
    queryKey: ['staff-name', value],
    queryFn: () => lookUp(value),
    enabled: person,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  if (!value) return '—';
  if (service) return service;
  if (value === me.id) return `${me.name}（本人）`;
  return data || unnamedStaff(value);
}

/** `<StaffName id={part.ownerId} />`: the name, with the id on hover for the record. */
export function StaffName({ id }: { id: string | null | undefined }) {
  const name = useStaffName(id);
  return <span title={id && !systemActorLabel(id) ? id : undefined}>{name}</span>;
}
