import type { MailLocale, TemplateKey, TemplateText } from '../template-keys.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import { pl } from './pl.js';
import { ru } from './ru.js';

export const DEFAULT_TEXTS: Record<MailLocale, Record<TemplateKey, TemplateText>> = { en, pl, ja, ru, ko };
