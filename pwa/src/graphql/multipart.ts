// The GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec):
// form fields `operations` (the JSON request with `null` where each file goes), `map` (file field
// name → the paths it fills), then the files "0", "1", … in that order. The browser writes the
// multipart Content-Type with its boundary; the caller must not set one.

/** One file of the request and the variable it fills, e.g. `variables.input.photos.0`. */
export interface UploadFile {
  path: string;
  blob: Blob;
  /** The file name sent with it (the server checks the content, not the name). */
  name: string;
}

export interface GraphQLPayload {
  query: string;
  variables: unknown;
  operationName: string;
}

/** Sets `null` at a dotted path ("variables.input.photos.1"), creating arrays and objects on the way. */
function setNull(root: Record<string, unknown>, path: string): void {
  const parts = path.split('.');
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    const last = i === parts.length - 1;
    const index = /^\d+$/.test(key) ? Number(key) : null;
    const container = node as Record<string | number, unknown>;
    const slot = index ?? key;
    if (last) {
      container[slot] = null;
      return;
    }
    let next = container[slot];
    if (next === null || typeof next !== 'object') {
      next = /^\d+$/.test(parts[i + 1]!) ? [] : {};
      container[slot] = next;
    }
    node = next as Record<string, unknown>;
  }
}

/** The multipart body for `payload` with `files`; the `operations` JSON carries `null` at each file's path. */
export function multipartBody(payload: GraphQLPayload, files: readonly UploadFile[]): FormData {
  const operations = JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  const map: Record<string, string[]> = {};
  files.forEach((f, i) => {
    setNull(operations, f.path);
    map[String(i)] = [f.path];
  });
  const form = new FormData();
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify(map));
  files.forEach((f, i) => form.append(String(i), f.blob, f.name));
  return form;
}

/** The uploads for `photos` at `variables.input.photos.N`. */
export function photoUploads(photos: readonly { blob: Blob; name: string }[]): UploadFile[] {
  return photos.map((p, i) => ({ path: `variables.input.photos.${i}`, blob: p.blob, name: p.name }));
}
