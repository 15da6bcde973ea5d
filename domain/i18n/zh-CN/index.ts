// One object per language: each namespace lives in its own file so screens can be translated apart.
import { common } from './common';
import { recordings } from './recordings';
import { review } from './review';
import { reports } from './reports';
import { settings } from './settings';
import { rubrics } from './rubrics';
import { scoring } from './scoring';
import { feedback } from './feedback';
import { glossary } from './glossary';

export const catalogue = { common, recordings, review, reports, settings, rubrics, scoring, feedback, glossary };
