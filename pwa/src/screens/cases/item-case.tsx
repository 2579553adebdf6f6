// On an item's page, for officers and supervisors (SPEC §6): why it must become a case (应立尽立, or
// a repeat on a point that is not historical stock), repeats, the exemption, and for the officer
// while it is being verified: open a case (立案), ask for an exemption, mark the point 历史存量.
import '../../i18n/cases';
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { ItemCaseInfoQuery, MarkHistoricalStockMutation, OpenCaseMutation, RequestApprovalMutation } from '../../graphql/case-operations';
import { MattersQuery } from '../../graphql/operations';
import type { Item, MatterSummary, UserError } from '../../graphql/types';
import { PARTY_KINDS, type CaseProcedure, type ItemCaseInfo, type PartyInput, type PartyKind } from '../../graphql/case-types';
import { errorText, formatTime } from '../../ui';
import { ActionForm, Label, fieldValue } from './action-form';
import { casePath } from './common';

const PARTY_FIELDS = ['kind', 'name', 'idNumber', 'phone', 'address'] as const;
type PartyField = (typeof PARTY_FIELDS)[number];

interface PartyRow extends Record<PartyField, string> {
  rowId: number;
}

let rowIds = 0;
const emptyParty = (kind: PartyKind = 'OWNER'): PartyRow => ({ rowId: ++rowIds, kind, name: '', idNumber: '', phone: '', address: '' });

/** The parties to send (blank optional fields as null). */
export function partyInputs(rows: readonly PartyRow[]): PartyInput[] {
  return rows.map((r) => ({
    kind: r.kind as PartyKind,
    name: r.name.trim(),
    idNumber: r.idNumber.trim() || null,
    phone: r.phone.trim() || null,
    address: r.address.trim() || null,
  }));
}

/**
 * userErrors of openCase by where the form shows them: `parties.<i>.<field>`, a top-level field
 * (`facts`, `procedure`, `matterCode`, `parties`), or the form.
 */
export function openCaseErrors(errors: readonly UserError[]): { byField: Record<string, string>; rest: string[] } {
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  const add = (k: string, m: string) => (byField[k] = byField[k] ? `${byField[k]} ${m}` : m);
  for (const e of errors) {
    const path = e.field[0] === 'input' ? e.field.slice(1) : e.field;
    const [top, index, sub] = path;
    if (top === 'parties' && index !== undefined && /^\d+$/.test(index) && sub && (PARTY_FIELDS as readonly string[]).includes(sub)) {
      add(`parties.${index}.${sub}`, e.message);
    } else if (top === 'parties') add('parties', e.message);
    else if (top === 'facts' || top === 'procedure' || top === 'matterCode') add(top, e.message);
    else rest.push(e.message);
  }
  return { byField, rest };
}

