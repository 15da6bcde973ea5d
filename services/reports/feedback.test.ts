import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeTestRecording } from '../../tests/support/test-media';
import { NotFoundError } from '../core/errors';
import { buildTraineeFeedback } from './feedback';
import { renderFeedbackHtml } from './feedback-html';
import { openLab, type Lab } from '../../tests/support/lab';
import { ChromiumPdfRenderer } from './pdf';

describe('trainee feedback', () => {
  let lab: Lab;
  let mine: number;
  let withVideo: number;
  let theirs: number;

  beforeAll(async () => {
    lab = openLab();
    const video = await makeTestRecording(lab.dir, 'mp4-h264-aac', { durationS: 12, fileName: 'bmv.mp4' });
    const session = lab.session('Spring OSCE');
    const bmv = lab.station(session, 'BMV', 'bmv');
    const a = lab.examiner('Dr A');
    const b = lab.examiner('Dr B');
    const model = lab.model('SECRET-MODEL-NAME');
    mine = lab.recording({ session, station: bmv, candidate: 'STU-1' });
    withVideo = lab.recording({ session, station: bmv, candidate: 'STU-1', path: video });
    theirs = lab.recording({ session, station: bmv, candidate: 'STU-2' });
    for (const rec of [mine, withVideo, theirs]) {
      lab.mark(rec, a, lab.scores(rec, { 'bmv.mask_seal': 2, 'bmv.airway_opening': 1, 'bmv.ventilation': 3 }), {
        comments: {
          'bmv.mask_seal': 'Audible leak at the chin',
          'bmv.airway_opening': 'Head fell back between breaths',
          'bmv.ventilation': 'Slightly fast',
        },
      });
      lab.mark(rec, b, lab.scores(rec, { 'bmv.mask_seal': 2, 'bmv.airway_opening': 2, 'bmv.ventilation': 4 }), {
        comments: { 'bmv.mask_seal': 'Pushes the mask down', 'bmv.airway_opening': 'Overruled remark' },
      });
      lab.adjudicate(rec, 'bmv.airway_opening', 1);
      lab.suggest(rec, model, lab.scores(rec));
      lab.span(rec, 'bmv.mask_seal', 2, 6);
    }
  });
  afterAll(() => lab.close());

  it("holds one candidate's steps with deductions, the agreeing examiners' comments and what the rubric requires", async () => {
    const f = await buildTraineeFeedback(lab.ctx, 'STU-1', { thumbnails: false });
    expect(f.recordings.map((r) => r.recordingId)).toEqual([mine, withVideo]);
    const r = f.recordings[0]!;
    expect(r.total).toBeNull();
    const seal = r.steps.find((s) => s.stepId === 'bmv.mask_seal')!;
    expect(seal).toMatchObject({ state: 'deduction', score: 2, maxPoints: 4, span: { startS: 2, endS: 6 } });
    expect(seal.comments).toEqual(['Audible leak at the chin', 'Pushes the mask down']);
    expect(seal.criteria).toMatch(/^Places the mask from the bridge of the nose/);
    const airway = r.steps.find((s) => s.stepId === 'bmv.airway_opening')!;
    expect(airway.comments).toEqual(['Head fell back between breaths']);
    expect(r.steps.find((s) => s.stepId === 'bmv.ventilation')).toMatchObject({ state: 'pending', comments: [] });

    const html = renderFeedbackHtml(f);
    expect(html).toContain('Feedback for candidate STU-1');
    expect(html).toContain('What correct execution requires:');
    expect(html).toContain('In the recording at 0:02–0:06');
    expect(html).toContain('Still being reviewed');
    for (const foreign of ['STU-2', lab.sha(theirs), 'SECRET-MODEL-NAME', 'Overruled remark'])
      expect(html).not.toContain(foreign);
  });

  it('embeds a picture from the step span when the video is at hand, and says why when it is not', async () => {
    const f = await buildTraineeFeedback(lab.ctx, 'STU-1');
    const [noVideo, video] = f.recordings;
    expect(noVideo!.pictureNote).toBe('noVideo');
    expect(noVideo!.steps.every((s) => s.thumbnail === null)).toBe(true);
    expect(video!.pictureNote).toBeNull();
    const seal = video!.steps.find((s) => s.stepId === 'bmv.mask_seal')!;
    expect(seal.thumbnail).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    const html = renderFeedbackHtml(f);
    expect(html).toMatch(/<img src="data:image\/jpeg;base64,/);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?https?:/i);

    const out = resolve(import.meta.dirname, '..', '..', '.tmp', 'report-render');
    mkdirSync(out, { recursive: true });
    const pdf = await new ChromiumPdfRenderer().render(html);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(out, 'feedback.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '70', join(out, 'feedback.pdf'), join(out, 'feedback-page')]);
    expect(readdirSync(out).filter((p) => p.startsWith('feedback-page')).length).toBeGreaterThanOrEqual(2);
  });

  it('names an unknown candidate', async () => {
    await expect(buildTraineeFeedback(lab.ctx, 'NOBODY')).rejects.toThrow(NotFoundError);
  });
});
