/**
 * The fifth held-out corpus, written after the fourth one had been measured, the lexicon improved on it and the
 * default threshold (0.41) frozen a fourth time. Measured then: 5 of its 6 issues exact, no wrong pair, 9 missed
 * pairs (two flooding opinions about the drains). It was then used to improve the lexicon (flooding and drains as
 * one problem, manhole covers apart), so it is no longer held out. It follows the acceptance check's own description
 * as plainly as possible: 40 opinions about six common ward problems (street lights, missed rubbish collection,
 * flooding, karaoke, potholes, cars parked on the sidewalk), each worded differently, with and without diacritics,
 * some across two places, and 20 unrelated opinions about everything else a ward hears.
 */

import { CAT, type CorpusRow, type ExpectedGroup, type RowSpec, buildCorpus } from './corpus';

const SPECS: RowSpec[] = [
  // 1–7: street lights out on Điện Biên Phủ (KDC01) and in lane 88 (KDC03): a theme
  ['light', 'KDC01', CAT.infra, 'Toàn bộ đèn đường trên đoạn Điện Biên Phủ từ số 100 đến 160 không sáng từ đầu tháng.'],
  ['light', 'KDC01', CAT.infra, 'den duong Dien Bien Phu tat het, ban dem xe chay rat nguy hiem'],
  ['light', 'KDC01', CAT.infra, 'Đoạn đường Điện Biên Phủ tối đen như mực vì đèn không bật, mong phường báo điện lực.'],
  ['light', 'KDC01', CAT.infra, 'Bóng đèn cao áp trước số 120 bị vỡ, dây điện lòi ra ngoài.'],
  ['light', 'KDC03', CAT.infra, 'Ngõ 88 mất điện chiếu sáng cả tuần, đi lại buổi tối phải soi đèn pin.'],
  ['light', 'KDC03', CAT.infra, 'ngo 88 den hong het roi, toi om ko thay gi'],
  ['light', 'KDC03', CAT.infra, 'Đề nghị sửa hệ thống đèn ngõ 88, tối không ai dám cho con đi học thêm về một mình.'],
  // 8–14: rubbish not collected in residential group 5, KDC02 (an issue of one place)
  ['rubbish', 'KDC02', CAT.env, 'Tổ 5 đã 4 ngày xe rác không vào lấy rác, các hộ để túi rác ngoài đường.'],
  ['rubbish', 'KDC02', CAT.env, 'rac to 5 khong ai thu, cho meo cao rach tui rac vuong vai'],
  ['rubbish', 'KDC02', CAT.env, 'Công ty môi trường bỏ không thu rác tổ 5 mà không báo, rác bốc mùi nồng nặc.'],
  ['rubbish', 'KDC02', CAT.env, 'XE RÁC KHÔNG ĐẾN TỔ 5 CẢ TUẦN'],
  ['rubbish', 'KDC02', CAT.env, 'rác nhà tôi để từ thứ 2 tới giờ không ai lấy, nắng lên hôi không chịu được', { status: 'Đang xử lý' }],
  ['rubbish', 'KDC02', CAT.env, 'Đề nghị phường yêu cầu đơn vị thu gom đến tổ 5 đúng lịch.', { kind: 'Kiến nghị' }],
  ['rubbish', 'KDC02', CAT.env, 'thu gom rac o to 5 bi bo lo, ruoi bu kin'],
  // 15–20: flooding at the Cầu Giấy junction, KDC04 (an issue of one place)
  ['flood', 'KDC04', CAT.infra, 'Ngã tư cạnh chợ Cầu Giấy mưa một lúc là thành biển nước.'],
  ['flood', 'KDC04', CAT.infra, 'mua to nga tu cho Cau Giay ngap sau 40 phan, xe may chet may hang loat'],
  ['flood', 'KDC04', CAT.infra, 'Nước ngập tràn vào các ki-ốt quanh chợ mỗi trận mưa, hàng hóa hư hỏng.'],
  ['flood', 'KDC04', CAT.infra, 'NGẬP ÚNG NGÃ TƯ CHỢ CẦU GIẤY, ĐỀ NGHỊ KHẨN TRƯƠNG XỬ LÝ', { status: 'Đã chuyển cơ quan có thẩm quyền' }],
  ['flood', 'KDC04', CAT.infra, 'cong quanh cho bi rac lap kin nen nuoc mua ko thoat duoc'],
  ['flood', 'KDC04', CAT.infra, 'Sau mưa nước đọng ở ngã tư chợ rất lâu mới rút, người đi bộ phải lội.'],
  // 21–27: karaoke, KDC01 (a café) and KDC02 (a house in lane 14): a theme
  ['karaoke', 'KDC01', CAT.security, 'Quán cà phê karaoke trên phố hát tới 1 giờ sáng, rất ồn.'],
  ['karaoke', 'KDC01', CAT.security, 'karaoke quan cafe on qua, ngay mai con toi thi ma dem khong ngu duoc'],
  ['karaoke', 'KDC01', CAT.security, 'Đề nghị kiểm tra giấy phép quán karaoke phố dưới, đêm nào cũng mở loa hết cỡ.'],
  ['karaoke', 'KDC02', CAT.security, 'Nhà số 7 ngõ 14 hát karaoke suốt buổi chiều và tối, cả ngõ chịu trận.'],
  ['karaoke', 'KDC02', CAT.security, 'ngo 14 nha nao cung hat karaoke loa keo, on ao ca ngay chu nhat'],
  ['karaoke', 'KDC02', CAT.security, 'Tiếng hát karaoke từ ngõ 14 vọng sang, người ốm không nghỉ được.'],
  ['karaoke', 'KDC02', CAT.security, 'hát karaoke ầm ĩ trong ngõ 14, nhắc nhở mãi không được'],
  // 28–33: potholes on the Láng riverside road, KDC03 (an issue of one place)
  ['pothole', 'KDC03', CAT.infra, 'Đường ven sông Láng nhiều ổ gà to như cái chậu, trời tối không nhìn thấy.'],
  ['pothole', 'KDC03', CAT.infra, 'duong ven song o ga lien tiep, xe dap xe may deu bi xoc'],
  ['pothole', 'KDC03', CAT.infra, 'Mặt đường ven sông bị vỡ thành nhiều hố sâu, đã có người ngã.'],
  ['pothole', 'KDC03', CAT.infra, 'Xin vá gấp các ổ gà đường ven sông trước khi có tai nạn.', { kind: 'Kiến nghị' }],
  ['pothole', 'KDC03', CAT.infra, 'o ga duong ven song lam em be nga xe dap chay mau dau goi'],
  ['pothole', 'KDC03', CAT.infra, 'Đường ven sông xuống cấp nghiêm trọng, lún sụt, ổ gà khắp nơi'],
  // 34–40: cars parked on the sidewalk, KDC02 (Trường Chinh) and KDC04 (around the market): a theme
  ['parking', 'KDC02', CAT.order, 'Ô tô đỗ kín vỉa hè Trường Chinh, người đi bộ phải đi xuống lòng đường.'],
  ['parking', 'KDC02', CAT.order, 'via he Truong Chinh thanh bai do o to, xe may cung dung kin'],
  ['parking', 'KDC02', CAT.order, 'Đề nghị xử lý tình trạng đỗ xe trên vỉa hè đường Trường Chinh.', { kind: 'Kiến nghị' }],
  ['parking', 'KDC02', CAT.order, 'Các gara ô tô trên Trường Chinh dùng vỉa hè làm chỗ sửa xe, rửa xe.'],
  ['parking', 'KDC04', CAT.order, 'Xung quanh chợ Cầu Giấy ô tô, xe máy đậu tràn lên vỉa hè, không còn lối đi.'],
  ['parking', 'KDC04', CAT.order, 'trong giu xe trai phep tren via he quanh cho, thu tien 10 nghin'],
  ['parking', 'KDC04', CAT.order, 'Vỉa hè quanh chợ bị chiếm làm bãi đỗ xe, xe lăn không đi qua được.'],
  // 41–60: unrelated opinions
  [null, 'KDC01', CAT.env, 'Đề nghị trồng thêm cây xanh ở vườn hoa đầu phố.', { kind: 'Kiến nghị' }],
  [null, 'KDC02', CAT.security, 'Nhà tôi vừa bị trộm mất xe đạp để trong sân.'],
  [null, 'KDC03', CAT.welfare, 'Xin hỏi thủ tục đề nghị trợ cấp cho người khuyết tật.', { kind: 'Góp ý' }],
  [null, 'TRUSO', CAT.admin, 'Cán bộ tiếp dân hẹn trả kết quả nhưng quá hạn 5 ngày vẫn chưa có.'],
  [null, 'TRUSO', CAT.admin, 'Đề nghị phường có chỗ ngồi chờ có quạt cho người dân làm thủ tục.', { kind: 'Góp ý' }],
  [null, 'KDC04', CAT.health, 'Trạm y tế phường tiêm vắc xin cho trẻ rất chu đáo, cảm ơn các y bác sĩ.', { kind: 'Góp ý' }],
  [null, 'KDC01', CAT.health, 'Trường mầm non Hoa Sen thiếu cô giáo, một lớp 45 cháu.'],
  [null, 'KDC02', CAT.land, 'Nhà số 21 tổ 5 xây thêm tầng 4 không có giấy phép.'],
  [null, 'KDC03', CAT.land, 'Đề nghị cho biết quy hoạch mở rộng đường ven sông có ảnh hưởng nhà tôi không.', { kind: 'Góp ý' }],
  [null, 'KDC04', CAT.env, 'Cơ sở giết mổ gà trong chợ xả nước thải ra cống, mùi tanh khó chịu.'],
  [null, 'KDC01', CAT.infra, 'Nắp hố ga trước số 130 Điện Biên Phủ bị kênh lên, xe đi qua kêu rầm rầm.'],
  [null, 'KDC03', CAT.security, 'Có đối tượng lạ gọi điện giả danh công an phường yêu cầu chuyển tiền.'],
  [null, 'KDC02', CAT.order, 'Biển quảng cáo của cửa hàng điện thoại trên Trường Chinh che mất biển tên đường.'],
  [null, 'KDC04', CAT.welfare, 'Gia đình tôi khó khăn, xin được xét hộ cận nghèo năm nay.', { kind: 'Kiến nghị' }],
  [null, 'TRUSO', CAT.gov, 'Đề nghị công khai kết quả tiếp xúc cử tri quý vừa rồi.', { kind: 'Kiến nghị' }],
  [null, 'KDC01', CAT.other, 'Sân chơi của khu phố cần thêm ghế đá cho người già ngồi.', { kind: 'Góp ý' }],
  [null, 'KDC03', CAT.infra, 'Cột điện trước nhà văn hóa bị nghiêng sau cơn bão.'],
  [null, 'KDC02', CAT.env, 'Nhiều hộ nuôi chim bồ câu trên sân thượng, phân rơi xuống nhà bên dưới.'],
  [null, 'KDC04', CAT.security, 'Nhóm thanh niên tụ tập đánh bài ăn tiền trong chợ sau giờ đóng cửa.'],
  [null, 'KDC03', CAT.other, 'Đài phát thanh phường đọc tin quá nhanh, người già nghe không kịp.', { kind: 'Góp ý' }],
];

export const HELDOUT5_CORPUS: CorpusRow[] = buildCorpus('CG', SPECS, Date.UTC(2025, 8, 1));

export const HELDOUT5_EXPECTED: ExpectedGroup[] = [
  { truth: 'light', category: CAT.infra, count: 7, places: ['KDC01', 'KDC03'] },
  { truth: 'rubbish', category: CAT.env, count: 7, places: ['KDC02'] },
  { truth: 'flood', category: CAT.infra, count: 6, places: ['KDC04'] },
  { truth: 'karaoke', category: CAT.security, count: 7, places: ['KDC01', 'KDC02'] },
  { truth: 'pothole', category: CAT.infra, count: 6, places: ['KDC03'] },
  { truth: 'parking', category: CAT.order, count: 7, places: ['KDC02', 'KDC04'] },
];
