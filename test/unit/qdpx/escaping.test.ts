/** Family text in a .qdpx: markup, entities, quotes, emoji and control characters come through as meant. */
import { describe, expect, it } from 'vitest';
import {
  escapeAttribute,
  escapeText,
  plainText,
  qdpxPackage,
  qdpxProjectFromJourneys,
  xmlSafe,
} from '../../../src/qdpx/index.ts';
import { AWKWARD, awkwardFamily, OPTIONS } from './families.ts';
import { readQdpx } from './read-qdpx.ts';
import { validateProject } from './xmllint.ts';

describe('escaping', () => {
  it('escapes markup in text, and quotes, tabs and line ends in attributes', () => {
    expect(escapeText('<script>a & b</script> ]]> "q" \'s\'')).toBe(
      '&lt;script&gt;a &amp; b&lt;/script&gt; ]]&gt; "q" \'s\'',
    );
    expect(escapeText('one\r\ntwo\tthree')).toBe('one&#13;\ntwo\tthree');
    expect(escapeAttribute('O\'Neill & "Smith" <b>\tx\ny\rz')).toBe(
      'O&apos;Neill &amp; &quot;Smith&quot; &lt;b&gt;&#9;x&#10;y&#13;z',
    );
  });

  it('drops what XML 1.0 forbids and keeps everything else, emoji included', () => {
    expect(xmlSafe('a\u0000b\u0007c\u001bd\uFFFEe\uFFFFf')).toBe('abcdef');
    expect(xmlSafe('lone \uD83D high, lone \uDE00 low')).toBe('lone  high, lone  low');
    expect(xmlSafe('tab\tline\ncr\r 🎉 👨‍👩‍👧 é \u0085 \uE000')).toBe('tab\tline\ncr\r 🎉 👨‍👩‍👧 é \u0085 \uE000');
    expect(plainText('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });
});

/** Control characters other than tab and newline (a carriage return included). */
const controls = (text: string) => [...text].filter((char) => char < ' ' && char !== '\t' && char !== '\n');

describe('a journey full of awkward text', () => {
  const read = readQdpx(qdpxPackage(qdpxProjectFromJourneys([awkwardFamily()], OPTIONS)));
  const source = read.sources[0]!;
  const stage = source.selections.find((selection) => selection.name === AWKWARD.title)!;

  it('still validates against the schema', () => {
    const validation = validateProject(read.xml);
    expect(validation.valid, validation.output).toBe(true);
  });

  it('escapes markup in project.qde and leaves no forbidden character in it', () => {
    expect(read.xml).not.toContain('<b>');
    expect(read.xml).toContain('name="Tom &amp; Jerry&apos;s &quot;&lt;b&gt;big&lt;/b&gt;&quot; move 🏠"');
    expect(controls(read.xml)).toEqual([]);
  });

  it("keeps the family's words in the source as they wrote them, less the control characters", () => {
    expect(source.text).toContain(`\n${AWKWARD.wordsInDocument}\n`);
    expect(source.text).toContain(`\nBarrier: ${AWKWARD.barrier}\n`);
    expect(controls(source.text)).toEqual([]);
    expect(stage.text).toBe(AWKWARD.wordsInDocument);
    expect(source.selections.find((selection) => selection.text === AWKWARD.barrier)).toBeDefined();
    expect(source.selections[0]!.text).toBe('😀😀😀 three faces');
  });

  it('counts positions in code points, so the emoji before a stage do not shift it', () => {
    const before = source.text.slice(0, source.text.indexOf(AWKWARD.wordsInDocument));
    expect(stage.start).toBe([...before].length);
    expect(stage.start).toBeLessThan(before.length); // UTF-16 would count each emoji twice
    expect(stage.end - stage.start).toBe([...AWKWARD.wordsInDocument].length);
  });

  it('reads back names with quotes, ampersands, angle brackets and tabs unchanged', () => {
    expect(read.cases[0]!.name).toBe(AWKWARD.pseudonym);
    expect(source.name).toBe(`${AWKWARD.pseudonym}: ${AWKWARD.title}`);
    expect(stage.name).toBe(AWKWARD.title);
  });
});
