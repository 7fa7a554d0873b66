/**
 * Fake DriveApp and Blob: folders and files that remember their bytes, creation time, trash state and sharing. What
 * it assumes of Drive (PDF names, trash seen through folders, re-sharing by editors, creation dates) is listed in
 * assumptions.ts.
 */
import type { WorldState } from './world-state';

/** What Drive needs from Docs: a Google Doc's PDF, and copying a Doc with its body. */
export interface DocsOfDrive {
  get(id: string): { toPdf(): Uint8Array; toHtml(): string } | undefined | null;
  copy(id: string, name: string, parentId: string): { id: string };
}

/** The world as Drive sees it: the shared state and the Docs service. */
export type DriveWorld = WorldState & { readonly docs: DocsOfDrive };

export function toUnsigned(bytes: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] & 0xff;
  return out;
}

export function toSigned(bytes: Uint8Array): number[] {
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] > 127 ? bytes[i] - 256 : bytes[i];
  return out;
}

/**
 * The document a PDF was exported from, as the preview shows it (Docs' HTML): the preview prints that HTML to the
 * PDF it writes on disk. Google's Blob has no such thing; the script never sees it.
 */
export interface ExportSource {
  docId: string;
  html: string;
}

export class FakeBlob {
  readonly serviceType = 'Blob';
  exportedFrom?: ExportSource;
  constructor(
    readonly bytes: Uint8Array,
    public contentType: string,
    public name: string,
  ) {}
  getBytes(): number[] {
    return toSigned(this.bytes);
  }
  getContentType(): string {
    return this.contentType;
  }
  setContentType(t: string): FakeBlob {
    this.contentType = t;
    return this;
  }
  getName(): string {
    return this.name;
  }
  setName(n: string): FakeBlob {
    this.name = n;
    return this;
  }
  getDataAsString(): string {
    return new TextDecoder().decode(this.bytes);
  }
  copyBlob(): FakeBlob {
    return new FakeBlob(this.bytes.slice(), this.contentType, this.name);
  }
}

export type DriveItem = FakeFile | FakeFolder;

const DOC_MIME_TYPE = 'application/vnd.google-apps.document';

/** DriveApp.Access values from the narrowest to the widest. */
const SHARING_ORDER = ['PRIVATE', 'DOMAIN', 'DOMAIN_WITH_LINK', 'ANYONE_WITH_LINK', 'ANYONE'];

