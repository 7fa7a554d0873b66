/**
 * Opinions as residents type them, each with the exact text that may leave the committee's inbox.
 * "mask" cases carry personal data in one of its everyday spellings; "keep" cases carry numbers and words that only
 * look like it (dates, times, money, house numbers, codes, laws) and must come out unchanged.
 */
import { PLACEHOLDERS, type SenderContact } from '../../../src/core/privacy/mask';

export interface CorpusCase {
  kind: 'mask' | 'keep';
  text: string;
  expected: string;
  sender?: SenderContact;
}

const P = PLACEHOLDERS.phone;
const E = PLACEHOLDERS.email;
const ID = PLACEHOLDERS.id;
const HC = PLACEHOLDERS.passport;
const TK = PLACEHOLDERS.account;
const TEN = PLACEHOLDERS.name;
const DC = PLACEHOLDERS.address;
const MXH = PLACEHOLDERS.social;
const PLATE = PLACEHOLDERS.plate;

function mask(text: string, expected: string, sender?: SenderContact): CorpusCase {
  return { kind: 'mask', text, expected, sender };
}

function keep(text: string, sender?: SenderContact): CorpusCase {
  return { kind: 'keep', text, expected: text, sender };
}

const LAN: SenderContact = {
  name: 'Nguyễn Thị Lan',
  phone: '0912 345 678',
  email: 'lan.nguyen@gmail.com',
  address: 'Số 12 ngõ 34 Hàng Bông',
};
const AN: SenderContact = { name: 'Nguyễn Văn An' };
const HUNG: SenderContact = { name: 'Trần Văn Hùng', phone: '+84 988 777 666', address: '25 Lê Lợi, tổ 7' };
const MAI: SenderContact = {
  name: 'Phạm Thị Mai',
  phone: '0987 654 321',
  email: 'mai.pham@yahoo.com',
  address: 'Số 8 ngách 45/2 ngõ 120 Trần Duy Hưng',
};

/** 4,000 characters of mixed scripts, with look-alike pieces (full-width digits, "＠", "(at)", "chấm"). */
const MIXED_SCRIPTS = ((): string => {
  const pieces = [
    'Đường',
    ' 日本語',
    ' 한국어',
    ' русский',
    ' العربية',
    ' हिन्दी',
    ' ไทย',
    ' 😀👍🏽',
    ' ０１２３',
    ' ＠',
    ' ﬁ',
    ' e\u0301',
    '\u200b',
    ' (at) ',
    ' chấm ',
  ];
  let text = '';
  for (let i = 0; text.length < 4000; i++) text += pieces[(i * 7) % pieces.length];
  return text.slice(0, 4000);
})();

