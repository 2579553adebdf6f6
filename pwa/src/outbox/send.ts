// Turning an outbox entry into its mutation, and the answer into an outcome. Page and SW share it.
import { GraphQLRequestError, NetworkError } from '../graphql/client';
import {
  FileComplaintMutation,
  FilePropertyReportMutation,
  FileSuggestionMutation,
  JoinItemMutation,
  type Operation,
} from '../graphql/operations';
import type { ItemPayload } from '../graphql/types';
import type { OutboxEntry, SendOutcome } from './store';

/** Runs one operation with whatever session the caller has (page: refreshing; SW: stored token). */
export type Caller = <TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables) => Promise<TData>;

async function mutate(entry: OutboxEntry, call: Caller): Promise<ItemPayload> {
  switch (entry.kind) {
    case 'complaint':
      return (await call(FileComplaintMutation, { input: entry.input })).fileComplaint;
    case 'propertyReport':
      return (await call(FilePropertyReportMutation, { input: entry.input })).filePropertyReport;
    case 'suggestion':
      return (await call(FileSuggestionMutation, { input: entry.input })).fileSuggestion;
    case 'join':
      return (await call(JoinItemMutation, { input: entry.input })).joinItem;
  }
}

/**
 * Which failures are worth retrying with the same key: no answer (offline, gateway page), a 5xx,
 * a rate limit, or an internal error. A refusal (4xx, a validation or permission error) is not.
 */
export function classifyError(e: unknown): SendOutcome {
  if (e instanceof NetworkError) return { kind: 'retry', code: 'NETWORK', message: e.message };
  if (e instanceof GraphQLRequestError) {
    if (e.code === 'UNAUTHENTICATED') return { kind: 'unauthenticated' };
    if (e.status >= 500 || e.code === 'RATE_LIMITED') return { kind: 'retry', code: e.code, message: e.message };
    if (e.status >= 400) return { kind: 'attention', code: e.code, message: e.message };
    if (e.code === 'INTERNAL') return { kind: 'retry', code: e.code, message: e.message };
    return { kind: 'attention', code: e.code, message: e.message };
  }
  if (e instanceof Error && e.name === 'SessionExpiredError') return { kind: 'unauthenticated' };
  return { kind: 'retry', code: 'UNKNOWN', message: e instanceof Error ? e.message : String(e) };
}

export async function sendEntry(entry: OutboxEntry, call: Caller): Promise<SendOutcome> {
  let payload: ItemPayload;
  try {
    payload = await mutate(entry, call);
  } catch (e) {
    return classifyError(e);
  }
  if (payload.userErrors.length > 0) {
    return {
      kind: 'attention',
      code: payload.userErrors[0]!.code,
      message: payload.userErrors.map((u) => u.message).join(' '),
    };
  }
  return { kind: 'sent', itemId: payload.item?.id ?? null };
}
