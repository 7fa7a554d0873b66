/**
 * Fake Charts service: data tables built row by row, bar, column and line chart builders, and a chart's
 * getAs('image/png') as a real PNG of the chart's size (1-bit: black marks on white, like the box's black-and-white
 * charts), bars and points drawn to scale without text. What this assumes of Google is listed in assumptions.ts
 * (charts.png-image).
 */
import { encodePngGray1 } from '../../src/core/posters/png';
import { FakeBlob } from './drive';
import { unwrap } from './counted';
import { FAKE_CHART_TYPES } from './sheet-charts';

type Cell = string | number | null;

export class FakeDataTable {
  readonly serviceType = 'DataTable';
  constructor(
    readonly columns: { type: string; label: string }[],
    readonly rows: Cell[][],
  ) {}
  getNumberOfRows(): number {
    return this.rows.length;
  }
  getNumberOfColumns(): number {
    return this.columns.length;
  }
}

export class FakeDataTableBuilder {
  readonly serviceType = 'DataTableBuilder';
  private readonly columns: { type: string; label: string }[] = [];
  private readonly rows: Cell[][] = [];
  addColumn(type: string, label: string): FakeDataTableBuilder {
    if (!['STRING', 'NUMBER', 'DATE'].includes(String(type))) throw new Error(`Invalid argument: type`);
    if (this.rows.length) throw new Error('Columns must be added before rows.');
    this.columns.push({ type: String(type), label: String(label) });
    return this;
  }
  addRow(values: Cell[]): FakeDataTableBuilder {
    if (!Array.isArray(values) || values.length !== this.columns.length) {
      throw new Error(
        `Invalid argument: row has ${Array.isArray(values) ? values.length : 0} values, the table ${this.columns.length} columns.`,
      );
    }
    values.forEach((v, i) => {
      const t = this.columns[i].type;
      if (v !== null && ((t === 'NUMBER' && typeof v !== 'number') || (t === 'STRING' && typeof v !== 'string'))) {
        throw new Error(`Invalid argument: value ${i + 1} of a row is not of its column's type ${t}.`);
      }
    });
    this.rows.push([...values]);
    return this;
  }
  build(): FakeDataTable {
    return new FakeDataTable(
      this.columns.map((c) => ({ ...c })),
      this.rows.map((r) => [...r]),
    );
  }
}

export class FakeChart {
  readonly serviceType = 'Chart';
  constructor(
    readonly kind: 'bar' | 'column' | 'line',
    readonly table: FakeDataTable,
    readonly width: number,
    readonly height: number,
    readonly options: Record<string, unknown>,
  ) {}
  getAs(contentType: string): FakeBlob {
    if (contentType !== 'image/png') throw new Error(`Converting from a chart to ${contentType} is not supported.`);
    return new FakeBlob(this.png(), 'image/png', 'chart.png');
  }
  getBlob(): FakeBlob {
    return this.getAs('image/png');
  }
  getOptions(): { get(option: string): unknown } {
    return { get: (o: string) => this.options[o] };
  }
  /** Axes along the left and bottom, one black bar (or point, joined) per row, to scale. */
  private png(): Uint8Array {
    const W = this.width;
    const H = this.height;
    const values = this.table.rows.map((r) => (typeof r[1] === 'number' ? r[1] : 0));
    const range = this.options.range as [number, number] | undefined;
    const max = Math.max(range ? range[1] : 0, ...values, 1);
    const left = Math.round(W * 0.3);
    const bottom = H - Math.round(H * 0.12);
    const top = Math.round(H * 0.12);
    const right = W - 10;
    const n = Math.max(1, values.length);
    const inBar = (x: number, y: number): boolean => {
      if (this.kind === 'bar') {
        const slot = (bottom - top) / n;
        const i = Math.floor((y - top) / slot);
        if (i < 0 || i >= values.length) return false;
        const off = y - top - i * slot;
        return off > slot * 0.2 && off < slot * 0.8 && x > left && x <= left + ((right - left) * values[i]) / max;
      }
      const slot = (right - left) / n;
      const i = Math.floor((x - left) / slot);
      if (i < 0 || i >= values.length) return false;
      const yOf = (k: number) => bottom - ((bottom - top) * values[k]) / max;
      if (this.kind === 'column') {
        const off = x - left - i * slot;
        return off > slot * 0.2 && off < slot * 0.8 && y < bottom && y >= yOf(i);
      }
      // Line: a square point at each value, a line to the next.
      const cx = left + (i + 0.5) * slot;
      if (Math.abs(x - cx) <= 4 && Math.abs(y - yOf(i)) <= 4) return true;
      const j = x < cx ? i - 1 : i + 1;
      if (j < 0 || j >= values.length) return false;
      const cj = left + (j + 0.5) * slot;
      const t = (x - cx) / (cj - cx);
      return Math.abs(y - (yOf(i) + t * (yOf(j) - yOf(i)))) <= 1.5;
    };
    return encodePngGray1(
      W,
      H,
      (x, y) => (x === left && y >= top && y <= bottom) || (y === bottom && x >= left && x <= right) || inBar(x, y),
    );
  }
}

