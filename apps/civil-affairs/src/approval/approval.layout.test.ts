import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Issue 11: review, 一事一议 and the approval they share stay files a reader can hold in their head.
const src = join(__dirname, '..');
const folders = ['review', 'deliberation', 'approval'];
const sources = folders.flatMap((folder) =>
  readdirSync(join(src, folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ path: `${folder}/${f}`, text: readFileSync(join(src, folder, f), 'utf8') })),
);

describe('civil-affairs approval layout', () => {
  it('R-AP-5: no source file of review, 一事一议 or approval is over 400 lines', () => {
    const long = sources
      .map((s) => ({ path: s.path, lines: s.text.split('\n').length - 1 }))
      .filter((s) => s.lines > 400);
    expect(long).toEqual([]);
  });

  it('R-PAY-2: 一事一议 plans instalments and builds its event without calling into review', () => {
    const intoReview = sources
      .filter((s) => s.path.startsWith('deliberation/') || s.path.startsWith('approval/'))
      .filter((s) => /from '\.\.\/review\//.test(s.text))
      .map((s) => s.path);
    expect(sources.length).toBeGreaterThan(10);
    expect(intoReview).toEqual([]);
  });
});