export const CORPUS: CorpusCase[] = [
  // --- Mobile phone numbers, every grouping and separator --------------------------------------------------------
  mask('Đèn đường ngõ 15 hỏng cả tuần, ai cần thì gọi tôi 0912345678.', `Đèn đường ngõ 15 hỏng cả tuần, ai cần thì gọi tôi ${P}.`),
  mask('SĐT: 0912 345 678, gọi giờ hành chính giúp tôi.', `SĐT: ${P}, gọi giờ hành chính giúp tôi.`),
  mask('Liên hệ 0912.345.678 để cán bộ xuống kiểm tra.', `Liên hệ ${P} để cán bộ xuống kiểm tra.`),
  mask('Số của tôi là (+84) 912-345-678 nhé.', `Số của tôi là ${P} nhé.`),
  mask('Số điện thoại 84 912345678, tổ 3.', `Số điện thoại ${P}, tổ 3.`),
  mask('Gọi 091 234 5678 nếu cần thêm ảnh.', `Gọi ${P} nếu cần thêm ảnh.`),
  mask('Gọi ０９１２３４５６７８ giúp tôi, nước ngập quá.', `Gọi ${P} giúp tôi, nước ngập quá.`),
  mask('sđt 0912-345-678 (chồng tôi)', `sđt ${P} (chồng tôi)`),
  mask('Điện thoại 0912_345_678, cảm ơn ạ.', `Điện thoại ${P}, cảm ơn ạ.`),
  mask('Số: 0912/345/678', `Số: ${P}`),
  mask('số 0912,345,678 nhé anh', `số ${P} nhé anh`),
  mask('Zalo +84912345678 có ảnh hiện trường.', `Zalo ${P} có ảnh hiện trường.`),
  mask('Gọi +84 (0) 912 345 678 buổi tối.', `Gọi ${P} buổi tối.`),
  mask('Hotline nhà tôi 0084 912 345 678', `Hotline nhà tôi ${P}`),
  mask('Số cũ 0383 456 789, số mới 0777.888.999.', `Số cũ ${P}, số mới ${P}.`),
  mask('0912345678/0987654321 gọi số nào cũng được', `${P}/${P} gọi số nào cũng được`),
  mask('sđt0912345678nhé', `sđt${P}nhé`),
  mask('Gọi (0) 912 345 678 hoặc nhắn tin.', `Gọi ${P} hoặc nhắn tin.`),
  mask('Năm 2025 tôi đã đổi sang số 0868 123 456.', `Năm 2025 tôi đã đổi sang số ${P}.`),
  mask('SDT: 09 12 34 56 78', `SDT: ${P}`),
  mask('Gọi tôi (0912345678) trước 9h.', `Gọi tôi (${P}) trước 9h.`),
  mask('Số 0912\u00a0345\u00a0678 của con trai tôi.', `Số ${P} của con trai tôi.`),
  mask('Số 0912\u200b345678 (có ký tự ẩn).', `Số ${P} (có ký tự ẩn).`),
  mask('Điện thoại: ０９１２．３４５．６７８', `Điện thoại: ${P}`),
  mask('Dòng 1\n0912345678\nDòng 3', `Dòng 1\n${P}\nDòng 3`),
  mask('Số máy 0523 456 789 (Vietnamobile).', `Số máy ${P} (Vietnamobile).`),
  mask('Gọi số 0912 345 678 lúc 19:45 tối nay.', `Gọi số ${P} lúc 19:45 tối nay.`),
  mask('Ngày 12/10/2024 tôi đã gọi 0912345678 mà không ai nghe.', `Ngày 12/10/2024 tôi đã gọi ${P} mà không ai nghe.`),
  mask('Bạn tôi ở Mỹ: +1 202 555 0123.', `Bạn tôi ở Mỹ: ${P}.`),
  mask('Gọi 0912 (345) 678 nhé.', `Gọi ${P} nhé.`),
  mask('Số 091,234,5678 nhé', `Số ${P} nhé`),
  mask('Gọi (+84)912345678 sau 17h.', `Gọi ${P} sau 17h.`),
  mask('Số 0912345678', `Số ${P}`),
  mask('0912.345.678 - 0987.654.321', `${P} - ${P}`),

  // --- Landlines -------------------------------------------------------------------------------------------------
  mask('Máy bàn nhà tôi 024 3825 1234, gọi giờ hành chính.', `Máy bàn nhà tôi ${P}, gọi giờ hành chính.`),
  mask('Máy bàn (024) 3825 1234.', `Máy bàn ${P}.`),
  mask('Số bàn 0236 3822 123 ở Đà Nẵng.', `Số bàn ${P} ở Đà Nẵng.`),
  mask('Điện thoại cố định 028.3829.1234', `Điện thoại cố định ${P}`),
  mask('Gọi 02438251234 gặp chị Hoa.', `Gọi ${P} gặp chị Hoa.`),
  mask('(+84) 24 3825 1234 là số cơ quan tôi.', `${P} là số cơ quan tôi.`),
  mask('Máy bàn 024_3825_1234 hoặc 024/3825/1234.', `Máy bàn ${P} hoặc ${P}.`),
  mask('Gọi (0)24 3825 1234 giờ hành chính.', `Gọi ${P} giờ hành chính.`),
  mask('Gọi (+84) (0) 24 3825 1234.', `Gọi ${P}.`),
  mask('Máy bàn (024)-3825-1234, máy lẻ 12.', `Máy bàn ${P}, máy lẻ 12.`),

  // --- Citizen ID (CCCD) and old ID (CMND) -----------------------------------------------------------------------
  mask('Tôi gửi kèm cccd 0010 9501 2345 để xác minh.', `Tôi gửi kèm cccd ${ID} để xác minh.`),
  mask('CMND: 123 456 789 cấp năm 2010.', `CMND: ${ID} cấp năm 2010.`),
  mask('CCCD 001203004567, ở tổ 5.', `CCCD ${ID}, ở tổ 5.`),
  mask('Căn cước công dân số 079187654321.', `Căn cước công dân số ${ID}.`),
  mask('Số định danh cá nhân: 034 090 001 234', `Số định danh cá nhân: ${ID}`),
  mask('Chứng minh nhân dân 012.345.678 bị mất.', `Chứng minh nhân dân ${ID} bị mất.`),
  mask('Bản sao căn cước 001-095-012-345 gửi kèm.', `Bản sao căn cước ${ID} gửi kèm.`),
  mask('cmnd123456789', `cmnd${ID}`),
  mask('Số CCCD của tôi là 0010 9501 2345, ghi giúp.', `Số CCCD của tôi là ${ID}, ghi giúp.`),
  mask('Gửi kèm bản sao 001099012345 và đơn.', `Gửi kèm bản sao ${ID} và đơn.`),
  mask('Mã 001 095 012 345 trên thẻ bị mờ.', `Mã ${ID} trên thẻ bị mờ.`),
  mask('CCCD: ０３４０９０００１２３４', `CCCD: ${ID}`),
  mask('Thẻ căn cước của tôi số 2345 6789 0123 đã hết hạn.', `Thẻ căn cước của tôi số ${ID} đã hết hạn.`),
  mask('CMT 234567891 do công an tỉnh cấp.', `CMT ${ID} do công an tỉnh cấp.`),
  mask('Gửi kèm bản sao 0010-9501-2345.', `Gửi kèm bản sao ${ID}.`),
  mask('Số thẻ 001.095.012.345 nhé.', `Số thẻ ${ID} nhé.`),
  mask('Bản photo 123 456 789 đã nộp.', `Bản photo ${ID} đã nộp.`),
  mask('CCCD: 00 10 95 01 23 45', `CCCD: ${ID}`),

  // --- Passport --------------------------------------------------------------------------------------------------
  mask('Hộ chiếu số C1234567, tôi đang ở nước ngoài.', `Hộ chiếu số ${HC}, tôi đang ở nước ngoài.`),
  mask('Passport: B9876543', `Passport: ${HC}`),
  mask('Số hộ chiếu: N2345678 (hết hạn 2030).', `Số hộ chiếu: ${HC} (hết hạn 2030).`),
  mask('Hộ chiếu của mẹ tôi: 12345678', `Hộ chiếu của mẹ tôi: ${HC}`),
  mask('hộ chiếu: C 1234567', `hộ chiếu: ${HC}`),
  mask('Passport no. B-9876543 đã nộp.', `Passport no. ${HC} đã nộp.`),

  // --- Bank accounts ---------------------------------------------------------------------------------------------
  mask('Số tài khoản 1903 6543 2100 12 Techcombank, tên chủ hộ.', `Số tài khoản ${TK} Techcombank, tên chủ hộ.`),
  mask('STK: 0011004123456 Vietcombank', `STK: ${TK} Vietcombank`),
  mask('Tài khoản ngân hàng BIDV số 12010000123456.', `Tài khoản ngân hàng BIDV số ${TK}.`),
  mask('Hoàn tiền qua TK 123-456-789-012 giúp tôi.', `Hoàn tiền qua TK ${TK} giúp tôi.`),
  mask('stk MB 0912345678 chủ tài khoản Lan', `stk MB ${TK} chủ tài khoản Lan`),
  mask('Số TK: 19.03.654.321.0012', `Số TK: ${TK}`),
  mask('Số tài khoản: 1903-6543-2100-12 ACB', `Số tài khoản: ${TK} ACB`),
  // A bank's name alone before the number.
  mask('Nhờ chuyển giúp vào Vietcombank 0011004123456, chủ hộ Lan.', `Nhờ chuyển giúp vào Vietcombank ${TK}, chủ hộ Lan.`),
  mask('Ngân hàng BIDV 12510000123456 tên Trần Văn B.', `Ngân hàng BIDV ${TK} tên Trần Văn B.`),
  mask('MB Bank 0912345678999', `MB Bank ${TK}`),
  keep('Vietcombank 15.000.000 đồng đã nhận, chuyển khoản 15000000 cho phường rồi.'),
  keep('Cây ATM Vietcombank ở số 45 phố Huế hỏng từ 12/10/2024.'),
  keep('Ngân hàng Agribank chi nhánh số 12 Lê Lợi đóng cửa lúc 16h30.'),
  mask('tk vcb 0011 0041 23456', `tk vcb ${TK}`),

  // --- E-mail addresses, also written to dodge filters -----------------------------------------------------------
  mask('Email của tôi là nguyenvana@gmail.com.', `Email của tôi là ${E}.`),
  mask('Gửi thư về nguyenvana (a) gmail chấm com giúp tôi.', `Gửi thư về ${E} giúp tôi.`),
  mask('liên hệ abc [at] yahoo [dot] com', `liên hệ ${E}`),
  mask('Mail: abc＠gmail.com', `Mail: ${E}`),
  mask('email tran.thi.b @ gmail . com', `email ${E}`),
  mask('hòm thư: lanhuong a còng gmail chấm com nhé', `hòm thư: ${E} nhé`),
  mask('gửi về minh at outlook dot com', `gửi về ${E}`),
  mask('Email: Nguyen.Van.A@Example.COM.VN, cảm ơn.', `Email: ${E}, cảm ơn.`),
  mask('thư abc(at)phuong.hanoi.gov.vn', `thư ${E}`),
  mask('Gửi kết quả về ｎｇｕｙｅｎ＠ｙａｈｏｏ．ｃｏｍ', `Gửi kết quả về ${E}`),
  mask('gmail của tôi: hoa.tran99 (a còng) gmail (chấm) com', `gmail của tôi: ${E}`),
  mask('Thư: abc+gopy@yahoo.com.vn, xin cảm ơn', `Thư: ${E}, xin cảm ơn`),
  mask('thư abc＠gmail．com nhé', `thư ${E} nhé`),
  mask('lan [at] gmail chấm vn', E),
  mask('nguyenvana (at) gmail (dot) com', E),
  mask('Thư về hoa at gmail chấm com', `Thư về ${E}`),

  // --- Zalo and Facebook -----------------------------------------------------------------------------------------
  mask('Xem ảnh ở fb.com/nguyen.van.a nhé.', `Xem ảnh ở ${MXH} nhé.`),
  mask('Facebook: https://www.facebook.com/lan.nguyen.1990', `Facebook: ${MXH}`),
  mask('Nhắn zalo.me/0912345678 để nhận video.', `Nhắn ${MXH} để nhận video.`),
  mask('zalo: 0912345678', `zalo: ${P}`),
  mask('fb của tôi là nguyenvana.88, inbox nhé', `fb của tôi là ${MXH}, inbox nhé`),
  mask('Zalo: lanhuong88', `Zalo: ${MXH}`),
  mask('face @tranthib_hn có clip', `face ${MXH} có clip`),
  mask('Nick facebook: hung.tran.1975', `Nick facebook: ${MXH}`),
  mask('Zalo của tôi: tranthib.hn', `Zalo của tôi: ${MXH}`),
  mask('fb: facebook.com/profile.php?id=100012345678', `fb: ${MXH}`),
  mask('Vào zalo.me/g/abcxyz123 nhóm tổ 5.', `Vào ${MXH} nhóm tổ 5.`),

  // --- Numbers spelled out in words, or typed one digit at a time ---------------------------------------------------
  mask('Gọi tôi không chín một hai ba bốn năm sáu bảy tám nhé.', `Gọi tôi ${P} nhé.`),
  mask('SĐT: KHÔNG CHÍN MỘT HAI, BA BỐN NĂM, SÁU BẢY TÁM', `SĐT: ${P}`),
  mask('sdt khong chin mot hai - ba bon nam - sau bay tam', `sdt ${P}`),
  mask('Số tôi tám tư chín một hai ba bốn năm sáu bảy tám.', `Số tôi ${P}.`),
  mask('Gọi 0912 ba bốn năm 678 giúp.', `Gọi ${P} giúp.`),
  mask('CCCD không không một không chín năm không một hai ba bốn năm', `CCCD ${ID}`),
  mask('Gọi chín một hai ba bốn năm sáu bảy tám.', `Gọi ${P}.`, LAN),
  mask('Số: 0 9 8 8 7 7 7 6 6 6, gọi tối.', `Số: ${P}, gọi tối.`),
  keep('Một hai ba bốn năm sáu bảy tám chín mười, đếm mãi không hết ổ gà.'),
  keep('Ba năm không ai sửa, tám chín hộ bị ảnh hưởng, không một ai trả lời.'),
  keep('Năm 2024 có ba bốn lần mất điện, năm nay hai ba lần.'),
  keep('Tổ 1, 2, 3, 4, 5, 6, 7, 8, 9 đều mất nước.'),
  keep('Ngày 1 2 3 4 5 6 7 8 9 10 tháng 12 đều mất nước.'),

  // --- Licence plates (basic personal data in Decree 13/2023/NĐ-CP): the full text stays in the Sheet for staff ------
  mask('Biển số xe 29A-123.45 đỗ chắn lối đi.', `Biển số xe ${PLATE} đỗ chắn lối đi.`),
  mask('Xe 30G-456.78 chạy tốc độ 80 km/h.', `Xe ${PLATE} chạy tốc độ 80 km/h.`),
  mask('Xe máy 29-B1 123.45 chạy ngược chiều, xe 29LD-123.45 chở vật liệu.', `Xe máy ${PLATE} chạy ngược chiều, xe ${PLATE} chở vật liệu.`),
  mask('Ô tô 51G12345 đỗ cả đêm, BKS 29A-1234 cũ.', `Ô tô ${PLATE} đỗ cả đêm, BKS ${PLATE} cũ.`),
  mask('XE BIỂN 29A1-12345 ĐỖ CHẮN CỔNG', `XE BIỂN ${PLATE} ĐỖ CHẮN CỔNG`),
  keep('Tòa 12A 1205 và phòng 20A 12345 bị dột, lô 12C 12345 bỏ hoang.'),
  keep('Quốc lộ 1A km 12+500, số 12B ngõ 45, kiốt 12A 3 chợ, xe 16 chỗ.'),

  // --- The sender's own contact fields ----------------------------------------------------------------------------
  mask('Tôi là Nguyễn Thị Lan ở tổ 5, đề nghị sửa đường.', `Tôi là ${TEN} ở tổ 5, đề nghị sửa đường.`, LAN),
  mask('Người gửi: nguyen thi lan', `Người gửi: ${TEN}`, LAN),
  mask('NGUYỄN THỊ LAN kính gửi Ủy ban', `${TEN} kính gửi Ủy ban`, LAN),
  mask('Mọi người gọi tôi là Thị Lan.', `Mọi người gọi tôi là ${TEN}.`, LAN),
  mask('Ký tên: Nguyễn  Thị   Lan', `Ký tên: ${TEN}`, LAN),
  mask('Ký tên: NguyenThiLan', `Ký tên: ${TEN}`, LAN),
  mask('Nhà tôi ở số 12, ngõ 34, Hàng Bông bị nứt tường.', `Nhà tôi ở ${DC} bị nứt tường.`, LAN),
  mask('Địa chỉ: SỐ 12 NGÕ 34 HÀNG BÔNG', `Địa chỉ: ${DC}`, LAN),
  mask('Gọi lại cho tôi theo số 0912.345.678.', `Gọi lại cho tôi theo số ${P}.`, LAN),
  mask('Trả lời qua LAN.NGUYEN@GMAIL.COM giúp.', `Trả lời qua ${E} giúp.`, LAN),
  mask('Tôi, Trần Văn Hùng, nhà 25 Lê Lợi, tổ 7 phản ánh tiếng ồn.', `Tôi, ${TEN}, nhà ${DC} phản ánh tiếng ồn.`, HUNG),
  mask('tran van hung, sdt 0988777666', `${TEN}, sdt ${P}`, HUNG),
  mask('Văn Hùng gửi ý kiến', `${TEN} gửi ý kiến`, HUNG),
  mask('Tôi là Lê Thị Mai (Mai), gọi 0988 777 666', `Tôi là ${TEN} (Mai), gọi ${P}`, { name: 'Lê Thị Mai', phone: '0988777666' }),
  mask('Ký tên Trần Văn Hóa', `Ký tên ${TEN}`, { name: 'Trần Văn Hóa' }),
  mask('Tôi là Hoàng Anh, đường tối quá.', `Tôi là ${TEN}, đường tối quá.`, { name: 'Hoàng Anh' }),
  mask('Facebook tên Lan Nguyễn, có ảnh.', `Facebook tên ${TEN}, có ảnh.`, LAN),
  mask('Gửi từ: thi_lan', `Gửi từ: ${TEN}`, LAN),
  mask('Tôi, Nguyễn Văn An, tổ 5 gửi. Ông Nguyễn Văn An xin trả lời.', `Tôi, ${TEN}, tổ 5 gửi. Ông ${TEN} xin trả lời.`, {
    name: 'Ông Nguyễn Văn An (tổ 5)',
  }),
  mask('Số nội bộ 12345678 của tôi', `Số nội bộ ${P} của tôi`, { phone: '12345678' }),
  mask('Liên hệ 091.234.5678', `Liên hệ ${P}`, { phone: '0912345678' }),
  mask('Liên hệ +84 91 234 5678', `Liên hệ ${P}`, { phone: '0912345678' }),
  mask('Máy bàn (024)38251234', `Máy bàn ${P}`, { phone: '024 3825 1234' }),
  mask('Số nội bộ 1234-5678', `Số nội bộ ${P}`, { phone: '12345678' }),
  mask('Liên hệ NGUYEN.A@GMAIL.COM', `Liên hệ ${E}`, { email: 'nguyen.a@gmail.com' }),
  mask('thư nguyen.a (a) gmail.com', `thư ${E}`, { email: 'nguyen.a@gmail.com' }),
  mask('Nhà tôi ở so 12 ngo 34 hang bong.', `Nhà tôi ở ${DC}.`, LAN),
  mask('A gọi 0912345678', `A gọi ${P}`, { name: 'A', phone: '0912345678' }),
  // Her own address retyped without "Số", or with "phố", "đường", "số nhà" added.
  mask('Nhà tôi ở 12 ngõ 34 Hàng Bông bị nứt tường.', `Nhà tôi ở ${DC} bị nứt tường.`, LAN),
  mask('Nhà tôi ở số 12 ngõ 34 phố Hàng Bông bị nứt tường.', `Nhà tôi ở ${DC} bị nứt tường.`, LAN),
  mask('Tôi ở số nhà 12, ngõ 34, đường Hàng Bông.', `Tôi ở số nhà ${DC}.`, LAN),
  mask('Ở 25 đường Lê Lợi tổ 7, đêm nào cũng ồn.', `Ở ${DC}, đêm nào cũng ồn.`, HUNG),
  mask('Nhà tôi, số 8 ngách 45/2 ngõ 120 phố Trần Duy Hưng, bị nứt.', `Nhà tôi, ${DC}, bị nứt.`, MAI),

  // --- The sender's name: any run of two or more consecutive syllables, in the name's order -------------------------
  mask('Anh Nguyễn Văn ở tổ 5 đã ký đơn.', `Anh ${TEN} ở tổ 5 đã ký đơn.`, AN),
  mask('Chữ ký: Văn An', `Chữ ký: ${TEN}`, AN),
  mask('NGUYEN VAN gửi ý kiến về rác.', `${TEN} gửi ý kiến về rác.`, AN),
  mask('Người gửi: nguyen_van', `Người gửi: ${TEN}`, AN),
  mask('Ký: van.an', `Ký: ${TEN}`, AN),
  mask('Đường Nguyễn Văn Cừ và phố Trần Văn Lai đều ngập.', `Đường ${TEN} Cừ và phố Trần Văn Lai đều ngập.`, AN),
  mask('Chị Nguyễn Thị Hoa ở tổ 5 cũng phản ánh việc này.', `Chị ${TEN} Hoa ở tổ 5 cũng phản ánh việc này.`, LAN),
  mask('Người gửi: Nguyễn Thị', `Người gửi: ${TEN}`, LAN),
  mask('Nhà văn hóa khu 3 bị dột.', `Nhà ${TEN} khu 3 bị dột.`, { name: 'Lê Văn Hóa' }),
  mask('Nhà văn hóa tổ 5 xuống cấp.', `Nhà ${TEN} tổ 5 xuống cấp.`, { name: 'Trần Văn Hóa' }),
  mask('Thị trấn và thị xã đều có chợ.', `Thị trấn và ${TEN} đều có chợ.`, { name: 'Lê Thị Xã' }),
  mask('Phong trào xây dựng nếp sống văn minh đô thị.', `Phong trào xây dựng nếp sống ${TEN} đô thị.`, { name: 'Lê Văn Minh' }),
  mask('Con gái tôi là Thanh Tâm, học lớp 5.', `Con gái tôi là ${TEN}, học lớp 5.`, { name: 'Tôn Nữ Thanh Tâm' }),
  mask('Ký tên: Tôn Nữ Thanh', `Ký tên: ${TEN}`, { name: 'Tôn Nữ Thanh Tâm' }),
  mask('Hòa Bình Minh gửi.', `${TEN} gửi.`, { name: 'Trần Hòa Bình Minh' }),
  mask('Ảnh do Nam Anh chụp.', `Ảnh do ${TEN} chụp.`, { name: 'Nguyễn Việt Nam Anh' }),
  mask('Ký: Lê Thị', `Ký: ${TEN}`, { name: 'Lê Thị A' }),
  mask('Ý kiến của An Nguyễn, tổ 2.', `Ý kiến của ${TEN}, tổ 2.`, AN),

  // --- Several kinds in one opinion ------------------------------------------------------------------------------
  mask(
    'Tôi tên Lan, CCCD 001095012345, sđt 0912345678, email lan@gmail.com, phản ánh rác ở ngõ 34.',
    `Tôi tên Lan, CCCD ${ID}, sđt ${P}, email ${E}, phản ánh rác ở ngõ 34.`,
  ),
  mask(
    'Ngày 12/10/2024 lúc 7h30 tôi nộp 1.500.000 đồng, biên lai gửi qua zalo 0912 345 678.',
    `Ngày 12/10/2024 lúc 7h30 tôi nộp 1.500.000 đồng, biên lai gửi qua zalo ${P}.`,
  ),
  mask('Mã HB-7KQ4M2X, liên hệ 0912345678', `Mã HB-7KQ4M2X, liên hệ ${P}`),
  mask(
    'Theo Nghị định 13/2023/NĐ-CP, xin đừng đăng số 0912 345 678 của tôi.',
    `Theo Nghị định 13/2023/NĐ-CP, xin đừng đăng số ${P} của tôi.`,
  ),
  mask('CCCD 001095012345 0912345678', `CCCD ${ID} ${P}`),
  mask('Hộ chiếu C1234567, STK 0011004123456', `Hộ chiếu ${HC}, STK ${TK}`),

  // --- Dates and times -------------------------------------------------------------------------------------------
  keep('Sự việc xảy ra ngày 12/10/2024 lúc 19:45.'),
  keep('Từ 12-10-2024 đến 15-10-2024 không có nước.'),
  keep('Ngày 5 tháng 3 năm 2025, đường ngập sâu 40 cm.'),
  keep('Ngày 05/10/2024 09:30 tổ họp.'),
  keep('Từ 05/10/2024 - 09/10/2024 thi công.'),
  keep('Ngày 05.03.2025 có 3 hộ bị ngập.'),
  keep('Từ 2025-03-12 đến 2025-03-15 mất điện.'),
  keep('Lúc 7h30 sáng và 17h45 chiều xe rác mới đến.'),
  keep('Giờ mở cửa 07:30 - 11:30 và 13:30 - 17:00.'),
  keep('Tháng 3/2025 đã báo, đến tháng 10/2025 vẫn chưa sửa.'),
  keep('Ngày 01/02/2025 08:00 đến 02/02/2025 17:00.'),
  keep('Năm 2020-2025 giai đoạn này khu dân cư đã mở rộng.'),
  keep('Lúc 07:30 ngày 12/10 họp tổ.'),
  keep('9 giờ 15 phút sáng mất điện.'),

  // --- Money -----------------------------------------------------------------------------------------------------
  keep('Tôi đã nộp 1.500.000 đồng tiền vệ sinh.'),
  keep('Phí gửi xe 2 triệu một năm là quá cao.'),
  keep('Mỗi hộ góp 500k sửa đường.'),
  keep('Dự án 1,5 tỷ mà làm ẩu.'),
  keep('Hỗ trợ 500.000.000 đồng năm 2025.'),
  keep('Mức phạt từ 2.000.000 đến 3.000.000 đồng.'),
  keep('Kinh phí 500000000 đồng, đã giải ngân 250000000 đ.'),
  keep('Tiền điện tăng 12,5% so với năm ngoái.'),
  keep('Giá 15.000đ/kg rau, 120.000 VNĐ/con gà.'),
  keep('Chuyển khoản 2.000.000đ phí hội, có biên lai.'),
  keep('Quỹ còn 12.345.678 đồng.'),
  keep('Tổng 3.500.000đ và 5.000.000 VND, 1,2 tỷ đồng.'),
  keep('Đóng 2 triệu 500 nghìn và 150k.'),
  keep('Số tiền 123.456.789 chưa hoàn lại.'),
  keep('Đóng 1.200.000 đồng/năm tiền rác.'),

  // --- Place descriptions and counts -----------------------------------------------------------------------------
  keep('Nhà tôi ở số 12 ngõ 34 phố Hàng Bông.'),
  keep('Nhà số 5 ngách 12/3 bị sụt lún.'),
  keep('Đoạn km 12+500 quốc lộ 1A bị sụt lún.'),
  keep('Tổ dân phố 5 có 120 hộ, 450 nhân khẩu, tỷ lệ 95%.'),
  keep('Diện tích 0,5 ha, chiều dài 1.200 m.'),
  keep('Lô đất ở thửa số 123, tờ bản đồ số 45.'),
  keep('Hẻm 42/7/3 đường Nguyễn Trãi ngập nước.'),
  keep('Các tổ 1, 2, 3, 4, 5, 6, 7, 8, 9 đều bị ảnh hưởng.'),
  keep('Số nhà 03, 05, 07, 09, 11 mất điện.'),
  keep('Tòa nhà 25 tầng, 300 căn hộ, 2 tầng hầm.'),
  keep('Phòng 1203 tòa B2 bị thấm nước.'),
  keep('Kiệt 64/12 Hùng Vương, tổ 8.'),
  keep('Khu phố 3 có 1250 người và 312 hộ.'),
  keep('Cây số 123456 trên đường sắt cũ.'),
  keep('Ngõ 34 ngách 12 hẻm 5 tổ 7.'),
  keep('Năm 2024 có 15 vụ, 1.250 hộ.'),
  keep('Có 12 345 người dân.'),
  keep('Mã bưu chính 100000.'),

  // --- Codes and numbers of laws ---------------------------------------------------------------------------------
  keep('Mã theo dõi HB-7KQ4M2X, đề nghị trả lời sớm.'),
  keep('Tôi đã gửi GY-2345678 và GY-ABCDEFG trước đó.'),
  keep('Căn cứ Điều 12 Nghị định 13/2023/NĐ-CP.'),
  keep('Theo Luật số 91/2025/QH15 về bảo vệ dữ liệu cá nhân.'),
  keep('Quyết định số 123/QĐ-UBND ngày 12/03/2025.'),
  keep('Kiến nghị số 07/2025 và công văn 1234/UBND-VP.'),
  keep('Thông tư 01/2024/TT-BTC quy định mức phí.'),
  keep('Mã số thuế của công ty 0101234567 xây trái phép.'),
  keep('Đường dây nóng 1900 1234 và 1800 1090 không ai nghe.'),
  keep('Gọi 113, 114, 115 khi khẩn cấp.'),
  keep('Khoản 2 Điều 5 Luật 91/2025/QH15.'),
  keep('Điều 9 khoản 3 điểm a Nghị định 100/2019/NĐ-CP.'),
  keep('Điều 12 Luật Đất đai 2024 và Điều 101 Bộ luật Dân sự.'),
  keep('Mã HB-7KQ4M2X và GY-ABC2345 đã gửi.'),
  keep('Biên lai số 0001234 ngày 5/3.'),

  // --- Everyday opinions with numbers that are not personal ------------------------------------------------------
  keep('Cống bị vỡ từ ngày 5/12/2026, đến nay vẫn chưa ai xuống xem.'),
  keep('Tổ trưởng hẹn 05-12-2026 họp dân nhưng lại hoãn.'),
  keep('Ngày 5 tháng 12 năm ngoái phường đã hứa sửa đường.'),
  keep('Họp tổ dân phố hôm 5.12.2026 chưa thống nhất được mức đóng góp.'),
  keep('Từ tháng 11/2026 xe rác không vào ngõ nữa.'),
  keep('ngay 5/12/2026 nuoc mat ca ngay, de nghi phuong kiem tra'),
  keep('NGÀY 15/01/2027 ĐƯỜNG VẪN NGẬP, ĐỀ NGHỊ XỬ LÝ GẤP!'),
  keep('Mất nước từ 05/12/2026-07/12/2026 mà không báo trước.'),
  keep('TỪ 05.12.2026-07.12.2026 CẮT ĐIỆN CẢ NGÀY.'),
  keep('Từ 05-07/12/2026 cấm đường, xe máy phải đi vòng.'),
  keep('Đêm 05/12/2026-19h45 có tiếng nổ ở trạm biến áp.'),
  keep('Đơn nộp từ 02/01/2026, hẹn 20/01/2026 trả kết quả mà giờ chưa có.', LAN),
  keep('Xe rác đến lúc 7h30 sáng, đúng giờ mọi người đi làm.'),
  keep('Tối nào cũng ồn từ 22h-23h, con nhỏ không ngủ được.'),
  keep('Xe tải chạy từ 19:45 đến 5:30 sáng hôm sau.'),
  keep('Lúc 7 giờ sáng và 5 giờ chiều đường tắc cứng.'),
  keep('luc 21h45 toi qua van con hat karaoke'),
  keep('Bộ phận một cửa chỉ làm việc 7h30–11h30, chiều 13h30–17h.'),
  keep('Mỗi hộ phải đóng 1.500.000 đồng để làm đường, nhiều nhà không đủ tiền.', MAI),
  keep('Tiền gửi xe tăng lên 1,5 triệu một năm là quá cao.'),
  keep('Phí vệ sinh 300.000đ/hộ/năm nhưng rác vẫn để qua đêm.'),
  keep('Công trình 12 tỷ mà mới làm xong đã nứt.'),
  keep('moi ho dong 2 trieu ma chua thay cong khai thu chi'),
  keep('Kinh phí 980 000 000 đồng cho 350 m cống là quá cao.'),
  keep('Tiền nước tháng 10 là 487.500đ, gấp đôi tháng trước.'),
  keep('Đèn đường trước số 12 ngõ 34 hỏng đã hai tuần.'),
  keep('Đèn đường trước số 12 ngõ 34 hỏng đã hai tuần.', LAN),
  keep('Phố Hàng Bông tối quá, ngõ 34 cũng vậy.', LAN),
  keep('Đường Trần Duy Hưng đoạn ngõ 120 ngập sâu.', MAI),
  // A short address ("Số 5 ngõ 7") masks only as typed: "tổ 5 ngõ 7" is a group and a lane.
  keep('Tổ 5 ngõ 7 bị ngập.', { address: 'Số 5 ngõ 7' }),
  keep('Ngách 12/3 không có đèn, tối đi rất sợ.'),
  keep('Hẻm 45/6/2 ngập sau mỗi trận mưa.'),
  keep('Kiệt 12 Ông Ích Khiêm có cây sắp đổ.'),
  keep('Tổ 5 và tổ dân phố 12 dùng chung một bãi rác tự phát.'),
  keep('KHU PHỐ 3 ĐỀ NGHỊ LẮP THÊM CAMERA AN NINH.'),
  keep('Đoạn km 12+500 QL1A có ổ gà rất nguy hiểm.'),
  keep('Vỉa hè đường 3/2 bị chiếm làm chỗ để xe.'),
  keep('Căn hộ A-12-05 bị thấm nước từ tầng trên xuống.'),
  keep('Phòng 1203 nhà B thường xuyên mất nước vào buổi tối.'),
  keep('Nhà 27 hẻm 181/14 Lê Văn Sỹ bị nứt tường do công trình bên cạnh.'),
  keep('Ngõ 120 Trần Duy Hưng ngập sâu 0,5 m sau trận mưa tối qua.', MAI),
  keep('Có 3 hộ xả nước thải ra mương chung, mùi rất khó chịu.'),
  keep('Xe 2,5 tấn vẫn chạy vào ngõ cấm xe trên 1,5 tấn.'),
  keep('Trời 40 độ mà mất điện cả buổi chiều.'),
  keep('Đo được 120 dB lúc quán hát, vượt xa mức cho phép.'),
  keep('Mẹ tôi 82 tuổi phải đi bộ 2 km ra trạm y tế.'),
  keep('Từ năm 1998 đến nay con mương chưa được nạo vét lần nào.'),
  keep('Chỉ 30% hộ được hỏi ý kiến về dự án mở rộng đường.'),
  keep('Tôi đã gửi góp ý mã HB-7KQ4M2X mà chưa thấy trả lời.', HUNG),
  keep('Mã gy-3fh8p2k tra cứu vẫn báo đang xử lý.'),
  keep('Căn cứ Điều 12 Nghị định 13/2023/NĐ-CP, đề nghị không công khai ý kiến của tôi.'),
  keep('Luật số 91/2025/QH15 đã có hiệu lực, phường cần làm đúng.'),
  keep('Quyết định 1234/QĐ-UBND về thu phí chưa được niêm yết.'),
  keep('Công văn số 567/UBND-VP gửi tổ dân phố từ lâu mà chưa triển khai.'),
  keep('Theo Thông tư 01/2024/TT-BTP thì hồ sơ phải trả trong 3 ngày.'),
  keep('Kế hoạch số 234/KH-UBND ngày 5/12/2026 chưa phổ biến tới dân.'),
  keep('Cháy ở chợ, gọi 114 mãi mới thông.'),
  keep('Gọi 113 thì bảo báo công an phường, gọi 115 thì xe đến muộn.'),
  keep('Tổng đài 1022 của thành phố tiếp nhận nhưng chưa xử lý.'),
  keep('Đường dây nóng 1900 1234 của điện lực không ai bắt máy.'),
  keep('Tuyến xe buýt số 32 và 09 không dừng ở điểm gần chợ.'),
  keep('Lớp 5A3 và lớp 9/2 trường THCS học ca chiều quá đông.'),
  keep('Đề nghị phường tăng cường kiểm tra việc đổ trộm phế thải ban đêm.'),
  keep('de nghi phuong som sua den duong, toi qua toi'),
  keep('CÔNG TRÌNH THI CÔNG KHÔNG CHE CHẮN, BỤI BAY VÀO NHÀ DÂN.'),
  keep('Ngày mai cán bộ phường có xuống kiểm tra không ạ?', MAI),
  keep('Chó thả rông không rọ mõm trong khu dân cư.', HUNG),
  keep('Chị Lan tổ trưởng nói ngày 12/12/2026 sẽ họp bàn việc thu phí 50.000đ/khẩu.', LAN),
  keep('Thiếu sân chơi cho trẻ em, đề nghị dùng khu đất trống làm vườn hoa.', AN),

  // --- Keywords without personal data ----------------------------------------------------------------------------
  keep('Tôi chưa có CCCD gắn chip, làm ở đâu?'),
  keep('Làm căn cước mất 2 tuần, cấp ngày 12/10/2024.'),
  keep('Thủ tục hộ chiếu cần 200.000 đồng lệ phí.'),
  keep('Không có tài khoản ngân hàng thì nộp 500.000 đồng tiền mặt được không?'),
  keep('Liên hệ qua Zalo của phường được không?'),
  keep('Trang Facebook của phường đăng tin chậm.'),
  keep('Tôi @ phường hôm qua mà không gặp ai.'),
  keep('Xin cảm ơn ạ. Chấm điểm dịch vụ công rất chậm.'),
  keep('Tôi gặp anh ấy at home, ở nhà văn hóa.'),
  keep('Các mục (a) đường, (b) cống, (c) đèn đều hỏng.'),
  keep('Tài khoản Zalo của tôi bị khóa 2 ngày.'),
  keep('STK của phường ghi sai, đề nghị kiểm tra.'),

  // --- The sender's fields must not over-reach -------------------------------------------------------------------
  keep('Cán bộ Lan lấn chiếm vỉa hè để bán hàng.', { name: 'Lan' }),
  keep('Chị Lan và ông Nguyễn ở tổ 5 đều đồng ý.', LAN),
  keep('Hàng xóm lấn chiếm lối đi chung.', LAN),
  keep('Vấn đề an toàn giao thông ở ngõ 34.', { name: 'An' }),
  keep('Ngõ 34 Hàng Bông rất tối.', LAN),
  keep('Bà A ở tổ 3 hay đổ rác.', { name: 'A' }),
  keep('Mục a b c của đơn đã đủ.', { name: 'A B' }),
  keep('Phường Bình Thuận có nhiều cây xanh.', { name: 'Bình Thu' }),
  keep('Lê Lợi là con đường đẹp.', { name: 'Lợi', address: 'Lê' }),
  keep('Tổ 7 mất điện từ 25 đến 27.', HUNG),
  keep('Trần nhà văn phòng bị dột.', HUNG),

  keep('Văn bản số 5 nói về an toàn ở đường Nguyễn Trãi và phố Văn Cao.', AN),
  keep('Bình an cho ông bà, ông Nguyễn ở tổ 5 cũng đồng ý.', { name: 'Ông Nguyễn Văn An' }),
  keep('Chị Lan ở tổ 3, anh An ở tổ 4.', { name: 'Chị Nguyễn Thị Lan' }),
  keep('Hòa bình và ổn định là mong muốn chung.', { name: 'Trần Hòa Bình Minh' }),
  keep('Việt Nam có 34 tỉnh, thành phố.', { name: 'Nguyễn Việt Nam Anh' }),
  keep('Về quê Hà Nam ăn Tết.', { name: 'Hà Nam Khánh' }),
  keep('Văn hóa ứng xử nơi công cộng cần cải thiện.', { name: 'Nguyễn Văn' }),
  keep('Văn An là tên quán, không phải người.', { name: 'Văn' }),
  keep('Ông Lê và bà Thị đều ở tổ 2.', { name: 'Lê Thị A' }),
  keep('Thị trường ở chợ đầu mối họp sớm.', { name: 'Lê Thị Xã' }),

  // --- Other scripts and oddities --------------------------------------------------------------------------------
  keep('Người nước ngoài thuê nhà: 日本語のテキスト, 한국어, русский текст.'),
  keep('Dấu câu lạ: «…» — – ‘’ “” ¿¡ §¶'),
  keep('Tôi đã chờ 3 tháng, 15 ngày, 4 giờ.'),
  keep('Đã có [số điện thoại] và [email] trong văn bản cũ.'),
  keep('Diện tích 45 m², giá 1.234.567 đồng/m².'),
  keep('Tỷ lệ 1/2, 3/4, 5/6 hộ đồng ý.'),

  // --- Bad input: digits and separators only, mixed scripts, a single-letter name ---------------------------------
  keep('0 1 2 3 4 5 6 7 8 9 10 11 12'),
  keep('12/10/2024 19:45 1.500.000'),
  keep('--- /// ... ,,, ___ ((( ))) [[ ]]'),
  keep('1234567890123456789012345'),
  // One digit at a time, a mobile number is still a mobile number; a longer count is not.
  mask('0 9 1 2 3 4 5 6 7 8', P),
  keep('0 9 1 2 3 4 5 6 7 8 9 10'),
  keep(MIXED_SCRIPTS, LAN),
  mask(`${MIXED_SCRIPTS} Nguyễn Thị Lan 0912345678`, `${MIXED_SCRIPTS} ${TEN} ${P}`, LAN),
  keep('Chị Lan và A ở tổ 3, anh An đồng ý.', { name: 'A' }),
];