export class FakeDrive {
  readonly items = new Map<string, DriveItem>();
  readonly root: FakeFolder;
  /** Listeners, e.g. the preview writing files under .local/drive. */
  readonly onChange: ((item: DriveItem) => void)[] = [];
  private seq = 0;
  constructor(readonly world: DriveWorld) {
    this.root = new FakeFolder(this, 'root', 'Drive của tôi', null);
    this.items.set('root', this.root);
  }
  nextId(prefix: string): string {
    return `${prefix}-${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
  }
  add<T extends DriveItem>(item: T): T {
    this.items.set(item.id, item);
    this.changed(item);
    return item;
  }
  changed(item: DriveItem): void {
    for (const l of this.onChange) l(item);
  }
  get(id: string): DriveItem | undefined {
    return this.items.get(id);
  }
  /** Trashed itself, or inside a trashed folder (Drive reports both as trashed; assumptions.ts). */
  inTrash(item: DriveItem): boolean {
    for (let cur: DriveItem | undefined = item, hops = 0; cur && hops < 100; hops++) {
      if (cur.trashed) return true;
      cur = cur.parentId ? this.items.get(cur.parentId) : undefined;
    }
    return false;
  }
  /** The widest of an item's own link sharing and that of every folder above it. */
  effectiveSharing(own: string, parentId: string | null): string {
    let widest = own;
    for (let id = parentId, hops = 0; id && hops < 100; hops++) {
      const folder = this.items.get(id);
      if (!(folder instanceof FakeFolder)) break;
      if (SHARING_ORDER.indexOf(folder.sharing) > SHARING_ORDER.indexOf(widest)) widest = folder.sharing;
      id = folder.parentId;
    }
    return widest;
  }
  files(): FakeFile[] {
    return [...this.items.values()].filter((i): i is FakeFile => i instanceof FakeFile);
  }
  folders(): FakeFolder[] {
    return [...this.items.values()].filter((i): i is FakeFolder => i instanceof FakeFolder);
  }
}

class FakeIterator<T> {
  readonly serviceType = 'Iterator';
  private i = 0;
  /** `token(i)`: the continuation token that resumes at item i (iterators over a folder's files have one). */
  constructor(
    private readonly list: T[],
    private readonly token?: (i: number) => string,
  ) {}
  hasNext(): boolean {
    return this.i < this.list.length;
  }
  next(): T {
    if (this.i >= this.list.length) throw new Error('No more items.');
    return this.list[this.i++];
  }
  getContinuationToken(): string | null {
    return this.token ? this.token(this.i) : null;
  }
}

/** A folder's files in creation order, from the `from`-th one created: what getFiles and its continuation list. */
function folderFiles(drive: FakeDrive, folderId: string, fromSeq = 0): FakeIterator<FakeFile> {
  const list = drive
    .files()
    .filter((f) => f.parentId === folderId && !f.trashed && f.seq >= fromSeq)
    .sort((a, b) => a.seq - b.seq);
  return new FakeIterator(list, (i) => `files:${folderId}:${i < list.length ? list[i].seq : (list.at(-1)?.seq ?? fromSeq - 1) + 1}`);
}

/**
 * The part of Drive's search syntax the box uses: title contains / = '…', joined by "and". Drive documents "contains"
 * on a title as prefix matching; the fake matches only at the start of the name (assumptions.ts:
 * drive.photo-folder-listing).
 */
function matchesQuery(file: FakeFile, query: string): boolean {
  const terms = String(query).split(/\s+and\s+/i);
  return terms.every((t) => {
    const m = /^\s*title\s+(contains|=)\s+(['"])(.*)\2\s*$/i.exec(t);
    if (!m) throw new Error(`Invalid argument: q (${t})`);
    const text = m[3].replace(/\\(['"\\])/g, '$1');
    return m[1].toLowerCase() === 'contains' ? file.name.startsWith(text) : file.name === text;
  });
}

export class FakeFolder {
  readonly serviceType = 'Folder';
  trashed = false;
  constructor(
    readonly drive: FakeDrive,
    readonly id: string,
    public name: string,
    public parentId: string | null,
  ) {}
  getId(): string {
    return this.id;
  }
  getName(): string {
    return this.name;
  }
  setName(n: string): FakeFolder {
    this.name = n;
    return this;
  }
  getUrl(): string {
    return `https://drive.google.com/drive/folders/${this.id}`;
  }
  isTrashed(): boolean {
    return this.drive.inTrash(this);
  }
  setTrashed(t: boolean): FakeFolder {
    this.trashed = t;
    this.drive.changed(this);
    return this;
  }
  createFolder(name: string): FakeFolder {
    return this.drive.add(new FakeFolder(this.drive, this.drive.nextId('folder'), String(name), this.id));
  }
  createFile(blob: FakeBlob): FakeFile {
    const b = blob;
    const file = new FakeFile(this.drive, this.drive.nextId('file'), b.name || 'Untitled', b.contentType, b.bytes.slice(), this.id);
    if (b.exportedFrom && b.contentType === 'application/pdf') file.exportedFrom = b.exportedFrom;
    return this.drive.add(file);
  }
  getFiles(): FakeIterator<FakeFile> {
    return folderFiles(this.drive, this.id);
  }
  searchFiles(query: string): FakeIterator<FakeFile> {
    return new FakeIterator(this.drive.files().filter((f) => f.parentId === this.id && !f.trashed && matchesQuery(f, query)));
  }
  getFilesByName(name: string): FakeIterator<FakeFile> {
    return new FakeIterator(this.drive.files().filter((f) => f.parentId === this.id && !f.trashed && f.name === name));
  }
  getFolders(): FakeIterator<FakeFolder> {
    return new FakeIterator(this.drive.folders().filter((f) => f.parentId === this.id && !f.trashed));
  }
  /** Link sharing set on this folder itself. */
  sharing = 'PRIVATE';
  /** As Drive does: what a folder's ancestors share, its contents share too. */
  getSharingAccess(): string {
    return this.drive.effectiveSharing(this.sharing, this.parentId);
  }
  setSharing(access: string, _permission: string): FakeFolder {
    this.sharing = access;
    return this;
  }
  /** Whether editors may share the folder further or change its permissions (Drive's default: yes). */
  shareableByEditors = true;
  isShareableByEditors(): boolean {
    return this.shareableByEditors;
  }
  setShareableByEditors(shareable: boolean): FakeFolder {
    this.shareableByEditors = Boolean(shareable);
    return this;
  }
}

let fileSeq = 0;

