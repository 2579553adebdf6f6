// Imported by the renovation screens' chunk: makes their strings known to every translator.
import { registerRenovationMessages } from './index';
import { renovationsZhCN } from './renovations-zh-CN';
import { renovationsEn } from './renovations-en';

registerRenovationMessages({ 'zh-CN': renovationsZhCN, en: renovationsEn });
