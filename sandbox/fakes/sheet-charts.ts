/**
 * Embedded charts of a fake sheet: built with Sheet.newChart(), inserted, listed, removed. A chart keeps its type, its
 * ranges (as A1 notations of its sheet, so it reads the cells live), its position and its options. What this assumes
 * of Sheets (a chart inserted is listed with its ranges; removing it removes it) is the assumption
 * 'sheets.embedded-chart' in assumptions.ts.
 */

/** Charts.ChartType, as far as the box uses it. */
export const FAKE_CHART_TYPES = Object.freeze({
  AREA: 'AREA',
  BAR: 'BAR',
  COLUMN: 'COLUMN',
  COMBO: 'COMBO',
  LINE: 'LINE',
  PIE: 'PIE',
  TABLE: 'TABLE',
});

/** The host sheet as the charts need it. */
export interface ChartHost {
  getRange(a1: string): unknown;
  getName(): string;
}

interface RangeLike {
  getA1Notation(): string;
  getSheet(): { getName(): string };
}

export interface ChartSpec {
  type: string;
  ranges: string[];
  position: { row: number; column: number; offsetX: number; offsetY: number };
  options: Record<string, unknown>;
  numHeaders: number;
}

let nextChartId = 1;

export class FakeChartOptions {
  readonly serviceType = 'ChartOptions';
  constructor(private readonly options: Record<string, unknown>) {}
  get(option: string): unknown {
    return this.options[option] ?? null;
  }
}

export class FakeEmbeddedChart {
  readonly serviceType = 'EmbeddedChart';
  readonly chartId: number;
  constructor(
    readonly host: ChartHost,
    readonly spec: ChartSpec,
    /** A chart rebuilt by modify() keeps its id, so updateChart knows it. */
    id?: number,
  ) {
    this.chartId = id ?? nextChartId++;
  }
  getChartId(): number {
    return this.chartId;
  }
  getRanges(): unknown[] {
    return this.spec.ranges.map((a1) => this.host.getRange(a1));
  }
  getOptions(): FakeChartOptions {
    return new FakeChartOptions(this.spec.options);
  }
  getContainerInfo() {
    const p = this.spec.position;
    return {
      serviceType: 'ContainerInfo',
      getAnchorRow: () => p.row,
      getAnchorColumn: () => p.column,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    };
  }
  modify(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(
      this.host,
      { ...this.spec, ranges: [...this.spec.ranges], options: { ...this.spec.options } },
      this,
    );
  }
}

export class FakeEmbeddedChartBuilder {
  readonly serviceType = 'EmbeddedChartBuilder';
  constructor(
    private readonly host: ChartHost,
    private readonly spec: ChartSpec = {
      type: FAKE_CHART_TYPES.COLUMN,
      ranges: [],
      position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
      options: {},
      numHeaders: -1,
    },
    /** The chart modify() started from: build() gives a chart that replaces it. */
    readonly from: FakeEmbeddedChart | null = null,
  ) {}
  setChartType(type: string): FakeEmbeddedChartBuilder {
    if (!Object.values(FAKE_CHART_TYPES).includes(type as never)) throw new Error(`Invalid argument: type`);
    this.spec.type = type;
    return this;
  }
  addRange(range: RangeLike): FakeEmbeddedChartBuilder {
    if (range.getSheet().getName() !== this.host.getName()) throw new Error('The range must be on the chart’s sheet.');
    this.spec.ranges.push(range.getA1Notation());
    return this;
  }
  clearRanges(): FakeEmbeddedChartBuilder {
    this.spec.ranges = [];
    return this;
  }
  setPosition(row: number, column: number, offsetX: number, offsetY: number): FakeEmbeddedChartBuilder {
    if (row < 1 || column < 1) throw new Error('Invalid argument: anchor');
    this.spec.position = { row, column, offsetX, offsetY };
    return this;
  }
  setNumHeaders(n: number): FakeEmbeddedChartBuilder {
    this.spec.numHeaders = n;
    return this;
  }
  setOption(option: string, value: unknown): FakeEmbeddedChartBuilder {
    // Options cross into the fake as plain JSON, as Apps Script serialises them for the chart.
    this.spec.options[option] = JSON.parse(JSON.stringify(value ?? null));
    return this;
  }
  build(): FakeEmbeddedChart {
    if (this.spec.ranges.length === 0) throw new Error('A chart needs at least one range.');
    const spec = { ...this.spec, ranges: [...this.spec.ranges], options: { ...this.spec.options } };
    return new FakeEmbeddedChart(this.host, spec, this.from?.chartId);
  }
}
