// Imported by the patrol screens' chunk: makes their strings known to every translator.
import { registerPatrolMessages } from './index';
import { patrolsZhCN } from './patrols-zh-CN';
import { patrolsEn } from './patrols-en';

registerPatrolMessages({ 'zh-CN': patrolsZhCN, en: patrolsEn });
