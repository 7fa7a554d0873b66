/**
 * The owner's actions on the admin page, in the groups the page shows: what each button is called, what it explains,
 * the answer it asks for (if any), and the server function it calls with that answer.
 */
import type { AdminApi } from '../../shared/types';

export interface ActionInput {
  /** The key of the options object the server function receives, e.g. { period: '10/2026' }. */
  key: 'spreadsheet' | 'period' | 'code' | 'request' | 'name' | 'phone' | 'email' | 'address';
  label: string;
  placeholder: string;
  /** Filled in when the page opens (the default period). */
  prefill?: 'defaultPeriod';
  /** A choice instead of typed text: the value sent, and what the owner reads. */
  choices?: { value: string; label: string }[];
}

export interface AdminAction {
  fn: keyof AdminApi;
  label: string;
  help: string;
  /** The answers it asks for, sent together as one options object. */
  inputs?: ActionInput[];
  /** Asked before running something that cannot be undone. */
  confirm?: string;
}

export interface ActionGroup {
  title: string;
  actions: AdminAction[];
}

const PERIOD_INPUT: ActionInput = {
  key: 'period',
  label: 'Kỳ báo cáo',
  placeholder: 'ví dụ 10/2026 hoặc 01/10/2026 - 31/10/2026',
  prefill: 'defaultPeriod',
};

export const SETUP_ACTION: AdminAction = {
  fn: 'setup',
  label: 'Cài đặt / sửa chữa hòm thư',
  help: 'Tạo hoặc sửa các trang, vùng bảo vệ, thư mục và trình kích hoạt. Chạy lại bao nhiêu lần cũng được.',
  inputs: [
    {
      key: 'spreadsheet',
      label: 'Dùng bảng tính có sẵn (tùy chọn)',
      placeholder: 'mã hoặc đường dẫn bảng tính; để trống nếu không đổi',
    },
  ],
};

export const TAKE_OVER_ACTION: AdminAction = {
  fn: 'takeOverBox',
  label: 'Nhận bàn giao hòm thư',
  help: 'Dành cho người nhận bàn giao, sau khi đã được chuyển quyền sở hữu bảng tính và thư mục của hòm thư.',
};

export const ACTION_GROUPS: ActionGroup[] = [
  {
    title: 'Cài đặt',
    actions: [
      SETUP_ACTION,
      {
        fn: 'verifyPlatform',
        label: 'Kiểm tra nền tảng',
        help: 'Tự kiểm tra trên tài khoản thật những điều hòm thư dựa vào (chạy một lần sau khi cài đặt). Kết quả ghi vào Nhật ký.',
      },
      TAKE_OVER_ACTION,
    ],
  },
  {
    title: 'Poster QR',
    actions: [
      { fn: 'generatePosters', label: 'Tạo poster QR', help: 'Chỉ tạo poster còn thiếu hoặc đã cũ cho các địa điểm đang hoạt động.' },
      {
        fn: 'regenerateAllPosters',
        label: 'Tạo lại toàn bộ poster',
        help: 'Tạo mới poster cho mọi địa điểm; poster cũ được chuyển vào thùng rác.',
        confirm: 'Tạo lại toàn bộ poster? Các poster cũ sẽ được chuyển vào thùng rác.',
      },
    ],
  },
  {
    title: 'Báo cáo',
    actions: [
      {
        fn: 'buildSynthesisReport',
        label: 'Lập báo cáo tổng hợp',
        help: 'Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân (Google Docs và PDF), không có thông tin cá nhân.',
        inputs: [PERIOD_INPUT],
      },
      {
        fn: 'buildLocationNotices',
        label: 'In kết quả theo địa điểm',
        help: 'Mỗi địa điểm một trang "Kết quả tiếp nhận và giải quyết" để dán tại nhà văn hóa.',
        inputs: [PERIOD_INPUT],
      },
      { fn: 'sendWeeklyDigest', label: 'Gửi tổng hợp tuần ngay', help: 'Gửi ngay email tóm tắt 7 ngày qua tới địa chỉ nhận ý kiến.' },
      {
        fn: 'refreshPublicResults',
        label: 'Cập nhật trang kết quả công khai',
        help: 'Đưa ngay các ý kiến đánh dấu "Công khai" lên trang kết quả cho người dân (bình thường tự cập nhật mỗi giờ).',
      },
    ],
  },
  {
    title: 'Ý kiến và email',
    actions: [
      {
        fn: 'assignCodesToManualRows',
        label: 'Cấp mã cho ý kiến nhập tay',
        help: 'Dòng cán bộ nhập tay (thư giấy, điện thoại, hội nghị) thường tự có mã khi nhập; nút này cấp mã cho dòng nào còn thiếu.',
      },
      {
        fn: 'sendPendingEmails',
        label: 'Gửi lại email chờ gửi',
        help: 'Gửi ngay các email báo ý kiến còn "chờ gửi" (bình thường tự chạy mỗi 15 phút).',
      },
    ],
  },
  {
    title: 'Thông tin cá nhân',
    actions: [
      {
        fn: 'purgeExpiredPersonalData',
        label: 'Xóa thông tin cá nhân quá hạn',
        help: 'Xóa họ tên, liên hệ, ảnh của ý kiến quá thời hạn lưu (bình thường tự chạy mỗi đêm).',
        confirm: 'Xóa ngay thông tin cá nhân của các ý kiến đã quá thời hạn lưu? Việc này không hoàn tác được.',
      },
      {
        fn: 'handleResidentRequest',
        label: 'Xóa hoặc sửa thông tin theo đề nghị của người gửi',
        help:
          'Theo Nghị định 13/2023/NĐ-CP: tìm ý kiến theo mã theo dõi. "Xóa" xóa họ tên, liên hệ, ảnh và email của hòm thư về ý kiến đó và che thông tin cá nhân trong nội dung; ' +
          '"Sửa" ghi thông tin liên hệ mới (ô để trống: giữ nguyên; "-": xóa riêng ô đó). Nhật ký chỉ ghi mã và loại thông tin, không ghi thông tin.',
        inputs: [
          { key: 'code', label: 'Mã theo dõi của ý kiến', placeholder: 'ví dụ HB-7KQ4M2X' },
          {
            key: 'request',
            label: 'Đề nghị của người gửi',
            placeholder: '',
            choices: [
              { value: 'erase', label: 'Xóa thông tin cá nhân' },
              { value: 'correct', label: 'Sửa thông tin liên hệ' },
            ],
          },
          { key: 'name', label: 'Họ tên mới (khi sửa)', placeholder: 'để trống nếu không đổi' },
          { key: 'phone', label: 'Số điện thoại mới (khi sửa)', placeholder: 'để trống nếu không đổi' },
          { key: 'email', label: 'Email mới (khi sửa)', placeholder: 'để trống nếu không đổi' },
          { key: 'address', label: 'Địa chỉ mới (khi sửa)', placeholder: 'để trống nếu không đổi' },
        ],
        confirm: 'Thực hiện đề nghị của người gửi cho ý kiến này? Việc xóa không hoàn tác được.',
      },
    ],
  },
];
