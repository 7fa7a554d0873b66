/**
 * The tuning corpus: 40 opinions about 6 real issues and 20 unrelated opinions of one month.
 * The default grouping threshold was chosen on this corpus only (see the tests for the range it allows).
 */

import { CAT, type CorpusRow, type ExpectedGroup, type RowSpec, buildCorpus } from './corpus';

const ANSWER_LIGHT = 'Phường đã đề nghị Công ty chiếu sáng đô thị thay bóng đèn ngõ 12, dự kiến xong trong tuần.';
const ANSWER_RUBBISH = 'Phường đã yêu cầu đơn vị vệ sinh môi trường bổ sung chuyến thu gom rác tại ngõ 7 từ ngày 12/3.';

const SPECS: RowSpec[] = [
  // 1–5: street light at KDC01 (with 6–8 at KDC03: a theme)
  [
    'light',
    'KDC01',
    CAT.infra,
    'Đèn đường ở ngõ 12 bị hỏng gần một tuần nay, buổi tối đi lại rất tối và nguy hiểm.',
    { status: 'Đã trả lời', reply: ANSWER_LIGHT },
  ],
  ['light', 'KDC01', CAT.infra, 'den duong ngo 12 hong roi, toi den khong thay duong di, de nghi phuong cho thay bong'],
  [
    'light',
    'KDC01',
    CAT.infra,
    'Đèn chiếu sáng đầu ngõ 12 không sáng nữa, đèn đường hỏng mà chưa ai sửa.',
    { status: 'Trùng lặp', dupOf: [1] },
  ],
  ['light', 'KDC01', CAT.infra, 'ĐÈN ĐƯỜNG NGÕ 12 HỎNG, ĐỀ NGHỊ SỬA GẤP'],
  [
    'light',
    'KDC01',
    CAT.infra,
    'Cột đèn đường trước nhà văn hóa bị hỏng bóng, tối om, trẻ con đi học thêm về rất sợ.',
    { status: 'Đang xử lý' },
  ],
  ['light', 'KDC03', CAT.infra, 'Đèn đường khu tập thể C3 bị hỏng mấy hôm nay, tối không có ánh sáng.'],
  ['light', 'KDC03', CAT.infra, 'Khu C3 den duong bi hong, nhieu toi mat dien chieu sang, de nghi kiem tra'],
  ['light', 'KDC03', CAT.infra, 'Mấy bóng đèn đường dọc đường vào khu C3 bị cháy, đề nghị thay đèn mới.'],
  // 9–15: rubbish collection at KDC02 (an issue of one place)
  [
    'rubbish',
    'KDC02',
    CAT.env,
    'Rác thải ở đầu ngõ 7 không được thu gom ba ngày nay, bốc mùi hôi thối.',
    { status: 'Đã trả lời', reply: ANSWER_RUBBISH },
  ],
  ['rubbish', 'KDC02', CAT.env, 'Xe thu gom rác không đến ngõ 7, rác thải ùn ứ cả đống ở đầu ngõ.', { status: 'Trùng lặp', dupOf: [9] }],
  ['rubbish', 'KDC02', CAT.env, 'rac thai khong duoc thu gom, dong rac o dau ngo 7 boc mui qua'],
  ['rubbish', 'KDC02', CAT.env, 'ĐỀ NGHỊ THU GOM RÁC THẢI Ở NGÕ 7, ĐỂ LÂU QUÁ RỒI'],
  ['rubbish', 'KDC02', CAT.env, 'Rác không được thu gom đúng giờ, chó mèo bới rác thải vương vãi khắp ngõ 7.'],
  ['rubbish', 'KDC02', CAT.env, 'Điểm tập kết rác ở ngõ 7 quá tải, rác thải không được thu gom hàng ngày.', { status: 'Đang xử lý' }],
  ['rubbish', 'KDC02', CAT.env, 'Mấy hôm nay không có ai thu gom rác, rác thải để đầy ngõ, mùi hôi lắm.'],
  // 16–19: flooding at KDC01 (with 20–22 at KDC02: a theme)
  ['flood', 'KDC01', CAT.infra, 'Cứ mưa to là đường Nguyễn Trãi đoạn trước chợ ngập nước sâu, xe máy chết máy.'],
  ['flood', 'KDC01', CAT.infra, 'Sau mỗi trận mưa đường trước chợ bị ngập nước đến nửa bánh xe, cống thoát nước bị tắc.'],
  ['flood', 'KDC01', CAT.infra, 'mua xong la ngap nuoc truoc cho, nuoc rut rat cham, de nghi nao vet cong'],
  ['flood', 'KDC01', CAT.infra, 'ĐOẠN ĐƯỜNG TRƯỚC CHỢ NGẬP NƯỚC MỖI KHI MƯA'],
  ['flood', 'KDC02', CAT.infra, 'Ngõ 9 bị ngập nước sau mưa, nước tràn cả vào nhà dân.', { status: 'Đã chuyển cơ quan có thẩm quyền' }],
  ['flood', 'KDC02', CAT.infra, 'Mưa lớn là ngõ 9 ngập nước, cống thoát nước không tiêu kịp.'],
  ['flood', 'KDC02', CAT.infra, 'Ngo 9 ngap nuoc moi lan mua, nuoc ngap den dau goi.'],
  // 23–28: karaoke noise at KDC03 (an issue of one place)
  ['karaoke', 'KDC03', CAT.security, 'Nhà số 25 hát karaoke ồn ào đến 12 giờ đêm, người già và trẻ nhỏ không ngủ được.'],
  ['karaoke', 'KDC03', CAT.security, 'Tiếng hát karaoke ồn ào hàng đêm ở khu C3, đề nghị công an phường nhắc nhở.'],
  ['karaoke', 'KDC03', CAT.security, 'hat karaoke on ao qua khuya, loa keo keo mo het co, khong ai ngu duoc'],
  ['karaoke', 'KDC03', CAT.security, 'KARAOKE ỒN ÀO SAU 22 GIỜ, ĐỀ NGHỊ XỬ LÝ'],
  ['karaoke', 'KDC03', CAT.security, 'Gia đình cuối ngõ mở karaoke ồn ào suốt cả ngày cuối tuần, ảnh hưởng hàng xóm.'],
  ['karaoke', 'KDC03', CAT.security, 'Hát karaoke gây ồn ào, mất trật tự khu dân cư vào ban đêm.'],
  // 29–34: potholes at KDC02 (an issue of one place, same category as the flooding)
  ['pothole', 'KDC02', CAT.infra, 'Đường Lê Lợi đoạn trước trường tiểu học có nhiều ổ gà, xe máy đi qua rất dễ ngã.'],
  ['pothole', 'KDC02', CAT.infra, 'Ổ gà to giữa đường Lê Lợi, tối qua có người bị ngã xe.'],
  ['pothole', 'KDC02', CAT.infra, 'duong Le Loi co o ga lon, troi mua dong nuoc khong nhin thay, rat nguy hiem'],
  ['pothole', 'KDC02', CAT.infra, 'ĐỀ NGHỊ VÁ Ổ GÀ TRÊN ĐƯỜNG LÊ LỢI'],
  ['pothole', 'KDC02', CAT.infra, 'Mặt đường Lê Lợi xuống cấp, ổ gà chi chít, đề nghị sửa chữa.'],
  ['pothole', 'KDC02', CAT.infra, 'Nhiều ổ gà trên đường Lê Lợi trước cổng trường, học sinh đi xe đạp hay bị ngã.'],
  // 35–40: sidewalk encroachment at KDC01 and KDC02 (a theme)
  ['sidewalk', 'KDC01', CAT.order, 'Các quán ăn trên phố Hàng Gà lấn chiếm vỉa hè, người đi bộ phải xuống lòng đường.'],
  ['sidewalk', 'KDC01', CAT.order, 'Vỉa hè phố Hàng Gà bị lấn chiếm để bán hàng và để xe máy.'],
  ['sidewalk', 'KDC01', CAT.order, 'lan chiem via he lam quan nuoc, de xe kin het via he pho Hang Ga'],
  ['sidewalk', 'KDC02', CAT.order, 'Hàng quán lấn chiếm vỉa hè đường Lê Lợi, trông giữ xe trái phép.'],
  ['sidewalk', 'KDC02', CAT.order, 'LẤN CHIẾM VỈA HÈ ĐỂ ĐỖ Ô TÔ TRƯỚC CHỢ'],
  ['sidewalk', 'KDC02', CAT.order, 'Vỉa hè bị lấn chiếm làm chỗ đỗ xe, người đi bộ không có lối đi.'],
  // 41–60: unrelated opinions, several sharing words with the issues above
  [null, 'KDC01', CAT.security, 'Đề nghị lắp thêm camera an ninh ở đầu ngõ 12.'],
  [null, 'KDC02', CAT.infra, 'Cây xanh trước số nhà 40 đường Lê Lợi bị nghiêng, sợ đổ khi có bão.'],
  [null, 'KDC03', CAT.welfare, 'Gia đình tôi thuộc hộ cận nghèo nhưng chưa được cấp thẻ bảo hiểm y tế năm nay.', { kind: 'Kiến nghị' }],
  [null, 'TRUSO', CAT.admin, 'Cán bộ một cửa hướng dẫn thủ tục đăng ký khai sinh rất nhiệt tình, xin cảm ơn.', { kind: 'Góp ý' }],
  [null, 'TRUSO', CAT.admin, 'Thời gian chờ chứng thực bản sao ở bộ phận một cửa quá lâu, đề nghị bố trí thêm người.', { kind: 'Góp ý' }],
  [null, 'KDC01', CAT.health, 'Đề nghị trạm y tế phường tổ chức tiêm phòng dại cho chó mèo.', { kind: 'Kiến nghị' }],
  [null, 'KDC02', CAT.health, 'Trường mầm non thu thêm nhiều khoản ngoài quy định, phụ huynh băn khoăn.'],
  [null, 'KDC03', CAT.land, 'Nhà số 18 ngõ 4 xây dựng lấn sang phần đất chung của ngõ.'],
  [null, 'KDC01', CAT.land, 'Công trình xây dựng ở cuối phố để vật liệu bừa bãi, bụi bay mù mịt.'],
  [null, 'KDC03', CAT.env, 'Cơ sở sản xuất nhựa trong khu dân cư thải khói đen, mùi khét rất khó chịu.'],
  [null, 'KDC01', CAT.env, 'Đề nghị phường tổ chức ra quân tổng vệ sinh mương thoát nước trước mùa mưa.', { kind: 'Kiến nghị' }],
  [null, 'KDC02', CAT.security, 'Gần đây có nhiều vụ trộm xe máy vào ban đêm ở khu vực chợ.'],
  [null, 'KDC03', CAT.security, 'Thanh niên tụ tập đua xe, nẹt pô trên đường ven hồ vào tối thứ bảy.'],
  [null, 'KDC03', CAT.infra, 'Đề nghị lắp đặt thêm biển báo giảm tốc độ ở ngã ba gần trường học.', { kind: 'Kiến nghị' }],
  [null, 'KDC01', CAT.infra, 'Nắp cống trên vỉa hè ngõ 12 bị vỡ, rất dễ sụp chân.'],
  [null, 'KDC02', CAT.welfare, 'Đề nghị xem xét trợ cấp cho người cao tuổi neo đơn ở tổ dân phố số 5.', { kind: 'Kiến nghị' }],
  [null, 'TRUSO', CAT.gov, 'Đề nghị công khai kết quả sử dụng quỹ vì người nghèo của phường.', { kind: 'Kiến nghị' }],
  [null, 'KDC02', CAT.other, 'Loa phát thanh của phường phát quá sớm vào buổi sáng, đề nghị điều chỉnh giờ phát.', { kind: 'Góp ý' }],
  [null, 'KDC03', CAT.order, 'Biển quảng cáo treo trái phép trên cột điện đầu ngõ, đề nghị tháo dỡ.'],
  [null, 'KDC02', CAT.env, 'Đề nghị đặt thêm thùng rác công cộng ở khu vui chơi cho trẻ em.', { kind: 'Góp ý' }],
];

export const TUNING_CORPUS: CorpusRow[] = buildCorpus('HB', SPECS);

export const TUNING_EXPECTED: ExpectedGroup[] = [
  { truth: 'light', category: CAT.infra, count: 8, places: ['KDC01', 'KDC03'] },
  { truth: 'rubbish', category: CAT.env, count: 7, places: ['KDC02'] },
  { truth: 'flood', category: CAT.infra, count: 7, places: ['KDC01', 'KDC02'] },
  { truth: 'karaoke', category: CAT.security, count: 6, places: ['KDC03'] },
  { truth: 'pothole', category: CAT.infra, count: 6, places: ['KDC02'] },
  { truth: 'sidewalk', category: CAT.order, count: 6, places: ['KDC01', 'KDC02'] },
];
