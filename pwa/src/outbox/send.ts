// Turning an outbox entry into its mutation, and the answer into an outcome. Page and SW share it.
import { GraphQLRequestError, NetworkError } from '../graphql/client';
import {
  AddCaseEvidenceMutation,
  CheckInPatrolMutation,
  RecordPatrolFindingMutation,
  FileComplaintMutation,
  FilePropertyReportMutation,
  FileSuggestionMutation,
  JoinItemMutation,
  LogRenovationPatrolMutation,
  ReportRenovationFindingMutation,
  type Operation,
} from '../graphql/operations';
import { photoUploads, type UploadFile } from '../graphql/multipart';
import type { UserError } from '../graphql/types';
import type { OutboxEntry, PhotoError, SendOutcome, StoredPhoto } from './store';

/**
 * Runs one operation with whatever session the caller has (page: refreshing; SW: stored token).
 * `files` make it a GraphQL multipart request.
 */
export type Caller = <TData, TVariables>(
  op: Operation<TData, TVariables>,
  variables: TVariables,
  files?: readonly UploadFile[],
) => Promise<TData>;

/** The filing's photos as uploads, and `photos: [null, …]` for its input (none: no field, plain JSON). */
function withPhotos<I extends object>(input: I, photos: readonly StoredPhoto[] | undefined) {
  if (!photos || photos.length === 0) return { input, files: undefined };
  return { input: { ...input, photos: photos.map(() => null) }, files: photoUploads(photos) };
}

/** What every outbox mutation answers: the id of what it made or changed (item; case for evidence; registration for a patrol). */
interface Answer {
  id: string | null;
  userErrors: UserError[];
}

const itemAnswer = (p: { item: { id: string } | null; userErrors: UserError[] }): Answer => ({
  id: p.item?.id ?? null,
  userErrors: p.userErrors,
});

async function mutate(entry: OutboxEntry, call: Caller): Promise<Answer> {
  switch (entry.kind) {
    case 'evidence': {
      // One photo at `variables.input.photo` (JSON null, the file beside it); none: plain JSON.
      const files: UploadFile[] | undefined = entry.photo
        ? [{ path: 'variables.input.photo', blob: entry.photo.blob, name: entry.photo.name }]
        : undefined;
      const input = entry.photo ? { ...entry.input, photo: null } : entry.input;
      const p = (await call(AddCaseEvidenceMutation, { input }, files)).addCaseEvidence;
      return { id: p.case?.id ?? null, userErrors: p.userErrors };
    }
    case 'renovationPatrol': {
      // Like evidence: one photo at `variables.input.photo`; none: plain JSON.
      const files: UploadFile[] | undefined = entry.photo
        ? [{ path: 'variables.input.photo', blob: entry.photo.blob, name: entry.photo.name }]
        : undefined;
      const input = entry.photo ? { ...entry.input, photo: null } : entry.input;
      const p = (await call(LogRenovationPatrolMutation, { input }, files)).logRenovationPatrol;
      return { id: p.renovation?.id ?? null, userErrors: p.userErrors };
    }
    case 'renovationReport': {
      const { input, files } = withPhotos(entry.input, entry.photos);
      return itemAnswer((await call(ReportRenovationFindingMutation, { input }, files)).reportRenovationFinding);
    }
    case 'complaint': {
      const { input, files } = withPhotos(entry.input, entry.photos);
      return itemAnswer((await call(FileComplaintMutation, { input }, files)).fileComplaint);
    }
    case 'propertyReport': {
      const { input, files } = withPhotos(entry.input, entry.photos);
      return itemAnswer((await call(FilePropertyReportMutation, { input }, files)).filePropertyReport);
    }
    case 'patrolCheckin': {
      const p = (await call(CheckInPatrolMutation, { input: entry.input })).checkInPatrol;
      return { id: p.patrol?.id ?? null, userErrors: p.userErrors };
    }
    case 'patrolFinding': {
      const { input, files } = withPhotos(entry.input, entry.photos);
      const p = (await call(RecordPatrolFindingMutation, { input }, files)).recordPatrolFinding;
      return { id: p.finding?.item.id ?? null, userErrors: p.userErrors };
    }
    case 'suggestion':
      return itemAnswer((await call(FileSuggestionMutation, { input: entry.input })).fileSuggestion);
    case 'join':
      return itemAnswer((await call(JoinItemMutation, { input: entry.input })).joinItem);
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
  let payload: Answer;
  try {
    payload = await mutate(entry, call);
  } catch (e) {
    return classifyError(e);
  }
  if (payload.userErrors.length > 0) {
    // Refusals of single photos are listed apart (the UI names the photo); `message` has the rest.
    const photoErrors = photoErrorsOf(payload.userErrors);
    const rest = payload.userErrors.filter((u) => !isPhotoError(u));
    return {
      kind: 'attention',
      code: payload.userErrors[0]!.code,
      message: rest.map((u) => u.message).join(' '),
      ...(photoErrors.length > 0 ? { photoErrors } : {}),
    };
  }
  return { kind: 'sent', itemId: payload.id };
}

/** The userErrors that name one photo (field ["input", "photos", "<index>"]). */
export function photoErrorsOf(errors: readonly UserError[]): PhotoError[] {
  return errors.filter(isPhotoError).map((u) => ({ index: Number(u.field[2]), message: u.message }));
}

function isPhotoError(u: UserError): boolean {
  const [input, photos, index, ...more] = u.field;
  return input === 'input' && photos === 'photos' && index !== undefined && /^\d+$/.test(index) && more.length === 0;
}
