// Imported by the partner screens' chunk (and the item page's referral panel): makes their strings
// known to every translator.
import { registerPartnerMessages } from './index';
import { partnersZhCN } from './partners-zh-CN';
import { partnersEn } from './partners-en';

registerPartnerMessages({ 'zh-CN': partnersZhCN, en: partnersEn });
