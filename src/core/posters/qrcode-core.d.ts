// Typing for the qrcode package's pure encoder core (no renderers, no fs).
declare module 'qrcode/lib/core/qrcode' {
  export interface QrCoreSegment {
    data: Uint8Array | string;
    mode: 'byte' | 'numeric' | 'alphanumeric' | 'kanji';
  }
  export interface QrCoreOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' | 'low' | 'medium' | 'quartile' | 'high';
    version?: number;
    maskPattern?: number;
  }
  export interface QrCoreSymbol {
    modules: { size: number; data: Uint8Array; get(row: number, col: number): number };
    version: number;
    maskPattern: number;
  }
  export function create(data: string | QrCoreSegment[], options?: QrCoreOptions): QrCoreSymbol;
}
