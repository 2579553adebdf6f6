// "导出 Excel": a GET of /exports/….xlsx with the bearer token (fetch, not a link: the token never
// goes into a URL), saved through an <a download> of the answer's blob. A refusal says why.
import { useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { downloadName } from './logic';

export type ExportResult = { ok: true; name: string; size: number } | { ok: false; message: string };

/** Fetches an export and hands it to the browser as a download. */
export async function saveExport(
  fetchAuthed: (path: string) => Promise<Response>,
  path: string,
  fallbackName: string,
  messages: { network: string; failed: (status: number) => string },
): Promise<ExportResult> {
  let res: Response;
  try {
    res = await fetchAuthed(path);
  } catch (e) {
    return { ok: false, message: e instanceof Error && e.name === 'SessionExpiredError' ? e.message : messages.network };
  }
  if (res.status !== 200) {
    let message = messages.failed(res.status);
    try {
      const body = (await res.json()) as { message?: unknown };
      if (typeof body.message === 'string' && body.message) message = body.message;
    } catch {
      // not JSON: the status says it
    }
    return { ok: false, message };
  }
  const blob = await res.blob();
  const name = downloadName(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, name, size: blob.size };
}

export function ExportButton({ path, fallbackName, id }: { path: string; fallbackName: string; id: string }) {
  const { t, fetchAuthed, offline } = useEnv();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  if (!fetchAuthed) return null;
  const run = async () => {
    setBusy(true);
    setResult(null);
    setResult(
      await saveExport(fetchAuthed, path, fallbackName, {
        network: t('error.network'),
        failed: (status) => t('fig.exportFailed', { status: String(status) }),
      }),
    );
    setBusy(false);
  };
  return (
    <div class="export" data-export={id}>
      <button type="button" class="secondary" disabled={busy || offline} onClick={() => void run()} data-action={`export-${id}`}>
        {busy ? t('fig.exporting') : t('fig.export')}
      </button>
      <div role="status" class={result?.ok ? 'muted small' : 'sr-empty'}>
        {result?.ok ? t('fig.exported', { name: result.name }) : null}
      </div>
      <div role="alert" class={result && !result.ok ? 'error' : 'sr-empty'}>
        {result && !result.ok ? result.message : null}
      </div>
    </div>
  );
}
