// Imported by the practice screens' chunk: makes their strings known to every translator.
import { registerPracticeMessages } from './index';
import { practiceZhCN } from './practice-zh-CN';
import { practiceEn } from './practice-en';

registerPracticeMessages({ 'zh-CN': practiceZhCN, en: practiceEn });