export function ItemCasePanel({ item, onItemChanged }: { item: Item; onItemChanged: () => Promise<void> | void }) {
  const { t, lang, user, call, offline } = useEnv();
  const [info, setInfo] = useState<ItemCaseInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setInfo((await call(ItemCaseInfoQuery, { id: item.id })).item);
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  };
  useEffect(() => {
    if (!offline) void load();
  }, [item.id, item.status, offline, lang]);

  // Supervisors only read this panel: a refusal there is not theirs to act on.
  if (error && user.role !== 'OFFICER') return null;
  if (error) {
    return (
      <div role="alert" class="error">
        {error}{' '}
        <button class="link" type="button" onClick={() => void load()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!info) return null;
  const officer = user.role === 'OFFICER';
  const verifying = item.status === 'VERIFYING' && !info.caseId;
  const exemptionOpen = info.exemption && info.exemption.status !== 'REJECTED';
  const shown = info.caseId || info.needsCase || info.repeatCount > 0 || info.historicalStock || info.exemption || (officer && verifying);
  if (!shown) return null;

  return (
    <section class="card item-case" aria-labelledby="item-case-heading" data-needs-case={info.needsCase ?? undefined}>
      <h2 id="item-case-heading">{t('itemCase.heading')}</h2>
      {info.caseId && (
        <p>
          <a class="item-link" href={casePath(info.caseId)}>
            {t('itemCase.viewCase')}
          </a>
        </p>
      )}
      {info.needsCase && (
        <p class="notice" data-field="needs-case">
          {t(`needsCase.${info.needsCase}`)}
        </p>
      )}
      <p class="chips">
        {info.repeatCount > 0 && (
          <span class="chip chip-warn" data-field="repeat-count">
            {t('itemCase.repeatCount', { n: String(info.repeatCount) })}
          </span>
        )}
        {info.historicalStock && (
          <span class="chip chip-neutral" data-field="historical-stock">
            {t('itemCase.historicalStock')}
          </span>
        )}
      </p>
      {info.exemption && (
        <p class="small" data-field="exemption" data-status={info.exemption.status}>
          {t('itemCase.exemption', { status: t(`approvalStatus.${info.exemption.status}`) })}
          {info.exemption.decidedBy && info.exemption.decidedAt
            ? ` · ${t('approvals.decided', { name: info.exemption.decidedBy, time: formatTime(lang, info.exemption.decidedAt) })}`
            : ''}
          {info.exemption.decisionNote ? `${t('common.colon')}${info.exemption.decisionNote}` : ''}
        </p>
      )}

      {officer && verifying && (
        <>
          <details class="more-action" open={info.needsCase !== null}>
            <summary>{t('itemCase.open')}</summary>
            <OpenCaseForm item={item} />
          </details>
          {info.needsCase && !exemptionOpen && (
            <details class="more-action">
              <summary>{t('itemCase.exemptionAsk')}</summary>
              <ActionForm
                action="EXEMPTION"
                title={t('itemCase.exemptionAsk')}
                intro={<p class="hint">{t('itemCase.exemptionIntro')}</p>}
                fields={['reason', 'evidence']}
                submitLabel={t('case.requestSubmit')}
                onConflict={load}
                onSubmit={async (form) => {
                  const reason = fieldValue(form, 'reason');
                  const evidence = fieldValue(form, 'evidence');
                  const local: Record<string, string> = {};
                  if (!reason) local['reason'] = t('file.required');
                  if (!evidence) local['evidence'] = t('file.required');
                  if (Object.keys(local).length > 0) return { local };
                  const { requestApproval } = await call(RequestApprovalMutation, {
                    input: { kind: 'EXEMPTION', itemId: item.id, reason, evidence },
                  });
                  if (requestApproval.userErrors.length === 0) await load();
                  return { userErrors: requestApproval.userErrors };
                }}
              >
                {(f) => (
                  <>
                    <Label f={f} name="reason">
                      {t('case.reason')}
                    </Label>
                    <textarea id={f.id('reason')} name="reason" rows={3} maxLength={2000} {...f.inv('reason')} />
                    {f.err('reason')}
                    <Label f={f} name="evidence">
                      {t('itemCase.exemptionEvidence')}
                    </Label>
                    <textarea id={f.id('evidence')} name="evidence" rows={3} maxLength={4000} {...f.inv('evidence')} />
                    {f.err('evidence')}
                  </>
                )}
              </ActionForm>
            </details>
          )}
          {!info.historicalStock && (
            <details class="more-action">
              <summary>{t('itemCase.markStock')}</summary>
              <ActionForm
                action="HISTORICAL_STOCK"
                title={t('itemCase.markStock')}
                intro={<p class="hint">{t('itemCase.markStockIntro')}</p>}
                fields={['reason']}
                submitLabel={t('itemCase.markStockSubmit')}
                onConflict={load}
                onSubmit={async (form) => {
                  const reason = fieldValue(form, 'reason');
                  if (!reason) return { local: { reason: t('file.required') } };
                  const { markHistoricalStock } = await call(MarkHistoricalStockMutation, { input: { itemId: item.id, reason } });
                  if (markHistoricalStock.userErrors.length === 0) {
                    await load();
                    await onItemChanged();
                  }
                  return { userErrors: markHistoricalStock.userErrors };
                }}
              >
                {(f) => (
                  <>
                    <Label f={f} name="reason">
                      {t('case.reason')}
                    </Label>
                    <textarea id={f.id('reason')} name="reason" rows={2} maxLength={2000} {...f.inv('reason')} />
                    {f.err('reason')}
                  </>
                )}
              </ActionForm>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function OpenCaseForm({ item }: { item: Item }) {
  const { t, call, navigate, offline } = useEnv();
  const [procedure, setProcedure] = useState<CaseProcedure>('ORDINARY');
  const [parties, setParties] = useState<PartyRow[]>(() => [emptyParty()]);
  const [matters, setMatters] = useState<MatterSummary[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [byField, setByField] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  // The item's matter is the case's; an item filed as "unsure" needs one chosen here.
  useEffect(() => {
    if (item.matter) return;
    call(MattersQuery, { first: 200 }).then(
      (r) => setMatters(r.matters.edges.map((e) => e.node)),
      () => setMatters([]),
    );
  }, []);

  const update = (rowId: number, field: PartyField, value: string) =>
    setParties((rows) => rows.map((r) => (r.rowId === rowId ? { ...r, [field]: value } : r)));

  const inv = (key: string) => (byField[key] ? { 'aria-invalid': true as const, 'aria-describedby': `oc-${key.replace(/\./g, '-')}-error` } : {});
  const err = (key: string) =>
    byField[key] ? (
      <p id={`oc-${key.replace(/\./g, '-')}-error`} class="field-error">
        {byField[key]}
      </p>
    ) : null;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const facts = fieldValue(form, 'facts');
    const matterCode = item.matter ? null : fieldValue(form, 'matterCode') || null;
    const local: Record<string, string> = {};
    if (!facts) local['facts'] = t('file.required');
    if (!item.matter && !matterCode) local['matterCode'] = t('file.requiredChoice');
    if (parties.length === 0) local['parties'] = t('itemCase.partyRequired');
    parties.forEach((p, i) => {
      if (!p.name.trim()) local[`parties.${i}.name`] = t('file.required');
    });
    setByField(local);
    setFormError(null);
    if (Object.keys(local).length > 0) {
      const first = Object.keys(local)[0]!;
      (form.querySelector(`#oc-${first.replace(/\./g, '-')}`) as HTMLElement | null)?.focus();
      return;
    }
    setBusy(true);
    try {
      const { openCase } = await call(OpenCaseMutation, {
        input: { itemIds: [item.id], matterCode, procedure, facts, parties: partyInputs(parties) },
      });
      if (openCase.userErrors.length > 0 || !openCase.case) {
        const split = openCaseErrors(openCase.userErrors);
        setByField(split.byField);
        setFormError(split.rest.join(' ') || (Object.keys(split.byField).length > 0 ? null : t('error.unexpected')));
        return;
      }
      navigate(casePath(openCase.case.id));
    } catch (e) {
      setFormError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="action-form" noValidate onSubmit={submit} data-action="OPEN_CASE" aria-labelledby="oc-title">
      <h3 id="oc-title">{t('itemCase.open')}</h3>
      <p class="label-like">{t('case.matter')}</p>
      {item.matter ? (
        <p data-field="case-matter">
          <span class="code">{item.matter.code}</span> {item.matter.name}
        </p>
      ) : (
        <>
          <label for="oc-matterCode" class="sr-only">
            {t('case.matter')}
          </label>
          <select id="oc-matterCode" name="matterCode" {...inv('matterCode')}>
            <option value="">{matters === null ? t('common.loading') : t('itemCase.chooseMatter')}</option>
            {matters?.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} {m.name}
              </option>
            ))}
          </select>
          {err('matterCode')}
        </>
      )}
      <fieldset class="choices" {...inv('procedure')}>
        <legend>{t('itemCase.procedure')}</legend>
        {(['ORDINARY', 'SUMMARY'] as const).map((p) => (
          <div class="check" key={p}>
            <input id={`oc-procedure-${p}`} type="radio" name="procedure" value={p} checked={procedure === p} onChange={() => setProcedure(p)} />
            <label for={`oc-procedure-${p}`}>{t(`procedureLong.${p}`)}</label>
          </div>
        ))}
        {err('procedure')}
      </fieldset>
      <label for="oc-facts">{t('case.facts')}</label>
      <p class="hint">{t('itemCase.factsHint')}</p>
      <textarea id="oc-facts" name="facts" rows={4} maxLength={4000} {...inv('facts')} />
      {err('facts')}

      <fieldset class="group parties-fieldset" {...inv('parties')}>
        <legend>{t('case.parties')}</legend>
        {err('parties')}
        {parties.map((p, i) => (
          <div class="party-row" key={p.rowId} data-party-row={i}>
            <p class="label-like">{t('itemCase.partyN', { n: String(i + 1) })}</p>
            <label for={`oc-parties-${i}-kind`}>{t('itemCase.partyKind')}</label>
            <select id={`oc-parties-${i}-kind`} value={p.kind} onChange={(e) => update(p.rowId, 'kind', e.currentTarget.value)} {...inv(`parties.${i}.kind`)}>
              {PARTY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`party.${k}`)}
                </option>
              ))}
            </select>
            {err(`parties.${i}.kind`)}
            <label for={`oc-parties-${i}-name`}>{t('itemCase.partyName')}</label>
            <input id={`oc-parties-${i}-name`} type="text" value={p.name} maxLength={200} onInput={(e) => update(p.rowId, 'name', e.currentTarget.value)} {...inv(`parties.${i}.name`)} />
            {err(`parties.${i}.name`)}
            <label for={`oc-parties-${i}-idNumber`}>
              {p.kind === 'PROPERTY_FIRM' ? t('party.creditCode') : t('party.idNumber')}
              <span class="muted">{t('common.optional')}</span>
            </label>
            <input
              id={`oc-parties-${i}-idNumber`}
              type="text"
              autocomplete="off"
              value={p.idNumber}
              maxLength={32}
              onInput={(e) => update(p.rowId, 'idNumber', e.currentTarget.value)}
              {...inv(`parties.${i}.idNumber`)}
            />
            {err(`parties.${i}.idNumber`)}
            <label for={`oc-parties-${i}-phone`}>
              {t('party.phone')}
              <span class="muted">{t('common.optional')}</span>
            </label>
            <input id={`oc-parties-${i}-phone`} type="tel" value={p.phone} maxLength={32} onInput={(e) => update(p.rowId, 'phone', e.currentTarget.value)} {...inv(`parties.${i}.phone`)} />
            {err(`parties.${i}.phone`)}
            <label for={`oc-parties-${i}-address`}>
              {t('party.address')}
              <span class="muted">{t('common.optional')}</span>
            </label>
            <input id={`oc-parties-${i}-address`} type="text" value={p.address} maxLength={300} onInput={(e) => update(p.rowId, 'address', e.currentTarget.value)} {...inv(`parties.${i}.address`)} />
            {err(`parties.${i}.address`)}
            {parties.length > 1 && (
              <button class="secondary danger" type="button" onClick={() => setParties((rows) => rows.filter((r) => r.rowId !== p.rowId))}>
                {t('itemCase.partyRemove', { n: String(i + 1) })}
              </button>
            )}
          </div>
        ))}
        <button class="secondary" type="button" onClick={() => setParties((rows) => [...rows, emptyParty('OCCUPANT')])}>
          {t('itemCase.partyAdd')}
        </button>
      </fieldset>
      <div role="alert" class={formError ? 'error' : 'sr-empty'} data-form-error>
        {formError}
      </div>
      <button class="primary" type="submit" disabled={busy || offline}>
        {busy ? t('file.submitting') : t('itemCase.openSubmit')}
      </button>
    </form>
  );
}
