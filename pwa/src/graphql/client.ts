import type { Lang } from '../i18n/lang';
import { multipartBody, type UploadFile } from './multipart';
import type { Operation } from './operations';
import type { ErrorCode } from './types';

export const GRAPHQL_ENDPOINT = '/graphql';

/** The request never got a GraphQL answer: offline, DNS, server down, gateway error. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/** The server answered with a GraphQL error; `message` is already localised by the server. */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';
  constructor(
    message: string,
    readonly code: ErrorCode | string,
    /** HTTP status of the answer (200 for resolver errors, 4xx for refused requests). */
    readonly status = 200,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  lang: Lang;
  accessToken?: string | null | undefined;
  fetch?: typeof fetch;
  endpoint?: string;
  /** Files to send as a GraphQL multipart request (the variables they fill are set to null). */
  files?: readonly UploadFile[] | undefined;
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function request<TData, TVariables>(
  op: Operation<TData, TVariables>,
  variables: TVariables,
  options: RequestOptions,
): Promise<TData> {
  const files = options.files ?? [];
  const payload = { query: op.query, variables, operationName: op.operationName };
  const headers: Record<string, string> = {
    Accept: 'application/graphql-response+json, application/json',
    'Accept-Language': options.lang,
  };
  // A multipart body gets its Content-Type (with the boundary) from the browser.
  if (files.length === 0) headers['Content-Type'] = 'application/json';
  if (options.accessToken) headers['Authorization'] = `Bearer ${options.accessToken}`;

  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(options.endpoint ?? GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers,
      body: files.length > 0 ? multipartBody(payload, files) : JSON.stringify(payload),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }

  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch {
    // No JSON: a proxy page, an offline SW response or a crashed server.
    if (response.status >= 500 || response.status === 0) throw new NetworkError(`HTTP ${response.status}`);
    throw new GraphQLRequestError(`HTTP ${response.status}`, 'INTERNAL', response.status);
  }

  const first = body.errors?.[0];
  if (first) throw new GraphQLRequestError(first.message, first.extensions?.code ?? 'INTERNAL', response.status);
  if (body.data == null) throw new GraphQLRequestError(`HTTP ${response.status}: no data`, 'INTERNAL', response.status);
  return body.data;
}
