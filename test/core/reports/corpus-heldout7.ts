/**
 * The seventh held-out corpus, written before the last change to the grouping (the one made on the sixth corpus)
 * and committed before it, so that change could not be fitted to it. Problems none of the earlier corpora had as
 * issues, in everyday writing with and without diacritics: a burst water main at two places, building materials
 * piled on a lane, mosquitoes and dengue at two places, the ward loudspeaker at dawn, motorbike thefts at two
 * places, and dust from lorries carrying soil; 20 unrelated opinions, several close to an issue (a new water
 * connection, a building permit on the same lane, a loudspeaker that cannot be heard, a vaccine question, a lost
 * wallet, a swept street).
 */

import { CAT, type CorpusRow, type ExpectedGroup, type RowSpec, buildCorpus } from './corpus';

const SPECS: RowSpec[] = [
  // 1–7: a burst water main, Lê Lợi street (KDC01) and lane 60 (KDC02): a theme
  [
    'pipe',
    'KDC01',
    CAT.infra,
    'Ống nước máy trên đường Lê Lợi bị vỡ, nước phun lên mặt đường mấy ngày nay, lãng phí quá.',
    { status: 'Đã trả lời', reply: 'Công ty cấp nước đã thay đoạn ống vỡ trên đường Lê Lợi ngày 9/4.' },
  ],
  ['pipe', 'KDC01', CAT.infra, 'ong nuoc vo truoc so 25 Le Loi, nuoc chay lenh lang ca tuan chua ai sua'],
  ['pipe', 'KDC01', CAT.infra, 'Vỡ đường ống cấp nước đoạn Lê Lợi, nhiều nhà bị mất nước sinh hoạt.', { status: 'Trùng lặp', dupOf: [1] }],
  ['pipe', 'KDC01', CAT.infra, 'BỂ ỐNG NƯỚC ĐƯỜNG LÊ LỢI, NƯỚC TRÀN RA ĐƯỜNG'],
  ['pipe', 'KDC02', CAT.infra, 'Ngõ 60 ống nước bị rò rỉ, nước chảy thành dòng, đường lúc nào cũng ướt.'],
  ['pipe', 'KDC02', CAT.infra, 'ngo 60 vo ong nuoc may, de nghi bao cong ty nuoc sach den sua'],
  ['pipe', 'KDC02', CAT.infra, 'Đường ống nước ở ngõ 60 bục từ hôm thứ ba, vòi nhà tôi yếu hẳn.'],
  // 8–13: building materials piled on lane 9, KDC03 (an issue of one place)
  ['materials', 'KDC03', CAT.order, 'Nhà đang xây ở ngõ 9 đổ cát, gạch chiếm hết nửa lối đi.'],
  ['materials', 'KDC03', CAT.order, 'vat lieu xay dung do ra ngo 9 ca thang nay, xe may khong qua duoc'],
  ['materials', 'KDC03', CAT.order, 'Đống cát đá trước công trình ngõ 9 không che chắn, gió thổi bay vào nhà dân.'],
  ['materials', 'KDC03', CAT.order, 'Đề nghị nhắc chủ công trình ngõ 9 dọn vật liệu ra khỏi lối đi chung.', { kind: 'Kiến nghị' }],
  ['materials', 'KDC03', CAT.order, 'NGÕ 9 GẠCH CÁT ĐỔ ĐẦY ĐƯỜNG, TỐI VỀ SUÝT NGÃ'],
  ['materials', 'KDC03', CAT.order, 'ngõ 9 bị lấn hết lối đi vì vật liệu xây nhà, trẻ con đi học phải đi vòng', { status: 'Đang xử lý' }],
  // 14–20: mosquitoes and dengue, KDC02 and KDC04: a theme
  ['dengue', 'KDC02', CAT.health, 'Khu dân cư số 2 muỗi nhiều quá, đã có 3 người bị sốt xuất huyết.'],
  ['dengue', 'KDC02', CAT.health, 'de nghi phuong phun thuoc diet muoi, trong xom co chau bi sot xuat huyet phai nam vien'],
  ['dengue', 'KDC02', CAT.health, 'Muỗi vằn đốt cả ngày, sợ dịch sốt xuất huyết lan rộng.'],
  ['dengue', 'KDC04', CAT.health, 'Tổ 4 có ca sốt xuất huyết mà chưa thấy ai đến phun muỗi.'],
  ['dengue', 'KDC04', CAT.health, 'muoi nhieu lam, toi nao cung phai dot nhang muoi, nghe noi co nguoi bi sot xuat huyet'],
  ['dengue', 'KDC04', CAT.health, 'Xin phường tổ chức phun hóa chất diệt muỗi cho khu dân cư số 4.', { kind: 'Kiến nghị' }],
  ['dengue', 'KDC04', CAT.health, 'SỐT XUẤT HUYẾT ĐANG TĂNG, ĐỀ NGHỊ DIỆT LĂNG QUĂNG, PHUN MUỖI'],
  // 21–26: the ward loudspeaker at dawn, KDC04 (an issue of one place)
  ['speaker', 'KDC04', CAT.gov, 'Loa phát thanh phường bật từ 5 giờ sáng, âm lượng quá to, người già mất ngủ.'],
  ['speaker', 'KDC04', CAT.gov, 'loa phuong keu to qua, sang som da phat lam ca nha thuc giac'],
  ['speaker', 'KDC04', CAT.gov, 'Đề nghị vặn nhỏ loa truyền thanh ở đầu tổ 4 và phát muộn hơn.', { kind: 'Kiến nghị' }],
  ['speaker', 'KDC04', CAT.gov, 'Cái loa gắn trên cột điện trước nhà tôi ồn ghê gớm mỗi sáng.'],
  ['speaker', 'KDC04', CAT.gov, 'LOA PHÁT THANH SÁNG SỚM QUÁ ỒN'],
  [
    'speaker',
    'KDC04',
    CAT.gov,
    'loa phát thanh phường sáng nào cũng ầm ầm, con nhỏ đang ngủ giật mình khóc',
    { status: 'Đã trả lời', reply: 'Đã điều chỉnh giờ phát và âm lượng loa tổ 4.' },
  ],
  // 27–33: motorbike thefts at night, KDC01 and KDC03: a theme
  ['theft', 'KDC01', CAT.security, 'Đêm qua nhà tôi bị trộm mất xe máy dựng trong sân, đã khóa cổng.'],
  ['theft', 'KDC01', CAT.security, 'tuan nay khu nay mat 2 chiec xe may ban dem, de nghi cong an tang cuong tuan tra'],
  ['theft', 'KDC01', CAT.security, 'Trộm bẻ khóa dắt xe máy ngay trước cửa lúc 2 giờ sáng.'],
  ['theft', 'KDC03', CAT.security, 'Ngõ 9 liên tiếp mất trộm xe máy, dân lo lắng lắm.'],
  ['theft', 'KDC03', CAT.security, 'xe may de trong nha van bi trom be khoa lay mat, lan thu 3 trong thang'],
  ['theft', 'KDC03', CAT.security, 'Đề nghị lắp camera đầu ngõ vì trộm xe máy quá nhiều.', { kind: 'Kiến nghị' }],
  ['theft', 'KDC03', CAT.security, 'NHÀ TÔI MẤT XE MÁY ĐÊM THỨ 7'],
  // 34–40: dust from lorries carrying soil, Võ Văn Kiệt (KDC01) (an issue of one place)
  ['dust', 'KDC01', CAT.env, 'Xe tải chở đất chạy trên đường Võ Văn Kiệt làm rơi vãi đất, bụi bay mù mịt.'],
  ['dust', 'KDC01', CAT.env, 'bui qua, xe ben cho dat khong phu bat, dat roi day duong Vo Van Kiet'],
  ['dust', 'KDC01', CAT.env, 'Nhà mặt đường Võ Văn Kiệt ngày nào cũng lau bụi mấy lần vì xe chở đất.'],
  ['dust', 'KDC01', CAT.env, 'Đề nghị kiểm tra các xe ben chở đất không che phủ gây bụi.', { kind: 'Kiến nghị' }],
  ['dust', 'KDC01', CAT.env, 'XE CHỞ ĐẤT RƠI VÃI, BỤI KHÔNG THỞ NỔI'],
  ['dust', 'KDC01', CAT.env, 'đường Võ Văn Kiệt bụi đất từ xe tải, trẻ con ho suốt'],
  ['dust', 'KDC01', CAT.env, 'xe ben chay dem lam roi dat cat, sang ra duong bui bam day'],
  // 41–60: unrelated opinions
  [null, 'KDC02', CAT.infra, 'Xin hướng dẫn thủ tục lắp đồng hồ nước cho nhà mới xây.', { kind: 'Góp ý' }],
  [null, 'KDC03', CAT.land, 'Nhà tôi ở ngõ 9 muốn xin giấy phép sửa nhà thì nộp hồ sơ ở đâu?', { kind: 'Góp ý' }],
  [null, 'KDC01', CAT.gov, 'Loa phát thanh ở tổ 1 bị hỏng, không nghe được thông báo của phường.'],
  [null, 'KDC02', CAT.health, 'Trạm y tế có tiêm vắc xin cúm cho người già không?', { kind: 'Góp ý' }],
  [null, 'KDC04', CAT.security, 'Tôi đánh rơi ví ở chợ, ai nhặt được xin báo công an phường.'],
  [null, 'KDC01', CAT.env, 'Cảm ơn công nhân vệ sinh quét đường Lê Lợi rất sạch sẽ.', { kind: 'Góp ý' }],
  [null, 'TRUSO', CAT.admin, 'Cán bộ tư pháp hướng dẫn nhiệt tình, xin biểu dương.', { kind: 'Góp ý' }],
  [null, 'KDC03', CAT.welfare, 'Mẹ tôi 80 tuổi chưa được nhận tiền trợ cấp tuổi cao tháng này.'],
  [null, 'KDC04', CAT.order, 'Quán nhậu đầu tổ 4 kê bàn ghế ra vỉa hè.'],
  [null, 'KDC02', CAT.infra, 'Nắp hố ga ngõ 60 bị kênh, xe đi qua kêu lạch cạch.'],
  [null, 'KDC01', CAT.order, 'Biển quảng cáo của cửa hàng điện thoại trên đường Lê Lợi che khuất tầm nhìn.'],
  [null, 'KDC03', CAT.health, 'Đề nghị trường mầm non cho các cháu rửa tay bằng xà phòng trước khi ăn.', { kind: 'Kiến nghị' }],
  [null, 'TRUSO', CAT.gov, 'Đề nghị công khai kết quả tiếp công dân hàng tháng.', { kind: 'Kiến nghị' }],
  [null, 'KDC04', CAT.env, 'Nhà hàng xóm nuôi gà trong nhà, mùi hôi bay sang.'],
  [null, 'KDC02', CAT.other, 'Xin tổ chức lớp học bơi hè cho thiếu nhi.', { kind: 'Góp ý' }],
  [null, 'KDC01', CAT.security, 'Có nhóm thanh niên tụ tập uống rượu ở bãi đất trống đến khuya.'],
  [null, 'KDC03', CAT.infra, 'Cột điện đầu ngõ 9 bị nghiêng sau trận gió.'],
  [null, 'KDC04', CAT.land, 'Hàng xóm xây tường lấn sang đất nhà tôi 20 phân.'],
  [null, 'KDC02', CAT.welfare, 'Gia đình tôi thuộc hộ cận nghèo, xin hỏi có được cấp thẻ bảo hiểm y tế không?', { kind: 'Góp ý' }],
  [null, 'TRUSO', CAT.admin, 'Máy photo ở bộ phận một cửa hỏng, phải ra ngoài phô tô.'],
];

export const HELDOUT7_CORPUS: CorpusRow[] = buildCorpus('TS', SPECS, Date.UTC(2025, 3, 1));

export const HELDOUT7_EXPECTED: ExpectedGroup[] = [
  { truth: 'pipe', category: CAT.infra, count: 7, places: ['KDC01', 'KDC02'] },
  { truth: 'materials', category: CAT.order, count: 6, places: ['KDC03'] },
  { truth: 'dengue', category: CAT.health, count: 7, places: ['KDC02', 'KDC04'] },
  { truth: 'speaker', category: CAT.gov, count: 6, places: ['KDC04'] },
  { truth: 'theft', category: CAT.security, count: 7, places: ['KDC01', 'KDC03'] },
  { truth: 'dust', category: CAT.env, count: 7, places: ['KDC01'] },
];
