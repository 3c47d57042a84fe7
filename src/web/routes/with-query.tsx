import { QueryClientProvider } from '@tanstack/react-query';
import { Outlet } from 'react-router';
import { getQueryClient } from '../api/query-client';

/**
 * TanStack Query for the organiser app and the auth pages, loaded with their lazy chunks: the
 * buyer pages fetch with a small hook of their own, so Query stays out of the public entry.
 */
export function WithQuery() {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <Outlet />
    </QueryClientProvider>
  );
}
