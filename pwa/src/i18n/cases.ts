// Imported by the case screens' chunk: makes their strings known to every translator.
import { registerCaseMessages } from './index';
import { casesZhCN } from './cases-zh-CN';
import { casesEn } from './cases-en';

registerCaseMessages({ 'zh-CN': casesZhCN, en: casesEn });
