/**
 * Where JSON text first goes wrong, as line and column. `JSON.parse` does not always say
 * (V8 quotes a snippet of the text instead, which could echo a family's words into a log),
 * so this small scanner follows the JSON grammar and stops at the first fault.
 */
export interface JsonSyntaxFault {
  line: number;
  column: number;
  reason: string;
}

class Fault extends Error {
  readonly offset: number;
  constructor(offset: number, reason: string) {
    super(reason);
    this.offset = offset;
  }
}

export function findJsonSyntaxFault(text: string): JsonSyntaxFault | undefined {
  let i = 0;
  const at = (): string => text[i] ?? '';
  const describe = () => (i >= text.length ? 'the text ends too early' : `unexpected ${JSON.stringify(text[i])}`);
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(at())) i++;
  };
  const expect = (char: string) => {
    if (at() !== char) throw new Fault(i, `${describe()}, expected ${JSON.stringify(char)}`);
    i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else throw new Fault(i, `${describe()}, expected a value`);
  };
  const string = () => {
    expect('"');
    while (i < text.length && at() !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) throw new Fault(i, 'a line break or control character inside a string');
      if (at() === '\\') {
        i++;
        if (at() === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw new Fault(i, 'a bad \\u escape in a string');
          i += 5;
        } else if (at() !== '' && '"\\/bfnrt'.includes(at())) i++;
        else throw new Fault(i, 'a bad escape in a string');
      } else i++;
    }
    expect('"');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) throw new Fault(i, `${describe()}, expected a value`);
    i += match[0].length;
  };
  const value = (): void => {
    skipSpace();
    const char = at();
    if (char === '{') {
      i++;
      skipSpace();
      if (at() === '}') return void i++;
      for (;;) {
        skipSpace();
        if (at() !== '"') throw new Fault(i, `${describe()}, expected a field name in double quotes`);
        string();
        skipSpace();
        expect(':');
        value();
        skipSpace();
        if (at() === ',') i++;
        else return expect('}');
      }
    }
    if (char === '[') {
      i++;
      skipSpace();
      if (at() === ']') return void i++;
      for (;;) {
        value();
        skipSpace();
        if (at() === ',') i++;
        else return expect(']');
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };

  try {
    value();
    skipSpace();
    if (i < text.length) throw new Fault(i, `${describe()} after the end of the document`);
    return undefined;
  } catch (error) {
    if (!(error instanceof Fault)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    return { line, column: error.offset - before.lastIndexOf('\n'), reason: error.message };
  }
}
