/**
 * A small RFC 4180 CSV reader that says where a problem is (line and column), for imported
 * reference tables. Quoted fields may hold commas, quotes ("") and line breaks.
 */
export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(line: number, column: number, reason: string) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.line = line;
    this.column = column;
  }
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let column = 0;
  let rowLine = 1;
  let quoted = false;
  let afterQuote = false;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    afterQuote = false;
  };
  const endRow = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
  };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const char = body.charAt(i);
    column++;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
        column++;
      } else if (char === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (char === '\n') {
          line++;
          column = 0;
        }
        cell += char;
      }
      continue;
    }
    if (char === '"') {
      if (cell !== '' || afterQuote) throw new CsvSyntaxError(line, column, 'a quote inside an unquoted field');
      quoted = true;
    } else if (char === ',') endCell();
    else if (char === '\r' && body[i + 1] === '\n') continue;
    else if (char === '\n') {
      endRow();
      line++;
      column = 0;
      rowLine = line;
    } else {
      if (afterQuote) throw new CsvSyntaxError(line, column, 'text after a closing quote');
      cell += char;
    }
  }
  if (quoted) throw new CsvSyntaxError(line, column, 'a quoted field is never closed');
  endRow();
  return rows;
}
