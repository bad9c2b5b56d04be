import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { ApplicationView, CaseView } from './model';

export const useApplication = (id: string) =>
  useQuery({
    queryKey: ['intake', 'application', id],
    queryFn: ({ signal }) => api<ApplicationView>('intake', `/applications/${id}`, { signal }),
  });

/** The case civil affairs opened for the application (same id); null until it is dispatched. */
export const useCase = (id: string) =>
  useQuery({
    queryKey: ['civil-affairs', 'case', id],
    queryFn: async ({ signal }) => {
      try {
        return await api<CaseView>('civil-affairs', `/cases/${id}`, { signal });
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
