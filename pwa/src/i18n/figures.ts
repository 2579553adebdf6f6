// Imported by the figures screens' chunk: makes their strings known to every translator.
import { registerFigureMessages } from './index';
import { figuresZhCN } from './figures-zh-CN';
import { figuresEn } from './figures-en';

registerFigureMessages({ 'zh-CN': figuresZhCN, en: figuresEn });
