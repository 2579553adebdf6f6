// The case's documents, generated from its data and printed on A4 (black on white, no app chrome):
// 立案审批表, 行政处罚告知书, 行政处罚决定书. Official documents: their text is Chinese whatever the
// interface language; the chrome around them (heading, back link, print button) follows it.
import { useEffect, useState } from 'preact/hooks';
import { useEnv } from '../../env';
import { CaseQuery } from '../../graphql/case-operations';
import type { Case, Party, PartyKind } from '../../graphql/case-types';
import type { ItemSource } from '../../graphql/types';
import type { CaseDocumentKind } from '../../router';
import { errorText, useHeadingFocus } from '../../ui';
import { casePath, decisionTextZh, zhDate } from './common';

const PARTY_ZH: Record<PartyKind, string> = {
  OWNER: '业主',
  OCCUPANT: '使用人',
  TENANT: '承租人',
  SUBLANDLORD: '二房东',
  PROPERTY_FIRM: '物业服务企业',
};
const ORIGIN_ZH: Record<Case['origin'], string> = { COMPLAINT: '投诉举报', PATROL: '巡查发现', DUTY_CHECK: '物业履责核查' };
const SOURCE_ZH: Record<ItemSource, string> = {
  CITIZEN_COMPLAINT: '市民投诉',
  PATROL: '小区巡查',
  PROPERTY_REPORT: '物业报告',
  COMMITTEE_REPORT: '居民区反映',
  DEPARTMENT_REFERRAL: '部门移送',
  MEDIA: '媒体监督',
};
const EVIDENCE_ZH: Record<Case['evidence'][number]['kind'], string> = {
  PHOTO: '照片',
  DOCUMENT: '书证',
  INSPECTION_RECORD: '勘验（检查）笔录',
  INQUIRY_NOTE: '询问笔录',
  RESTORATION_REPORT: '修复（鉴定）报告',
};

const you = (p: Party | undefined) => (p?.organisation ? '你单位' : '你');

function PartyBlock({ parties }: { parties: readonly Party[] }) {
  return (
    <>
      {parties.map((p) => (
        <p key={p.id} class="doc-party" data-party-id={p.id}>
          当事人（{PARTY_ZH[p.kind]}）：{p.name}
          {p.idNumber ? `，${p.organisation ? '统一社会信用代码' : '身份证号码'}：${p.idNumber}` : ''}
          {p.address ? `，地址：${p.address}` : ''}
          {p.phone ? `，联系电话：${p.phone}` : ''}
        </p>
      ))}
    </>
  );
}

function Signature({ kase, at }: { kase: Case; at: string | null }) {
  return (
    <div class="doc-signature">
      <p>{kase.handlingUnit.name}</p>
      <p>（印章）</p>
      <p>{zhDate(at)}</p>
    </div>
  );
}

export function FilingForm({ kase }: { kase: Case }) {
  const rows: [string, string][] = [
    ['案件编号', kase.number],
    ['立案日期', zhDate(kase.filedAt)],
    ['案由', `涉嫌${kase.matter.name}（${kase.matter.code}）`],
    ['法律依据', kase.matter.legalBasis],
    ['案件来源', ORIGIN_ZH[kase.origin]],
    ['发生地点', `${kase.community.name}${kase.unitLabel ? ` ${kase.unitLabel}` : ''}`],
    ['承办单位', kase.handlingUnit.name],
    ['承办人', kase.officer ?? ''],
    ['程序', kase.procedure === 'SUMMARY' ? '简易程序' : '一般程序'],
  ];
  return (
    <article class="doc" data-document="filing" lang="zh-CN">
      <h2 class="doc-title">立案审批表</h2>
      <p class="doc-number">{kase.number}</p>
      <table class="doc-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">当事人</th>
            <td>
              <PartyBlock parties={kase.parties} />
            </td>
          </tr>
          <tr>
            <th scope="row">基本案情</th>
            <td class="prewrap" data-field="facts">
              {kase.facts}
            </td>
          </tr>
          <tr>
            <th scope="row">关联诉件</th>
            <td>
              {kase.items.length === 0
                ? '无'
                : kase.items.map((i) => (
                    <p key={i.id}>
                      {zhDate(i.createdAt)} {SOURCE_ZH[i.source]}：{i.description}
                    </p>
                  ))}
            </td>
          </tr>
          <tr>
            <th scope="row">承办人意见</th>
            <td>
              <p>建议立案调查。</p>
              <p class="doc-line">承办人签名：{kase.officer ?? '__________'}　　　{zhDate(kase.filedAt)}</p>
            </td>
          </tr>
          <tr>
            <th scope="row">审核意见</th>
            <td>
              <p class="doc-blank" />
              <p class="doc-line">审核人签名：__________　　　____年__月__日</p>
            </td>
          </tr>
          <tr>
            <th scope="row">审批意见</th>
            <td>
              <p class="doc-blank" />
              <p class="doc-line">审批人签名：__________　　　____年__月__日</p>
            </td>
          </tr>
        </tbody>
      </table>
    </article>
  );
}

function evidenceList(kase: Case): string {
  if (kase.evidence.length === 0) return '现场检查笔录等';
  return kase.evidence.map((e) => `${EVIDENCE_ZH[e.kind]}《${e.title}》`).join('、');
}