/** The builder of a bar, column or line chart: the setters the box uses, each kept as an option. */
export class FakeChartBuilder {
  readonly serviceType: string;
  private table: FakeDataTable | null = null;
  private width = 600;
  private height = 371;
  private readonly options: Record<string, unknown> = {};
  constructor(readonly kind: 'bar' | 'column' | 'line') {
    this.serviceType = `${kind[0].toUpperCase()}${kind.slice(1)}ChartBuilder`;
  }
  setDataTable(t: FakeDataTable | FakeDataTableBuilder): this {
    const raw = unwrap(t);
    this.table = raw instanceof FakeDataTableBuilder ? raw.build() : raw;
    return this;
  }
  setDimensions(width: number, height: number): this {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error('Invalid argument: dimensions');
    this.width = width;
    this.height = height;
    return this;
  }
  setTitle(title: string): this {
    this.options.title = String(title);
    return this;
  }
  setColors(colors: string[]): this {
    this.options.colors = [...colors];
    return this;
  }
  setLegendPosition(p: string): this {
    this.options.legend = p;
    return this;
  }
  setOption(option: string, value: unknown): this {
    this.options[String(option)] = value;
    return this;
  }
  setRange(start: number, end: number): this {
    this.options.range = [Number(start), Number(end)];
    return this;
  }
  setPointStyle(style: string): this {
    if (this.kind !== 'line') throw new TypeError('setPointStyle is not a function');
    this.options.pointStyle = style;
    return this;
  }
  setXAxisTitle(t: string): this {
    this.options.xAxisTitle = String(t);
    return this;
  }
  setYAxisTitle(t: string): this {
    this.options.yAxisTitle = String(t);
    return this;
  }
  build(): FakeChart {
    if (!this.table || this.table.columns.length < 2) throw new Error('The chart has no data: set a data table with two columns or more.');
    return new FakeChart(this.kind, this.table, this.width, this.height, { ...this.options });
  }
}

export class FakeCharts {
  readonly serviceType = 'Charts';
  /** The chart types Sheets' embedded charts take (sheet-charts.ts). */
  readonly ChartType = FAKE_CHART_TYPES;
  readonly ColumnType = { STRING: 'STRING', NUMBER: 'NUMBER', DATE: 'DATE' };
  readonly Position = { NONE: 'NONE', RIGHT: 'RIGHT', TOP: 'TOP', BOTTOM: 'BOTTOM' };
  readonly PointStyle = { NONE: 'NONE', TINY: 'TINY', MEDIUM: 'MEDIUM', LARGE: 'LARGE', HUGE: 'HUGE' };
  newDataTable(): FakeDataTableBuilder {
    return new FakeDataTableBuilder();
  }
  newBarChart(): FakeChartBuilder {
    return new FakeChartBuilder('bar');
  }
  newColumnChart(): FakeChartBuilder {
    return new FakeChartBuilder('column');
  }
  newLineChart(): FakeChartBuilder {
    return new FakeChartBuilder('line');
  }
}
