/**
 * The Drive check behind the nightly photo sweep (gas/photo-sweep.ts): photos of one tracking code are found by a
 * title search in the photo folder, the folder is read a part per night from a continuation token, and a file's
 * creation time tells a photo still being saved from an orphan.
 */
import { runCheck, type CheckResult } from '../../core/platform/checks';
import type { Scratch } from './scratch';

/** Creation times further than this from the script's clock are reported. */
const CLOCK_SLACK_MS = 10 * 60 * 1000;

export function photoFolderListingCheck(scratch: Scratch): CheckResult {
  return runCheck('drive.photo-folder-listing', () => {
    const anyFile = scratch.anyFile();
    if (!anyFile) return { ok: null, detail: 'Không có thư mục tạm để thử.' };
    const folder = DriveApp.getFileById(anyFile).getParents().next();
    // Named as the box names photos: the code, "-", the photo's number.
    const code = scratch.token;
    const names = [`${code}-1.jpg`, `${code}-2.jpg`];
    const bytes = [-1, -40, -1, -32, 0, 16];
    for (const name of names) scratch.keep(folder.createFile(Utilities.newBlob(bytes, 'image/jpeg', name)).getId());
    const problems: string[] = [];

    const found: string[] = [];
    const search = folder.searchFiles(`title contains '${code}-'`);
    while (search.hasNext()) found.push(search.next().getName());
    const missing = names.filter((n) => !found.includes(n));
    if (missing.length) problems.push(`tìm "title contains '${code}-'" không thấy ${missing.join(', ')}`);

    const all: string[] = [];
    const listing = folder.getFiles();
    while (listing.hasNext()) all.push(listing.next().getId());
    const again = folder.getFiles();
    const first = again.next().getId();
    const token = again.getContinuationToken();
    const rest: string[] = [];
    const resumed = DriveApp.continueFileIterator(token);
    while (resumed.hasNext()) rest.push(resumed.next().getId());
    const resumedOk = !rest.includes(first) && [first, ...rest].sort().join() === [...all].sort().join();
    if (!resumedOk) problems.push(`đọc tiếp thư mục từ mã tiếp tục được ${rest.length} tệp sau tệp đầu, cả thư mục có ${all.length} tệp`);

    const now = Date.now();
    const created = DriveApp.getFileById(scratch.anyFile()!).getDateCreated().getTime();
    const photoCreated = folder.getFilesByName(names[0]).next().getDateCreated().getTime();
    if (Math.abs(now - photoCreated) > CLOCK_SLACK_MS || photoCreated < created - CLOCK_SLACK_MS) {
      problems.push(`ngày tạo của ảnh thử lệch ${Math.round((now - photoCreated) / 1000)} giây so với đồng hồ của dự án`);
    }
    return problems.length
      ? { ok: false, detail: `Khác bản mô phỏng: ${problems.join('; ')}. Việc rà thư mục ảnh hằng đêm có thể bỏ sót ảnh.` }
      : {
          ok: true,
          detail: `Tìm theo mã thấy đủ ${names.length} ảnh; đọc tiếp thư mục từ mã tiếp tục đúng ${all.length} tệp; ngày tạo tệp khớp đồng hồ.`,
        };
  });
}
