/**
 * What a lookup tells the resident when it finds nothing to show (and the note shown for a reply held back). A module of its own: the page shows these too, and
 * must not bring the lookup's masking into its bundle.
 */
export const LOOKUP_MESSAGES = {
  invalid:
    'Mã theo dõi không đúng dạng. Vui lòng nhập đúng mã nhận được khi gửi ý kiến: chữ viết tắt, dấu gạch ngang và 7 ký tự chữ, số (không có chữ O, I, L và số 0, 1).',
  notFound: 'Không tìm thấy ý kiến với mã này. Vui lòng kiểm tra lại mã.',
  capped: 'Đang có quá nhiều lượt tra cứu. Vui lòng thử lại sau 1 phút.',
  failed: 'Chưa tra cứu được lúc này. Vui lòng thử lại sau ít phút.',
  /** Shown as the reply while a reply other rows hold too cannot yet be masked with all their senders. */
  replyUpdating: 'Nội dung trả lời đang được cập nhật. Vui lòng tra cứu lại sau ít phút.',
} as const;