export function NoticeDocument({ kase }: { kase: Case }) {
  const party = kase.parties[0];
  const proposed = kase.proposed;
  return (
    <article class="doc" data-document="notice" lang="zh-CN">
      <h2 class="doc-title">行政处罚告知书</h2>
      <p class="doc-number">{kase.number}</p>
      <PartyBlock parties={kase.parties} />
      <p class="doc-body">
        经查，{kase.facts}
        {/[。.！!]$/.test(kase.facts) ? '' : '。'}以上事实有{evidenceList(kase)}等证据为证。
      </p>
      <p class="doc-body">
        {you(party)}的上述行为违反了{kase.matter.legalBasis}的规定。依据{kase.matter.legalBasis}的规定，本机关拟对{you(party)}作出如下行政处罚：
        <strong data-field="proposed">{proposed ? decisionTextZh(proposed) : '（尚未拟定）'}</strong>
      </p>
      <p class="doc-body">
        根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，{you(party)}享有陈述、申辩的权利；根据该法第六十三条、第六十四条的规定，
        {you(party)}有权在收到本告知书之日起五个工作日内向本机关提出陈述、申辩，或者要求举行听证。逾期未提出的，视为放弃上述权利。
      </p>
      <p class="doc-body">联系地址：{kase.handlingUnit.name}　　承办人：{kase.officer ?? ''}</p>
      <Signature kase={kase} at={kase.notifiedAt} />
      <p class="doc-receipt">当事人签收：__________　　　____年__月__日</p>
    </article>
  );
}

export function DecisionDocument({ kase }: { kase: Case }) {
  const party = kase.parties[0];
  const d = kase.decision;
  return (
    <article class="doc" data-document="decision" lang="zh-CN">
      <h2 class="doc-title">行政处罚决定书</h2>
      <p class="doc-number">{kase.number}</p>
      <PartyBlock parties={kase.parties} />
      <p class="doc-heading">一、违法事实</p>
      <p class="doc-body" data-field="facts">
        经查，{kase.facts}
        {/[。.！!]$/.test(kase.facts) ? '' : '。'}
      </p>
      <p class="doc-heading">二、证据</p>
      <ol class="doc-evidence" data-list="doc-evidence">
        {kase.evidence.length === 0 ? (
          <li>（无）</li>
        ) : (
          kase.evidence.map((e) => (
            <li key={e.id}>
              {EVIDENCE_ZH[e.kind]}：{e.title}
              {e.capturedAt ? `（${zhDate(e.capturedAt)}取得）` : ''}
            </li>
          ))
        )}
      </ol>
      <p class="doc-heading">三、法律依据</p>
      <p class="doc-body" data-field="legal-basis">
        {you(party)}的上述行为违反了{kase.matter.legalBasis}的规定。
      </p>
      <p class="doc-heading">四、处罚决定</p>
      <p class="doc-body">
        依据{kase.matter.legalBasis}的规定，本机关决定对{you(party)}作出如下行政处罚：
        <strong data-field="decision">{d ? decisionTextZh(d) : '（尚未作出决定）'}</strong>
      </p>
      {d?.fineCny != null && (
        <p class="doc-body">
          {you(party)}应当自收到本决定书之日起十五日内，将罚款缴至指定银行或者通过电子支付系统缴纳。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，并依法申请人民法院强制执行。
        </p>
      )}
      {d?.rectifyBy && (
        <p class="doc-body">
          责令{you(party)}于{zhDate(d.rectifyBy)}前改正违法行为{d.demolish ? '，自行拆除违法建筑' : ''}，逾期不改正的，本机关将依法处理。
        </p>
      )}
      <p class="doc-body">
        如不服本决定，{you(party)}可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。行政复议和行政诉讼期间，本决定不停止执行，法律另有规定的除外。
      </p>
      <Signature kase={kase} at={kase.decidedAt} />
      <p class="doc-receipt">当事人签收：__________　　　____年__月__日</p>
    </article>
  );
}

export function CaseDocumentScreen({ id, doc }: { id: string; doc: CaseDocumentKind }) {
  const { t, call, offline, lang, focusHeading } = useEnv();
  const heading = useHeadingFocus(focusHeading);
  const [kase, setKase] = useState<Case | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (offline) return;
    call(CaseQuery, { id }).then(
      (r) => {
        setKase(r.case);
        setError(null);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [id, offline, lang]);

  return (
    <main class="content document-screen">
      <div class="screen">
        <div class="doc-tools">
          <h1 ref={heading} tabIndex={-1}>
            {t(`doc.${doc}`)}
          </h1>
          <p>
            <a href={casePath(id)}>{t('doc.back')}</a>
          </p>
          <p class="muted small">{t('doc.printHint')}</p>
          <div role="alert" class={error ? 'error' : 'sr-empty'}>
            {error}
          </div>
          {!kase && !error && !offline && <p role="status">{t('common.loading')}</p>}
        </div>
        {kase && doc === 'filing' && <FilingForm kase={kase} />}
        {kase && doc === 'notice' && <NoticeDocument kase={kase} />}
        {kase && doc === 'decision' && <DecisionDocument kase={kase} />}
        {kase && (
          <div class="actions doc-tools">
            <button class="primary" type="button" onClick={() => window.print()}>
              {t('doc.print')}
            </button>
          </div>
        )}
      </div>
    </main>
  );
}
