/**
 * The form's photos: choosing them (each shrunk and re-encoded on the phone, one batch after another), the list
 * with a remove button for each, and the progress while a big photo is worked on.
 *
 * The page's own time per photo, from the file chosen (or the previous photo ready) to its bytes ready, is recorded
 * as a User Timing measure named "photo-ready worker" or "photo-ready main" with the bytes in its detail; the bench
 * reads it (performance.getEntriesByName).
 */
import { PHOTO_LIMITS } from '../../shared/types';
import { clock } from '../clock';
import { byId, make, setProgress } from '../dom';
import { isHeic, preparePhoto, startPhotoWorker, type ReadyPhoto } from '../photos';
import { state } from '../store';
import { scheduleSave } from './autosave';
import { setFieldError } from './field-errors';
import { newRequestIfEdited } from './fields';

export const photoInput = byId<HTMLInputElement>('photos');
const photoList = byId('photo-list');
export const photoStatus = byId('photo-status');
const photoProgress = byId<HTMLProgressElement>('photo-progress');

/** When the last photo was ready: a photo queued behind others is timed from then, not from when it was chosen. */
let lastReadyAt = 0;

function recordTime(photo: ReadyPhoto, start: number) {
  const end = clock();
  lastReadyAt = end;
  try {
    performance.measure('photo-ready ' + photo.where, { start, end, detail: { bytes: photo.bytes } });
  } catch {
    // No User Timing level 3 (old WebViews): nothing is recorded.
  }
}

export function renderPhotos() {
  const photos = state.photos;
  photoList.textContent = '';
  photos.forEach((p, i) => {
    const li = make('li');
    const img = make('img');
    img.src = p.dataUrl;
    img.alt = 'Ảnh ' + (i + 1);
    const rm = make('button', 'Xóa ảnh ' + (i + 1), 'btn alt');
    rm.type = 'button';
    rm.addEventListener('click', () => {
      photos.splice(i, 1);
      if (!state.sending) newRequestIfEdited();
      renderPhotos();
      photoStatus.textContent = photos.length ? 'Đã xóa ảnh. Còn ' + photos.length + ' ảnh.' : 'Đã xóa ảnh. Chưa chọn ảnh nào.';
      photoInput.focus();
      scheduleSave();
    });
    li.appendChild(img);
    li.appendChild(rm);
    photoList.appendChild(li);
  });
}

async function addPhotos(files: File[], chosenAt: number) {
  const photos = state.photos;
  setFieldError('photos', '');
  const problems: string[] = [];
  let overLimit = 0;
  let tried = 0;
  for (let k = 0; k < files.length; k++) {
    const f = files[k];
    const room = PHOTO_LIMITS.maxCount - photos.length;
    if (room <= 0) {
      overLimit++;
      continue;
    }
    // Photo i of n; a file that cannot be read leaves its place to the next one, so n may grow.
    const i = tried++;
    const n = i + Math.min(files.length - k, room);
    photoStatus.textContent = 'Đang xử lý ảnh ' + (i + 1) + '/' + n + '…';
    photoProgress.setAttribute('aria-valuetext', 'Ảnh ' + (i + 1) + '/' + n);
    // Two steps per photo (read, then shrink), so the bar moves while a big photo is worked on.
    setProgress(photoProgress, i * 2, n * 2);
    const start = Math.max(chosenAt, lastReadyAt);
    try {
      const photo = await preparePhoto(f, () => setProgress(photoProgress, i * 2 + 1, n * 2));
      recordTime(photo, start);
      photos.push(photo);
      setProgress(photoProgress, i * 2 + 2, n * 2);
      if (!state.sending) newRequestIfEdited();
      renderPhotos();
    } catch {
      lastReadyAt = clock();
      const name = '“' + (f.name.length > 40 ? f.name.slice(0, 37) + '…' : f.name) + '”';
      problems.push(
        isHeic(f)
          ? 'Điện thoại lưu ảnh ' +
              name +
              ' ở dạng HEIC mà trình duyệt này không đọc được, nên đã bỏ qua ảnh này. Vui lòng bấm “Chụp hoặc chọn ảnh” rồi chọn máy ảnh để chụp trực tiếp, hoặc chọn ảnh JPEG/PNG.'
          : 'Không đọc được tệp ' + name + ' (có thể không phải ảnh hoặc ảnh bị hỏng), đã bỏ qua.',
      );
    }
  }
  setProgress(photoProgress, 0, 0);
  if (overLimit) problems.push('Chỉ gửi được tối đa ' + PHOTO_LIMITS.maxCount + ' ảnh; đã bỏ qua ' + overLimit + ' ảnh.');
  photoStatus.textContent = photos.length ? 'Đã chọn ' + photos.length + '/' + PHOTO_LIMITS.maxCount + ' ảnh.' : '';
  if (problems.length) {
    const err = byId('err-photos');
    err.textContent = problems.join(' ');
    err.hidden = false;
  }
  scheduleSave();
}

export function initPhotoPicker() {
  // Tapping "Chụp hoặc chọn ảnh" starts the Worker while the phone's picker is open.
  photoInput.addEventListener('click', () => void startPhotoWorker());
  photoInput.addEventListener('change', () => {
    const chosenAt = clock();
    const files = Array.prototype.slice.call(photoInput.files || []) as File[];
    // Cleared so that choosing the same file again fires `change` again.
    photoInput.value = '';
    // Photos are prepared one batch after another; a failure never blocks sending the text.
    if (files.length) state.photoWork = state.photoWork.then(() => addPhotos(files, chosenAt)).catch(() => undefined);
  });
}