export class FakeFile {
  readonly serviceType = 'File';
  trashed = false;
  sharing = 'PRIVATE';
  /** When it was made (the world's clock; assumptions.ts: drive.date-created), and its place in creation order. */
  createdAt: number;
  readonly seq = ++fileSeq;
  /** Whether editors may share the file further or change its permissions (Drive's default: yes). */
  shareableByEditors = true;
  /** The owning account ('' for the world's own account). */
  owner = '';
  /** A PDF exported from a Doc: what it was exported from (see ExportSource). */
  exportedFrom?: ExportSource;
  constructor(
    readonly drive: FakeDrive,
    readonly id: string,
    public name: string,
    public mimeType: string,
    public bytes: Uint8Array,
    public parentId: string | null,
  ) {
    this.createdAt = drive.world.now();
  }
  getDateCreated(): Date {
    return new Date(this.createdAt);
  }
  getId(): string {
    return this.id;
  }
  getName(): string {
    return this.name;
  }
  setName(n: string): FakeFile {
    this.name = n;
    this.drive.changed(this);
    return this;
  }
  getMimeType(): string {
    return this.mimeType;
  }
  getSize(): number {
    return this.bytes.length;
  }
  getUrl(): string {
    if (this.mimeType === DOC_MIME_TYPE) return `https://docs.google.com/document/d/${this.id}/edit`;
    return `https://drive.google.com/file/d/${this.id}/view`;
  }
  getBlob(): FakeBlob {
    return new FakeBlob(this.bytes.slice(), this.mimeType, this.name);
  }
  getAs(contentType: string): FakeBlob {
    if (contentType !== 'application/pdf') throw new Error(`Converting from ${this.mimeType} to ${contentType} is not supported.`);
    const doc = this.drive.world.docs.get(this.id);
    if (!doc) throw new Error(`Converting from ${this.mimeType} to ${contentType} is not supported.`);
    // As in Apps Script: the text after the name's last dot is taken for an extension and replaced (assumptions.ts).
    const dot = this.name.lastIndexOf('.');
    const stem = dot > 0 ? this.name.slice(0, dot) : this.name;
    const pdf = new FakeBlob(doc.toPdf(), 'application/pdf', `${stem}.pdf`);
    pdf.exportedFrom = { docId: this.id, html: doc.toHtml() };
    return pdf;
  }
  /** File.makeCopy(name?, destination?): a Google Doc is copied with its body, other files with their bytes. */
  makeCopy(name?: string | FakeFolder, destination?: FakeFolder): FakeFile {
    const dest = name instanceof FakeFolder ? name : destination;
    const newName = typeof name === 'string' ? name : `Copy of ${this.name}`;
    const parentId = dest ? dest.id : this.parentId;
    if (this.mimeType === DOC_MIME_TYPE) {
      const doc = this.drive.world.docs.copy(this.id, newName, parentId ?? this.drive.root.id);
      return this.drive.get(doc.id) as FakeFile;
    }
    return this.drive.add(new FakeFile(this.drive, this.drive.nextId('file'), newName, this.mimeType, this.bytes.slice(), parentId));
  }
  isTrashed(): boolean {
    return this.drive.inTrash(this);
  }
  setTrashed(t: boolean): FakeFile {
    this.trashed = t;
    this.drive.changed(this);
    return this;
  }
  moveTo(folder: FakeFolder): FakeFile {
    this.parentId = folder.id;
    this.drive.changed(this);
    return this;
  }
  getParents(): FakeIterator<FakeFolder> {
    const p = this.parentId ? this.drive.get(this.parentId) : undefined;
    return new FakeIterator(p instanceof FakeFolder ? [p] : []);
  }
  /** The file's own link sharing, or wider when a folder above it is shared. */
  getSharingAccess(): string {
    return this.drive.effectiveSharing(this.sharing, this.parentId);
  }
  setSharing(access: string, _permission: string): FakeFile {
    this.sharing = access;
    return this;
  }
  isShareableByEditors(): boolean {
    return this.shareableByEditors;
  }
  setShareableByEditors(shareable: boolean): FakeFile {
    this.shareableByEditors = Boolean(shareable);
    return this;
  }
  getOwner(): { serviceType: string; getEmail(): string } | null {
    const email = this.owner;
    return email ? { serviceType: 'User', getEmail: () => email } : null;
  }
}

export class FakeDriveApp {
  readonly serviceType = 'DriveApp';
  constructor(private readonly drive: FakeDrive) {}
  getRootFolder(): FakeFolder {
    return this.drive.root;
  }
  createFolder(name: string): FakeFolder {
    return this.drive.root.createFolder(name);
  }
  getFolderById(id: string): FakeFolder {
    const f = this.drive.get(String(id));
    if (!(f instanceof FakeFolder))
      throw new Error('No item with the given ID could be found, or you do not have permission to access it.');
    return f;
  }
  /** Resumes a folder's getFiles() from its continuation token. */
  continueFileIterator(token: string): FakeIterator<FakeFile> {
    const m = /^files:(.+):(\d+)$/.exec(String(token));
    if (!m) throw new Error('Invalid continuation token.');
    return folderFiles(this.drive, m[1], Number(m[2]));
  }
  getFileById(id: string): FakeFile {
    const f = this.drive.get(String(id));
    if (!(f instanceof FakeFile)) throw new Error('No item with the given ID could be found, or you do not have permission to access it.');
    return f;
  }
}
